import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { compileContracts, deployableContracts, generatedDir, renderIndex, renderModule } from "./build/compile.js";

test("the committed ABI modules equal a fresh compile of contracts-abi/src", () => {
  const compiled = compileContracts();
  for (const name of deployableContracts) {
    const committed = readFileSync(join(generatedDir, `${name}.ts`), "utf8");
    assert.equal(committed, renderModule(name, compiled[name]), `${name}.ts is stale: run npm run compile:contracts`);
  }
  assert.equal(readFileSync(join(generatedDir, "index.ts"), "utf8"), renderIndex());
});
