/**
 * Point lookups, each answering as of `asOf`. An unknown id answers null with a NOT_FOUND
 * error (the client asked for a specific record that does not exist at that block); an
 * account always exists; a malformed address is BAD_USER_INPUT.
 */
import { getAddress, isAddress } from "viem";
import { builder } from "../builder.js";
import type { AsOfView, ProvenanceContext } from "../context.js";
import { BadUserInputError, NotFoundError } from "../errors.js";
import type { AsOfInput } from "../as-of.js";
import { wrap } from "../types/at.js";
import { AsOfInputRef } from "../types/evidence.js";
import * as refs from "../types/refs.js";

export function parseAddress(value: string): `0x${string}` {
  if (!isAddress(value, { strict: false })) throw new BadUserInputError(`${JSON.stringify(value)} is not an address`, { hint: "a 0x-prefixed 20-byte hex address" });
  return getAddress(value).toLowerCase() as `0x${string}`;
}

/** Loads one record at the view, or throws NOT_FOUND naming what and when. */
async function found<T>(ctx: ProvenanceContext, asOf: AsOfInput | null | undefined, what: string, load: (view: AsOfView) => Promise<T | null>) {
  const view = await ctx.view(asOf);
  const row = await load(view);
  if (!row) throw new NotFoundError(`${what} does not exist at block ${view.block.number}`, { hint: "check the id, or ask as of a later block (asOf)" });
  return wrap(view, row);
}

const asOfArg = (t: PothosSchemaTypes.QueryFieldBuilder<typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never, {}>) =>
  t.arg({ type: AsOfInputRef, required: false, description: "Answer as the chain stood at this block or time (default: the indexed head)." });

builder.queryFields((t) => ({
  model: t.field({
    type: refs.ModelRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `model ${a.id}`, (v) => v.loaders.models.model.load(a.id)),
  }),
  inference: t.field({
    type: refs.InferenceRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `inference ${a.id}`, (v) => v.loaders.attribution.inference.load(a.id)),
  }),
  datanet: t.field({
    type: refs.DatanetRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `datanet ${a.id}`, (v) => v.loaders.datanets.datanet.load(a.id)),
  }),
  contribution: t.field({
    type: refs.ContributionRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `contribution ${a.id}`, (v) => v.loaders.datanets.contribution.load(a.id)),
  }),
  trainingRun: t.field({
    type: refs.TrainingRunRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `training run ${a.id}`, (v) => v.loaders.models.trainingRun.load(a.id)),
  }),
  challenge: t.field({
    type: refs.ChallengeRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `challenge ${a.id}`, (v) => v.loaders.attribution.challenge.load(a.id)),
  }),
  proposal: t.field({
    type: refs.ProposalRef,
    nullable: true,
    args: { id: t.arg({ type: "BigInt", required: true }), asOf: asOfArg(t) },
    resolve: (_r, a, ctx) => found(ctx, a.asOf, `proposal ${a.id}`, (v) => v.loaders.governance.proposal.load(a.id)),
  }),
  account: t.field({
    type: refs.AccountRef,
    args: { address: t.arg.string({ required: true }), asOf: asOfArg(t) },
    resolve: async (_r, a, ctx) => {
      const address = parseAddress(a.address);
      return wrap(await ctx.view(a.asOf), { address });
    },
  }),
}));
