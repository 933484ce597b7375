-- Texts received from providers, in arrival order. id is the stream's event id:
-- AUTOINCREMENT so an id is never reused after pruning.
CREATE TABLE texts (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	provider    TEXT    NOT NULL,
	provider_id TEXT    NOT NULL,
	sender      TEXT    NOT NULL,
	recipient   TEXT    NOT NULL,
	body        TEXT    NOT NULL,
	received_ms INTEGER NOT NULL,
	acked       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (provider, provider_id)
);
-- No secondary index on purpose: each one costs every webhook a b-tree
-- insert. Reads go by rowid (id > cursor); pruning scans, every 10 minutes.

-- Small settings: the store's epoch, the acknowledged cursor, the reply policy.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Numbers that texted STOP, as keyed hashes: no reply goes to them.
CREATE TABLE optout (
	number_hash TEXT PRIMARY KEY,
	at_ms       INTEGER NOT NULL
);
