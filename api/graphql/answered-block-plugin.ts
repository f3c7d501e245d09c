/**
 * Every response states the block(s) it answers for, and how many SQL statements it took:
 * `extensions: { answeredBlocks: ["123"], sqlStatements: 7 }`. An envelop plugin so that any
 * yoga server around the schema (the hardened one too) can keep it.
 */
import type { Plugin } from "graphql-yoga";
import type { ProvenanceContext } from "./context.js";

export function useAnsweredBlock(): Plugin<ProvenanceContext> {
  return {
    onExecute() {
      return {
        onExecuteDone({ result, args, setResult }) {
          const ctx = args.contextValue as Partial<ProvenanceContext>;
          if (!ctx.answeredBlocks || !ctx.sql || Symbol.asyncIterator in result) return;
          setResult({
            ...result,
            extensions: { ...result.extensions, answeredBlocks: [...ctx.answeredBlocks.keys()], sqlStatements: ctx.sql.statements },
          });
        },
      };
    },
  };
}
