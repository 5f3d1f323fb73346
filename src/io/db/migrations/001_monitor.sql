-- The monitor's tables. One dialect for PGlite and PostgreSQL; on-chain integers as NUMERIC(78, 0)
-- (uint256 fits), never as a float.

-- Every block the monitor processed, per chain: continuity (parent hash) and the reorg replacement.
CREATE TABLE monitor_blocks (
  chain TEXT NOT NULL,
  number NUMERIC(78, 0) NOT NULL,
  hash TEXT NOT NULL,
  parent_hash TEXT NOT NULL,
  time NUMERIC(78, 0) NOT NULL,
  base_fee NUMERIC(78, 0),
  PRIMARY KEY (chain, number)
);

-- A market's positions at one block: exact health factors, bands, the liquidatable list.
CREATE TABLE monitor_snapshots (
  chain TEXT NOT NULL,
  market TEXT NOT NULL,
  block NUMERIC(78, 0) NOT NULL,
  block_hash TEXT NOT NULL,
  time NUMERIC(78, 0) NOT NULL,
  bands JSONB NOT NULL,
  liquidatable JSONB NOT NULL,
  positions JSONB NOT NULL,
  PRIMARY KEY (chain, market, block)
);

-- Alerts: at most one open alert per dedupe key (the partial unique index), their history kept.
CREATE TABLE monitor_alerts (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  dedupe_key TEXT NOT NULL,
  kind TEXT NOT NULL,
  severity TEXT NOT NULL,
  chain TEXT NOT NULL,
  subject TEXT NOT NULL,
  message TEXT NOT NULL,
  details JSONB NOT NULL,
  raised_time NUMERIC(78, 0) NOT NULL,
  raised_block NUMERIC(78, 0),
  updates INTEGER NOT NULL DEFAULT 0,
  resolved_time NUMERIC(78, 0)
);
CREATE UNIQUE INDEX monitor_alerts_open_key ON monitor_alerts (dedupe_key) WHERE resolved_time IS NULL;

-- The last processed block per chain, and the reducer's state after it (restart resumes there).
CREATE TABLE monitor_cursors (
  chain TEXT PRIMARY KEY,
  number NUMERIC(78, 0) NOT NULL,
  hash TEXT NOT NULL
);
CREATE TABLE monitor_state (
  id TEXT PRIMARY KEY,
  state JSONB NOT NULL
);
