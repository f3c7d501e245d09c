/** The simulated participants: keys derived from the seed, so every run meets the same actors. */
import { keccak256, toHex, type Hex } from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import type { Scale } from "./scale.js";

export type Actors = {
  contributors: PrivateKeyAccount[];
  curators: PrivateKeyAccount[];
  modelBuilders: PrivateKeyAccount[];
  callers: PrivateKeyAccount[];
  holders: PrivateKeyAccount[];
};

function derive(seed: string, role: string, count: number): PrivateKeyAccount[] {
  return Array.from({ length: count }, (_, i) =>
    privateKeyToAccount(keccak256(toHex(`provenance-hub/actor/${seed}/${role}/${i}`)) as Hex),
  );
}

export function deriveActors(seed: string, scale: Scale): Actors {
  return {
    contributors: derive(seed, "contributor", scale.contributors),
    curators: derive(seed, "curator", scale.curators),
    modelBuilders: derive(seed, "model-builder", scale.modelBuilders),
    callers: derive(seed, "caller", scale.callers),
    holders: derive(seed, "holder", scale.holders),
  };
}

export function everyActor(actors: Actors): PrivateKeyAccount[] {
  return [...actors.contributors, ...actors.curators, ...actors.modelBuilders, ...actors.callers, ...actors.holders];
}
