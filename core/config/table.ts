/** The variables as the Markdown table of docs/configuration.md (`npx tsx core/config/table.ts` prints it). */
import { variables, type VariableScope, type VariableSpec } from "./variables.js";

const SCOPE_TITLE: Record<VariableScope, string> = {
  hub: "Hub processes",
  internal: "Set by the hub for the Ponder processes it starts",
  test: "Test-only",
  bench: "Bench-only",
};

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

export function configurationTable(scope: VariableScope): string {
  const rows = (Object.entries(variables) as [string, VariableSpec][])
    .filter(([, spec]) => spec.scope === scope)
    .map(([name, spec]) => {
      const deprecated = spec.deprecatedNames?.length ? ` Deprecated names still read: ${spec.deprecatedNames.map((n) => `\`${n}\``).join(", ")}.` : "";
      return `| \`${name}\` | ${cell(spec.default)} | ${cell(spec.meaning)}${deprecated} |`;
    });
  return [`### ${SCOPE_TITLE[scope]}`, "", "| variable | default | meaning |", "| --- | --- | --- |", ...rows].join("\n");
}

export function configurationTables(): string {
  return (["hub", "internal", "test", "bench"] as const).map(configurationTable).join("\n\n");
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(`${configurationTables()}\n`);
