/**
 * Names (schemas, databases, tables) cannot be bound as parameters, so they are checked before
 * they are spliced into SQL: one rule for Postgres and ClickHouse alike.
 */
import { HubError } from "../errors.js";

export class InvalidIdentifierError extends HubError {
  constructor(name: string) {
    super("SQL_IDENTIFIER_INVALID", `not a plain identifier: ${JSON.stringify(name)}`, {
      hint: "schema, database and table names are letters, digits and _, not starting with a digit",
    });
  }
}

/** Returns `name` when it is a plain identifier; throws InvalidIdentifierError otherwise. */
export function assertIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new InvalidIdentifierError(name);
  return name;
}
