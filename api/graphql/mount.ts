/**
 * A plain yoga server over the provenance schema (the hardened one replaces this file's body):
 * context per request, HubError codes in extensions, the answered block in every response.
 */
import { createYoga } from "graphql-yoga";
import type { Hono } from "hono";
import { createContextFactory, type ProvenanceDeps } from "./context.js";
import { maskProvenanceError } from "./error-codes.js";
import { useAnsweredBlock } from "./answered-block-plugin.js";
import { buildProvenanceSchema } from "./schema.js";

export function mountProvenanceGraphql(app: Hono, path: string, deps: ProvenanceDeps): void {
  const context = createContextFactory(deps);
  const yoga = createYoga({
    schema: buildProvenanceSchema(),
    graphqlEndpoint: path,
    context: ({ request }) => context({ headers: request.headers }),
    maskedErrors: { maskError: maskProvenanceError },
    plugins: [useAnsweredBlock()],
    logging: false,
  });
  app.on(["GET", "POST", "OPTIONS"], path, (c) => yoga.fetch(c.req.raw));
}
