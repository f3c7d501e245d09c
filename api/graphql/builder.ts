/**
 * The Pothos builder: the context type, the scalars, and the plugins (Relay connections,
 * complexity estimates for the server's cost limit). Every type file adds to this builder.
 */
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import RelayPlugin from "@pothos/plugin-relay";
import { GraphQLError, Kind } from "graphql";
import type { ProvenanceContext } from "./context.js";

export type Hex = `0x${string}`;

export const builder = new SchemaBuilder<{
  Context: ProvenanceContext;
  DefaultFieldNullability: false;
  /** Every connection counts its matches lazily (only when `totalCount` is asked for). */
  Connection: { totalCount: () => Promise<number> };
  Scalars: {
    BigInt: { Input: bigint; Output: bigint | number | string };
    Hex: { Input: Hex; Output: string };
  };
}>({
  plugins: [RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  relay: { clientMutationId: "omit", cursorType: "String" },
  complexity: { defaultComplexity: 1, defaultListMultiplier: 10 },
});

const parseBigInt = (value: unknown): bigint => {
  if ((typeof value === "string" && /^-?\d+$/.test(value)) || (typeof value === "number" && Number.isSafeInteger(value))) return BigInt(value);
  throw new GraphQLError(`BigInt expects a decimal integer (string or number), got ${JSON.stringify(value)}`, { extensions: { code: "BAD_USER_INPUT" } });
};

builder.scalarType("BigInt", {
  description: "An integer of any size (block numbers, token amounts in wei): a decimal string in answers, a string or number in arguments.",
  serialize: (v) => String(v),
  parseValue: parseBigInt,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.INT || ast.kind === Kind.STRING) return parseBigInt(ast.value);
    throw new GraphQLError("BigInt expects an integer or a decimal string", { extensions: { code: "BAD_USER_INPUT" } });
  },
});

const parseHex = (value: unknown): Hex => {
  if (typeof value === "string" && /^0x[0-9a-fA-F]*$/.test(value)) return value.toLowerCase() as Hex;
  throw new GraphQLError(`Hex expects a 0x-prefixed hex string, got ${JSON.stringify(value)}`, { extensions: { code: "BAD_USER_INPUT" } });
};

builder.scalarType("Hex", {
  description: "0x-prefixed hex bytes (hashes, addresses), lower case in answers.",
  serialize: (v) => String(v).toLowerCase(),
  parseValue: parseHex,
  parseLiteral: (ast) => {
    if (ast.kind === Kind.STRING) return parseHex(ast.value);
    throw new GraphQLError("Hex expects a string", { extensions: { code: "BAD_USER_INPUT" } });
  },
});

builder.queryType({});

builder.globalConnectionField("totalCount", (t) =>
  t.int({ description: "Matches at the answered block, all pages together.", resolve: (connection) => connection.totalCount() }),
);
