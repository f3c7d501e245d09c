/**
 * Checks an index against the chain: every log eth_getLogs returns for the protocol has exactly
 * one event row (by transaction hash and log index) in its table and no event row lacks a log;
 * entity state equals the contracts' view functions. Returns the problems found (empty = equal).
 */
import { getAddress, type Address, type PublicClient } from "viem";
import * as abi from "../../contracts-abi/generated/index.js";
import type { Deployment, ProtocolContractName } from "../../contracts-abi/deployment.js";
import { protocolLogs } from "../../devnet/event-summary.js";
import { EVENT_ROW_TABLES, EVENT_TABLES } from "../../indexer/event-tables.js";
import { PROPOSAL_STATE_CODE, contributionStatusName, modelStatusName } from "../../indexer/statuses.js";
import type { TestIndexer } from "./ponder-indexer.js";

type EvidenceRow = { transaction_hash: string; log_index: number };

export async function reconcileLogs(indexer: Pick<TestIndexer, "query">, client: PublicClient, deployment: Deployment, toBlock: bigint): Promise<{ logs: number; problems: string[] }> {
  const nameOf = new Map<string, ProtocolContractName>();
  for (const [name, address] of Object.entries(deployment.contracts)) nameOf.set(address.toLowerCase(), name as ProtocolContractName);
  const rowsByKey = new Map<string, string[]>();
  for (const table of EVENT_ROW_TABLES) {
    for (const row of await indexer.query<EvidenceRow>(`SELECT transaction_hash, log_index FROM "${table}"`)) {
      const key = `${row.transaction_hash.toLowerCase()}-${row.log_index}`;
      rowsByKey.set(key, [...(rowsByKey.get(key) ?? []), table]);
    }
  }
  const problems: string[] = [];
  let logs = 0;
  const seen = new Set<string>();
  for await (const log of protocolLogs(client, Object.values(deployment.contracts), BigInt(deployment.startBlock), toBlock)) {
    logs++;
    const key = `${log.transactionHash.toLowerCase()}-${log.logIndex}`;
    seen.add(key);
    const contract = nameOf.get(log.address.toLowerCase());
    const expected = contract ? (EVENT_TABLES[contract] as Record<string, string>)[log.eventName] : undefined;
    const found = rowsByKey.get(key) ?? [];
    if (!expected) problems.push(`log ${key} ${contract}.${log.eventName} has no event table`);
    else if (found.length !== 1 || found[0] !== expected) problems.push(`log ${key} ${contract}.${log.eventName}: expected one row in ${expected}, found [${found.join(",")}]`);
  }
  for (const [key, tables] of rowsByKey) if (!seen.has(key)) problems.push(`row(s) in [${tables.join(",")}] for ${key} match no canonical log`);
  return { logs, problems };
}

const eq = (problems: string[], what: string, indexed: unknown, chain: unknown) => {
  const a = typeof indexed === "bigint" ? indexed.toString() : String(indexed);
  const b = typeof chain === "bigint" ? chain.toString() : String(chain);
  if (a.toLowerCase() !== b.toLowerCase()) problems.push(`${what}: indexed ${a}, chain ${b}`);
};

/** Entity tables against the contracts' view functions at the head. */
export async function reconcileEntities(indexer: Pick<TestIndexer, "query">, client: PublicClient, deployment: Deployment): Promise<string[]> {
  const c = deployment.contracts;
  const problems: string[] = [];
  const read = <T>(address: Address, contractAbi: readonly unknown[], functionName: string, args: unknown[] = []) =>
    client.readContract({ address, abi: contractAbi as never, functionName: functionName as never, args: args as never }) as Promise<T>;

  for (const d of await indexer.query(`SELECT * FROM datanet`)) {
    const onChain = await read<{ owner: string; name: string; versionCount: number; contributionCount: bigint; activeAcceptedCount: bigint }>(c.DatanetRegistry, abi.datanetRegistryAbi, "getDatanet", [BigInt(String(d.id))]);
    eq(problems, `datanet ${d.id} owner`, d.owner, onChain.owner);
    eq(problems, `datanet ${d.id} name`, d.name, onChain.name);
    eq(problems, `datanet ${d.id} versionCount`, d.version_count, onChain.versionCount);
    eq(problems, `datanet ${d.id} contributionCount`, d.contribution_count, onChain.contributionCount);
    eq(problems, `datanet ${d.id} acceptedCount`, d.accepted_count, onChain.activeAcceptedCount);
  }
  const chainDatanets = await read<bigint>(c.DatanetRegistry, abi.datanetRegistryAbi, "datanetCount");
  eq(problems, "datanet count", (await indexer.query(`SELECT count(*)::int AS n FROM datanet`))[0]!.n, chainDatanets);

  for (const row of await indexer.query(`SELECT * FROM contribution`)) {
    const onChain = await read<{ datanetId: bigint; contributor: string; contentHash: string; size: bigint; status: number }>(c.DatanetRegistry, abi.datanetRegistryAbi, "getContribution", [BigInt(String(row.id))]);
    eq(problems, `contribution ${row.id} datanet`, row.datanet_id, onChain.datanetId);
    eq(problems, `contribution ${row.id} contributor`, row.contributor, onChain.contributor);
    eq(problems, `contribution ${row.id} contentHash`, row.content_hash, onChain.contentHash);
    eq(problems, `contribution ${row.id} size`, row.size, onChain.size);
    eq(problems, `contribution ${row.id} status`, row.status, contributionStatusName(onChain.status));
  }
  eq(problems, "contribution count", (await indexer.query(`SELECT count(*)::int AS n FROM contribution`))[0]!.n, await read<bigint>(c.DatanetRegistry, abi.datanetRegistryAbi, "contributionCount"));

  for (const row of await indexer.query(`SELECT * FROM datanet_version`)) {
    const onChain = await read<{ merkleRoot: string; contributionCount: bigint; publishedAtBlock: bigint }>(c.DatanetRegistry, abi.datanetRegistryAbi, "getVersion", [BigInt(String(row.datanet_id)), Number(row.version)]);
    eq(problems, `version ${row.id} root`, row.merkle_root, onChain.merkleRoot);
    eq(problems, `version ${row.id} count`, row.contribution_count, onChain.contributionCount);
    eq(problems, `version ${row.id} members`, row.member_count, onChain.contributionCount);
    eq(problems, `version ${row.id} block`, row.block_number, onChain.publishedAtBlock);
  }

  for (const row of await indexer.query(`SELECT * FROM model`)) {
    const onChain = await read<{ owner: string; name: string; status: number; latestRunId: bigint; runCount: bigint }>(c.ModelFactory, abi.modelFactoryAbi, "getModel", [BigInt(String(row.id))]);
    eq(problems, `model ${row.id} owner`, row.owner, onChain.owner);
    eq(problems, `model ${row.id} status`, row.status, modelStatusName(onChain.status));
    eq(problems, `model ${row.id} latestRunId`, row.latest_run_id ?? 0, onChain.latestRunId);
    eq(problems, `model ${row.id} runCount`, row.run_count, onChain.runCount);
  }
  for (const row of await indexer.query(`SELECT * FROM training_run`)) {
    const onChain = await read<{ modelId: bigint; weightsHash: string; configHash: string }>(c.ModelFactory, abi.modelFactoryAbi, "getRun", [BigInt(String(row.id))]);
    eq(problems, `run ${row.id} model`, row.model_id, onChain.modelId);
    eq(problems, `run ${row.id} weights`, row.weights_hash, onChain.weightsHash);
  }
  for (const row of await indexer.query(`SELECT * FROM adapter`)) {
    const onChain = await read<{ modelId: bigint; runId: bigint; adapterHash: string }>(c.ModelFactory, abi.modelFactoryAbi, "getAdapter", [BigInt(String(row.id))]);
    eq(problems, `adapter ${row.id} run`, row.run_id, onChain.runId);
    eq(problems, `adapter ${row.id} hash`, row.adapter_hash, onChain.adapterHash);
  }

  for (const row of await indexer.query(`SELECT * FROM inference`)) {
    const onChain = await read<{ modelId: bigint; adapterId: bigint; runId: bigint; caller: string; inputHash: string; outputHash: string; fee: bigint; methodId: number }>(c.AttributionEngine, abi.attributionEngineAbi, "getInference", [BigInt(String(row.id))]);
    for (const [col, key] of [["model_id", "modelId"], ["adapter_id", "adapterId"], ["run_id", "runId"], ["caller", "caller"], ["input_hash", "inputHash"], ["output_hash", "outputHash"], ["fee", "fee"], ["method_id", "methodId"]] as const) {
      eq(problems, `inference ${row.id} ${key}`, row[col], onChain[key]);
    }
  }
  eq(problems, "inference count", (await indexer.query(`SELECT count(*)::int AS n FROM inference`))[0]!.n, await read<bigint>(c.AttributionEngine, abi.attributionEngineAbi, "inferenceCount"));

  for (const row of await indexer.query(`SELECT * FROM challenge`)) {
    const onChain = await read<{ inferenceId: bigint; challenger: string; bond: bigint; resolved: boolean; upheld: boolean }>(c.AttributionEngine, abi.attributionEngineAbi, "getChallenge", [BigInt(String(row.id))]);
    eq(problems, `challenge ${row.id} inference`, row.inference_id, onChain.inferenceId);
    eq(problems, `challenge ${row.id} bond`, row.bond, onChain.bond);
    eq(problems, `challenge ${row.id} resolved`, row.resolved, onChain.resolved);
    if (onChain.resolved) eq(problems, `challenge ${row.id} upheld`, row.upheld, onChain.upheld);
  }

  // Derived figures must agree with the event rows they summarise.
  for (const row of await indexer.query(`SELECT c.id, c.rewards_earned, c.inferences_attributed, (SELECT coalesce(sum(amount),0) FROM reward r WHERE r.contribution_id = c.id) AS paid, (SELECT count(*) FROM attribution_share s WHERE s.contribution_id = c.id) AS shares FROM contribution c`)) {
    eq(problems, `contribution ${row.id} rewardsEarned`, row.rewards_earned, row.paid);
    eq(problems, `contribution ${row.id} inferencesAttributed`, row.inferences_attributed, row.shares);
  }

  for (const row of await indexer.query(`SELECT * FROM account`)) {
    const address = getAddress(String(row.id));
    eq(problems, `account ${address} balance`, row.balance, await read<bigint>(c.OpenToken, abi.openTokenAbi, "balanceOf", [address]));
    eq(problems, `account ${address} votes`, row.votes, await read<bigint>(c.OpenToken, abi.openTokenAbi, "getVotes", [address]));
    const delegate = await read<string>(c.OpenToken, abi.openTokenAbi, "delegates", [address]);
    eq(problems, `account ${address} delegate`, row.delegate ?? "0x0000000000000000000000000000000000000000", delegate);
  }

  for (const row of await indexer.query(`SELECT * FROM proposal`)) {
    const id = BigInt(String(row.id));
    const [against, forVotes, abstain] = await read<[bigint, bigint, bigint]>(c.OpenGovernor, abi.openGovernorAbi, "proposalVotes", [id]);
    eq(problems, `proposal ${id} for`, row.for_votes, forVotes);
    eq(problems, `proposal ${id} against`, row.against_votes, against);
    eq(problems, `proposal ${id} abstain`, row.abstain_votes, abstain);
    const state = await read<number>(c.OpenGovernor, abi.openGovernorAbi, "state", [id]);
    const announced = String(row.state) as keyof typeof PROPOSAL_STATE_CODE | "created";
    if (announced !== "created") eq(problems, `proposal ${id} state`, PROPOSAL_STATE_CODE[announced], state);
    else if (![0, 1, 3, 4, 6].includes(state)) problems.push(`proposal ${id}: indexed "created" but chain state is ${state}`);
  }

  const engineParams: Record<string, () => Promise<unknown>> = {
    protocolFeePpm: () => read(c.AttributionEngine, abi.attributionEngineAbi, "protocolFeePpm"),
    modelOwnerFeePpm: () => read(c.AttributionEngine, abi.attributionEngineAbi, "modelOwnerFeePpm"),
    challengeBond: () => read(c.AttributionEngine, abi.attributionEngineAbi, "challengeBond"),
    maxContributionsPerAttribution: () => read(c.AttributionEngine, abi.attributionEngineAbi, "maxContributionsPerAttribution"),
  };
  const governorParams: Record<string, () => Promise<unknown>> = {
    votingDelay: () => read(c.OpenGovernor, abi.openGovernorAbi, "votingDelay"),
    votingPeriod: () => read(c.OpenGovernor, abi.openGovernorAbi, "votingPeriod"),
    proposalThreshold: () => read(c.OpenGovernor, abi.openGovernorAbi, "proposalThreshold"),
    quorumNumerator: () => read(c.OpenGovernor, abi.openGovernorAbi, "quorumNumerator"),
  };
  const parameterRows = await indexer.query(`SELECT * FROM protocol_parameter`);
  // every engine parameter is known from deployment on (the constructor announces its defaults)
  for (const key of Object.keys(engineParams)) {
    if (!parameterRows.some((r) => String(r.key) === key && getAddress(String(r.contract)) === c.AttributionEngine)) problems.push(`parameter ${key} of the engine is not indexed`);
  }
  for (const row of parameterRows) {
    const key = String(row.key);
    const contract = getAddress(String(row.contract));
    let chainValue: unknown;
    if (contract === c.AttributionEngine && engineParams[key]) chainValue = await engineParams[key]!();
    else if (contract === c.AttributionEngine && key.startsWith("methodEnabled:")) chainValue = (await read<boolean>(c.AttributionEngine, abi.attributionEngineAbi, "methodEnabled", [Number(key.split(":")[1])])) ? 1 : 0;
    else if (contract === c.AttributionEngine && key.startsWith("isResolver:")) chainValue = (await read<boolean>(c.AttributionEngine, abi.attributionEngineAbi, "isResolver", [getAddress(key.split(":")[1]!)])) ? 1 : 0;
    else if (contract === c.OpenGovernor && governorParams[key]) chainValue = await governorParams[key]!();
    else if (contract === c.OpenGovernor && key === "timelock") chainValue = await read(c.OpenGovernor, abi.openGovernorAbi, "timelock");
    else if (contract === c.ProtocolTimelock && key === "minDelay") chainValue = await read(c.ProtocolTimelock, abi.protocolTimelockAbi, "getMinDelay");
    else {
      problems.push(`parameter ${contract}.${key} has no view function to compare with`);
      continue;
    }
    eq(problems, `parameter ${key}`, row.value, chainValue);
  }
  return problems;
}
