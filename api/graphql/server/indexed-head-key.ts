/**
 * The response cache's key part: the indexed head as `chainId:number:hash`. The hash makes a
 * reorg that lands back on the same height a different key. Read at most every `maxAgeMs`
 * (one SQL read, and an RPC call for a block the sync store lacks), so a cached answer may
 * outlive its head by that long at most.
 */
import { createBlockLoader, type ChainReader } from "../chain-blocks.js";
import { readIndexedHead } from "../indexed-head.js";
import { createSqlRunner, type ReadDb } from "../read-db.js";

export function indexedHeadKey(db: ReadDb, chain: ChainReader | undefined, maxAgeMs = 250): () => Promise<string> {
  let cached: { key: Promise<string>; atMs: number } | undefined;
  const read = async (): Promise<string> => {
    const sql = createSqlRunner(db);
    const head = await readIndexedHead(sql);
    if (!head) return "no-head";
    const block = await createBlockLoader(sql, head.chainId, chain).load(head.latest.number);
    return `${head.chainId}:${head.latest.number}:${block?.hash ?? head.latest.timestamp}`;
  };
  return () => {
    const now = performance.now();
    if (!cached || now - cached.atMs > maxAgeMs) {
      const key = read().catch(() => `unreadable:${now}`);
      cached = { key, atMs: now };
    }
    return cached.key;
  };
}
