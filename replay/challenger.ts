/**
 * Optional, like an optimistic verifier: for each mismatch verdict, open a challenge against the
 * inference on chain (AttributionEngine.openChallenge), approving the bond once if one is set.
 * Enabled when VERIFIER_PRIVATE_KEY is configured.
 */
import { BaseError, ContractFunctionRevertedError, createPublicClient, createWalletClient, defineChain, http, maxUint256, type Address, type Chain, type Hex } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { attributionEngineAbi, openTokenAbi } from "../contracts-abi/generated/index.js";
import type { Verdict } from "./verdicts/types.js";

const CHALLENGED: ReadonlySet<Verdict["verdict"]> = new Set(["output_mismatch", "attribution_mismatch"]);

export type ChallengerOptions = { rpcUrl: string; privateKey: Hex; engine: Address; token: Address; log?: (m: string) => void };

export function createChallenger(o: ChallengerOptions): (verdicts: readonly Verdict[]) => Promise<void> {
  const account = privateKeyToAccount(o.privateKey);
  const transport = http(o.rpcUrl);
  const publicClient = createPublicClient({ transport });
  const wallet = createWalletClient({ account, transport });
  let approved = false;
  let chain: Chain | undefined; // asked of the node once, at the first challenge
  return async (verdicts) => {
    for (const v of verdicts) {
      if (!CHALLENGED.has(v.verdict)) continue;
      try {
        chain ??= await publicClient.getChainId().then((id) => defineChain({ id, name: "rollup", nativeCurrency: { name: "ETH", symbol: "ETH", decimals: 18 }, rpcUrls: { default: { http: [o.rpcUrl] } } }));
        if (!approved) {
          const bond = await publicClient.readContract({ address: o.engine, abi: attributionEngineAbi, functionName: "challengeBond" });
          if (bond > 0n) {
            const hash = await wallet.writeContract({ chain, address: o.token, abi: openTokenAbi, functionName: "approve", args: [o.engine, maxUint256] });
            await publicClient.waitForTransactionReceipt({ hash });
          }
          approved = true;
        }
        const reason = `replay ${v.verdict} (${v.reasonCode}): ${v.reason}`.slice(0, 240);
        await publicClient.simulateContract({ account, address: o.engine, abi: attributionEngineAbi, functionName: "openChallenge", args: [v.inferenceId, reason] });
        const hash = await wallet.writeContract({ chain, address: o.engine, abi: attributionEngineAbi, functionName: "openChallenge", args: [v.inferenceId, reason] });
        o.log?.(`replay: challenged inference ${v.inferenceId} (${v.verdict}) in ${hash}`);
      } catch (error) {
        // Already challenged, no bond funds, node away: the verdict stands either way.
        o.log?.(`replay: could not challenge inference ${v.inferenceId}: ${describe(error)}`);
      }
    }
  };
}

/** The contract's own error when it reverted (`ChallengeAlreadyOpen(54, 3)`), else viem's first line. */
function describe(error: unknown): string {
  const reverted = error instanceof BaseError ? error.walk((e) => e instanceof ContractFunctionRevertedError) : null;
  if (reverted instanceof ContractFunctionRevertedError && reverted.data) return `${reverted.data.errorName}(${(reverted.data.args ?? []).map(String).join(", ")})`;
  return error instanceof Error ? error.message.split("\n")[0]! : String(error);
}
