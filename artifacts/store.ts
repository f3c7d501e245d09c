/**
 * Content-addressed artifact store on a folder: the key is the keccak256 of the bytes (the
 * hash recorded on chain) and every read re-checks it, so a corrupt file is never served.
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { keccak256, type Hex } from "viem";
import { ArtifactCorruptError, ArtifactMissingError, InvalidArtifactHashError } from "./errors.js";

const HASH = /^0x[0-9a-f]{64}$/;

export function artifactHash(bytes: Uint8Array): Hex {
  return keccak256(bytes);
}

export class ArtifactStore {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  pathOf(hash: string): string {
    const key = hash.toLowerCase();
    if (!HASH.test(key)) throw new InvalidArtifactHashError(hash);
    return join(this.root, key.slice(2, 4), key.slice(2));
  }

  /** Writes atomically (temp file + rename) and returns the hash that keys the bytes. */
  async put(bytes: Uint8Array): Promise<Hex> {
    const hash = artifactHash(bytes);
    const path = this.pathOf(hash);
    if (existsSync(path)) return hash;
    await mkdir(join(path, ".."), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    await writeFile(tmp, bytes);
    await rename(tmp, path);
    return hash;
  }

  /** Writes bytes under a key they do not hash to: only for producing dishonest or test data. */
  async putUnchecked(hash: Hex, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(hash);
    await mkdir(join(path, ".."), { recursive: true });
    await writeFile(path, bytes);
  }

  async has(hash: string): Promise<boolean> {
    try {
      await stat(this.pathOf(hash));
      return true;
    } catch {
      return false;
    }
  }

  /** Throws ArtifactMissingError or ArtifactCorruptError; never returns unverified bytes. */
  async get(hash: string): Promise<Uint8Array> {
    const path = this.pathOf(hash);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await readFile(path));
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === "ENOENT") throw new ArtifactMissingError(hash, this.root);
      throw cause;
    }
    const actual = artifactHash(bytes);
    if (actual !== hash.toLowerCase()) throw new ArtifactCorruptError(hash, actual, this.root);
    return bytes;
  }

  async getText(hash: string): Promise<string> {
    return new TextDecoder().decode(await this.get(hash));
  }
}

/** `cas://0x…` URIs name artifacts on chain. */
export function casUri(hash: Hex): string {
  return `cas://${hash}`;
}

export function hashFromCasUri(uri: string): Hex | undefined {
  const m = /^cas:\/\/(0x[0-9a-fA-F]{64})$/.exec(uri);
  return m ? (m[1]!.toLowerCase() as Hex) : undefined;
}
