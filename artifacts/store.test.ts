import assert from "node:assert/strict";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { keccak256, toHex } from "viem";
import { ArtifactStore, casUri, hashFromCasUri } from "./store.js";

test("the artifact store keys by keccak256 and re-checks every read", async () => {
  const root = await mkdtemp(join(tmpdir(), "artifacts-"));
  try {
    const store = new ArtifactStore(root);
    const bytes = new TextEncoder().encode("a contribution");
    const hash = await store.put(bytes);
    assert.equal(hash, keccak256(bytes));
    assert.deepEqual(await store.get(hash), bytes);
    assert.equal(hashFromCasUri(casUri(hash)), hash);

    const missing = keccak256(toHex("never stored"));
    await assert.rejects(store.get(missing), { code: "ARTIFACT_MISSING" });
    await writeFile(store.pathOf(hash), "tampered");
    await assert.rejects(store.get(hash), { code: "ARTIFACT_CORRUPT" });
    await assert.rejects(store.get("0x1234"), { code: "ARTIFACT_HASH_INVALID" });
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
