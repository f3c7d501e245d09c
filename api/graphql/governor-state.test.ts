import assert from "node:assert/strict";
import { test } from "node:test";
import { governorState, type GovernorStateInput } from "./governor-state.js";

const base: GovernorStateInput = { block: 100n, voteStart: 10n, voteEnd: 20n, announced: ["created"], forVotes: 60n, againstVotes: 10n, abstainVotes: 0n, supplyAtSnapshot: 1000n, quorumNumerator: 4n };

test("governorState follows OpenZeppelin's order: executed, canceled, pending, active, defeated, succeeded, queued", () => {
  assert.equal(governorState({ ...base, announced: ["created", "queued", "executed"] }), "executed");
  assert.equal(governorState({ ...base, announced: ["created", "canceled"], block: 5n }), "canceled");
  assert.equal(governorState({ ...base, block: 10n }), "pending", "snapshot >= block is still pending");
  assert.equal(governorState({ ...base, block: 11n }), "active");
  assert.equal(governorState({ ...base, block: 20n }), "active", "deadline >= block is still active");
  assert.equal(governorState({ ...base, block: 21n }), "succeeded");
  assert.equal(governorState({ ...base, announced: ["created", "queued"] }), "queued");
  assert.equal(governorState({ ...base, forVotes: 39n }), "defeated", "below quorum (40 of 1000 at 4%)");
  assert.equal(governorState({ ...base, forVotes: 30n, abstainVotes: 10n, againstVotes: 0n }), "succeeded", "abstain counts towards quorum");
  assert.equal(governorState({ ...base, forVotes: 50n, againstVotes: 50n }), "defeated", "a tie is defeated");
});
