/**
 * Sends the simulator's transactions: signs locally (so it works against any node given a
 * private key), tracks nonces itself, and on the devnet mines each block on request with a
 * fixed timestamp step so that the same seed always yields the same blocks.
 */
import {
  BaseError,
  createPublicClient,
  decodeErrorResult,
  encodeDeployData,
  encodeFunctionData,
  getContractAddress,
  http,
  type Abi,
  type Address,
  type ContractFunctionArgs,
  type ContractFunctionName,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount, type PrivateKeyAccount } from "viem/accounts";
import { HubError } from "../core/errors.js";
import { allContractErrorsAbi } from "./protocol-abi.js";

export class TransactionRevertedError extends HubError {
  constructor(label: string, hash: Hex, reason: string) {
    super("DEVNET_TX_REVERTED", `${label} reverted in ${hash}: ${reason}`, {
      hint: "the simulator's plan and the contracts disagree; this is a bug in the simulator or the contracts",
      details: { hash, reason },
    });
  }
}

type Pending = { hash: Hex; label: string; from: Address; to: Address | null; data: Hex; gas: bigint };

export type ChainWriterOptions = {
  rpcUrl: string;
  /** Devnet: mine with evm_mine at fixed timestamp steps. Otherwise wait for the node's blocks. */
  manualMining: boolean;
  blockTimeSeconds?: number;
  gasPrice?: bigint;
};

export type MinedBlock = { number: bigint; timestamp: bigint; transactions: number };

export class ChainWriter {
  readonly client: PublicClient;
  private readonly nonces = new Map<Address, number>();
  private pending: Pending[] = [];
  private chainId: number | undefined;
  private nextTimestamp: bigint | undefined;
  private readonly blockTime: bigint;
  private gasPrice: bigint | undefined;
  transactionsSent = 0;
  blocksMined = 0;

  constructor(private readonly options: ChainWriterOptions) {
    this.client = createPublicClient({ transport: http(options.rpcUrl, { batch: { batchSize: 200, wait: 0 }, timeout: 60_000 }) });
    this.blockTime = BigInt(options.blockTimeSeconds ?? 12);
    this.gasPrice = options.gasPrice;
  }

  static account(privateKey: Hex): PrivateKeyAccount {
    return privateKeyToAccount(privateKey);
  }

  private async prepare(): Promise<void> {
    this.chainId ??= await this.client.getChainId();
    this.gasPrice ??= (await this.client.getGasPrice()) * 2n + 1_000_000_000n;
    if (this.options.manualMining && this.nextTimestamp === undefined) {
      const latest = await this.client.getBlock({ blockTag: "latest" });
      this.nextTimestamp = latest.timestamp + this.blockTime;
    }
  }

  private async nonceOf(address: Address): Promise<number> {
    let nonce = this.nonces.get(address);
    if (nonce === undefined) nonce = await this.client.getTransactionCount({ address, blockTag: "pending" });
    this.nonces.set(address, nonce + 1);
    return nonce;
  }

  private async sendRaw(account: PrivateKeyAccount, to: Address | null, data: Hex, gas: bigint, label: string, value = 0n): Promise<{ hash: Hex; nonce: number }> {
    await this.prepare();
    const nonce = await this.nonceOf(account.address);
    const serialized = await account.signTransaction({
      type: "legacy",
      chainId: this.chainId!,
      nonce,
      gas,
      gasPrice: this.gasPrice!,
      to: to ?? undefined,
      data,
      value,
    });
    const hash = await this.client.request({ method: "eth_sendRawTransaction", params: [serialized] });
    this.pending.push({ hash, label, from: account.address, to, data, gas });
    this.transactionsSent++;
    return { hash, nonce };
  }

  async write<const abi extends Abi, name extends ContractFunctionName<abi, "nonpayable" | "payable">>(
    account: PrivateKeyAccount,
    call: {
      address: Address;
      abi: abi;
      functionName: name;
      args: ContractFunctionArgs<abi, "nonpayable" | "payable", name>;
      gas?: bigint;
    },
  ): Promise<Hex> {
    const data = encodeFunctionData({ abi: call.abi, functionName: call.functionName, args: call.args } as never);
    const { hash } = await this.sendRaw(account, call.address, data, call.gas ?? 1_500_000n, String(call.functionName));
    return hash;
  }

  async sendValue(account: PrivateKeyAccount, to: Address, value: bigint): Promise<Hex> {
    return (await this.sendRaw(account, to, "0x", 21_000n, "transfer", value)).hash;
  }

  async deploy<const abi extends Abi>(
    account: PrivateKeyAccount,
    contract: { abi: abi; bytecode: Hex; args: readonly unknown[]; label: string },
  ): Promise<Address> {
    const data = encodeDeployData({ abi: contract.abi, bytecode: contract.bytecode, args: contract.args } as never);
    const { nonce } = await this.sendRaw(account, null, data, 12_000_000n, `deploy ${contract.label}`);
    return getContractAddress({ from: account.address, nonce: BigInt(nonce) });
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /**
   * Puts every pending transaction into blocks (devnet: mines them; otherwise waits for them)
   * and throws TransactionRevertedError, with the decoded custom error, if any reverted.
   */
  async mine(): Promise<MinedBlock> {
    await this.prepare();
    const sent = this.pending;
    this.pending = [];
    let last: MinedBlock | undefined;
    if (this.options.manualMining) {
      const waiting = new Set(sent.map((p) => p.hash));
      do {
        await this.client.request({ method: "evm_setNextBlockTimestamp" as never, params: [Number(this.nextTimestamp!)] as never });
        await this.client.request({ method: "evm_mine" as never, params: [] as never });
        this.nextTimestamp! += this.blockTime;
        this.blocksMined++;
        const block = await this.client.getBlock({ blockTag: "latest" });
        for (const h of block.transactions) waiting.delete(h);
        last = { number: block.number, timestamp: block.timestamp, transactions: block.transactions.length };
      } while (waiting.size > 0);
    }
    // Another node mines on its own: with nothing sent, a "block" of ours is a pause, so that
    // loops waiting for the chain (a timelock delay) let real time pass instead of spinning.
    if (!this.options.manualMining && sent.length === 0) await new Promise((r) => setTimeout(r, Math.min(Number(this.blockTime) * 1000, 1000)));
    const receipts = await Promise.all(sent.map((p) => this.client.waitForTransactionReceipt({ hash: p.hash, pollingInterval: 50 })));
    const failed = receipts.findIndex((r) => r.status !== "success");
    if (failed >= 0) throw await this.explainRevert(sent[failed]!, receipts[failed]!.blockNumber);
    if (!last) {
      const block = await this.client.getBlock({ blockTag: "latest" });
      last = { number: block.number, timestamp: block.timestamp, transactions: block.transactions.length };
    }
    return last;
  }

  /**
   * The number and timestamp the next block will have, as near as can be known: exact on the
   * devnet (we set it); on another node the latest block's successor, timed no earlier than now.
   */
  async nextBlock(): Promise<{ number: bigint; timestamp: bigint }> {
    await this.prepare();
    const latest = await this.client.getBlock({ blockTag: "latest" });
    if (this.options.manualMining) return { number: latest.number + 1n, timestamp: this.nextTimestamp! };
    const now = BigInt(Math.floor(Date.now() / 1000));
    return { number: latest.number + 1n, timestamp: now > latest.timestamp ? now : latest.timestamp + 1n };
  }

  /** Mines `count` empty blocks: lets voting periods and timelock delays pass. */
  async advanceBlocks(count: number): Promise<void> {
    for (let i = 0; i < count; i++) await this.mine();
  }

  private async explainRevert(p: Pending, blockNumber: bigint): Promise<TransactionRevertedError> {
    try {
      await this.client.call({ account: p.from, to: p.to ?? undefined, data: p.data, gas: p.gas, blockNumber: blockNumber - 1n });
      return new TransactionRevertedError(p.label, p.hash, "reverted (ran out of gas or depended on an earlier transaction of the same block)");
    } catch (error) {
      // viem nests the revert data a few causes deep; take the first cause that carries it.
      const carrier = error instanceof BaseError ? error.walk((e) => typeof (e as { data?: unknown }).data === "string") : undefined;
      const data = (carrier as { data?: Hex } | undefined)?.data;
      if (data) {
        try {
          const decoded = decodeErrorResult({ abi: allContractErrorsAbi, data });
          return new TransactionRevertedError(p.label, p.hash, `${decoded.errorName}(${decoded.args?.map(String).join(", ") ?? ""})`);
        } catch {
          // not one of ours
        }
      }
      return new TransactionRevertedError(p.label, p.hash, (error as Error).message.split("\n")[0] ?? "unknown");
    }
  }
}
