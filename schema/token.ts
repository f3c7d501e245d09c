/** OPEN token: accounts (balance, delegation, votes), transfers, approvals, delegation history. */
import { index, onchainTable, relations } from "ponder";
import { evidenceColumns } from "./evidence.js";

export const account = onchainTable(
  "account",
  (t) => ({
    id: t.hex().primaryKey(), // the address
    balance: t.bigint().notNull(),
    delegate: t.hex(),
    votes: t.bigint().notNull(),
    transferCount: t.integer().notNull(),
    updatedBlock: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ balanceIdx: index().on(table.balance), delegateIdx: index().on(table.delegate) }),
);

export const tokenTransfer = onchainTable(
  "token_transfer",
  (t) => ({
    id: t.text().primaryKey(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    value: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({
    fromIdx: index().on(table.from, table.blockNumber),
    toIdx: index().on(table.to, table.blockNumber),
    blockIdx: index().on(table.blockNumber),
  }),
);

export const tokenApproval = onchainTable(
  "token_approval",
  (t) => ({
    id: t.text().primaryKey(),
    owner: t.hex().notNull(),
    spender: t.hex().notNull(),
    value: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ ownerIdx: index().on(table.owner) }),
);

export const delegateChange = onchainTable(
  "delegate_change",
  (t) => ({
    id: t.text().primaryKey(),
    delegator: t.hex().notNull(),
    fromDelegate: t.hex().notNull(),
    toDelegate: t.hex().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ delegatorIdx: index().on(table.delegator) }),
);

export const delegateVotesChange = onchainTable(
  "delegate_votes_change",
  (t) => ({
    id: t.text().primaryKey(),
    delegate: t.hex().notNull(),
    previousVotes: t.bigint().notNull(),
    newVotes: t.bigint().notNull(),
    ...evidenceColumns(t),
  }),
  (table) => ({ delegateIdx: index().on(table.delegate, table.blockNumber) }),
);

export const accountRelations = relations(account, ({ many }) => ({
  transfersOut: many(tokenTransfer, { relationName: "from" }),
  transfersIn: many(tokenTransfer, { relationName: "to" }),
}));

export const tokenTransferRelations = relations(tokenTransfer, ({ one }) => ({
  fromAccount: one(account, { fields: [tokenTransfer.from], references: [account.id], relationName: "from" }),
  toAccount: one(account, { fields: [tokenTransfer.to], references: [account.id], relationName: "to" }),
}));
