/**
 * graphql-js reports a mutation (or subscription) on a schema without that root type only when
 * executing, as a 200 with `data: null`; this validation rule refuses it up front as
 * GRAPHQL_VALIDATION_FAILED, a 400, on both endpoints.
 */
import { GraphQLError, type ValidationRule } from "graphql";

export const KnownRootOperationRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (!context.getSchema().getRootType(node.operation)) {
      context.reportError(new GraphQLError(`this API has no ${node.operation} operations`, { nodes: node }));
    }
  },
});
