/** POSTs a query to the provenance API and returns data, errors and extensions as sent. */
export type GraphqlAnswer<T> = {
  data: T | null;
  errors?: { message: string; path?: string[]; extensions?: { code?: string } }[];
  extensions?: { answeredBlocks?: string[]; sqlStatements?: number };
};

export async function postGraphql<T = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>): Promise<GraphqlAnswer<T>> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GraphqlAnswer<T>;
}

/** The data of an answer that must have no errors. */
export async function queryData<T = Record<string, unknown>>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const answer = await postGraphql<T>(url, query, variables);
  if (answer.errors?.length || !answer.data) throw new Error(`GraphQL errors: ${JSON.stringify(answer.errors)}`);
  return answer.data;
}
