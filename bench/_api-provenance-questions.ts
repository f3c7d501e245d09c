/** The audit questions through the provenance API (/graphql): one request each. */
import type { BenchIds, Kind, Question } from "./_api-load.js";

export async function servesProvenanceSchema(url: string): Promise<boolean> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __type(name: \"Model\") { name } }" }) });
  const body = (await res.json().catch(() => ({}))) as { data?: { __type: { name: string } | null } };
  return body.data?.__type?.name === "Model";
}

export function provenanceQuestions(_ids: BenchIds): { kind: Kind; question: Question }[] {
  return [];
}
