-- 0001: the first schema. Times are Unix nanoseconds (UTC); booleans 0/1.

CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- A session is one run of a story: live or rehearsal, never mixed. The open
-- session (ended_at NULL) of a mode and story hash is the one a restart resumes.
CREATE TABLE sessions (
	id         INTEGER PRIMARY KEY,
	mode       TEXT    NOT NULL CHECK (mode IN ('live', 'rehearsal')),
	story_file TEXT    NOT NULL,
	story_hash TEXT    NOT NULL,
	title      TEXT    NOT NULL,
	started_at INTEGER NOT NULL,
	ended_at   INTEGER,
	scene      TEXT    NOT NULL,
	slide      INTEGER NOT NULL,
	blank      INTEGER NOT NULL DEFAULT 0,
	updated_at INTEGER NOT NULL
);
CREATE INDEX sessions_open ON sessions (mode, story_hash, id) WHERE ended_at IS NULL;

-- visits is the path: one row per scene entered; Prev pops the last one.
CREATE TABLE visits (
	id         INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	scene      TEXT    NOT NULL,
	entered_at INTEGER NOT NULL,
	choice     INTEGER NOT NULL DEFAULT 0,
	decided_by TEXT    NOT NULL DEFAULT '',
	popped     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX visits_session ON visits (session_id, popped, id);

-- nav_log records every move, for the report.
CREATE TABLE nav_log (
	id         INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	at         INTEGER NOT NULL,
	action     TEXT    NOT NULL,
	scene      TEXT    NOT NULL,
	slide      INTEGER NOT NULL,
	detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX nav_log_session ON nav_log (session_id, id);

-- polls: at most one per visit. closes_at is the timer's deadline, so a
-- restart resumes the countdown where it was.
CREATE TABLE polls (
	id           INTEGER PRIMARY KEY,
	session_id   INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	visit_id     INTEGER NOT NULL UNIQUE REFERENCES visits (id) ON DELETE CASCADE,
	scene        TEXT    NOT NULL,
	kind         TEXT    NOT NULL CHECK (kind IN ('fork', 'rating')),
	state        TEXT    NOT NULL,
	choices      TEXT    NOT NULL DEFAULT '[]', -- JSON, as the poll opened
	rating_min   INTEGER NOT NULL DEFAULT 0,
	rating_max   INTEGER NOT NULL DEFAULT 0,
	timer_ns     INTEGER NOT NULL DEFAULT 0,
	grace_ns     INTEGER NOT NULL DEFAULT 0,
	policy       TEXT    NOT NULL,
	ties         TEXT    NOT NULL,
	hide_results INTEGER NOT NULL DEFAULT 0,
	opened_at    INTEGER,
	closes_at    INTEGER,
	closed_at    INTEGER,
	decided_at   INTEGER,
	winner       INTEGER NOT NULL DEFAULT 0,
	tie          TEXT    NOT NULL DEFAULT '',
	decided_by   TEXT    NOT NULL DEFAULT '',
	override     TEXT    NOT NULL DEFAULT '',
	invalid      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX polls_session ON polls (session_id, id);

-- tallies are kept incrementally with every vote: reading a count never scans votes.
CREATE TABLE tallies (
	poll_id INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
	choice  INTEGER NOT NULL,
	count   INTEGER NOT NULL,
	PRIMARY KEY (poll_id, choice)
) WITHOUT ROWID;

-- inbox: every text ever received, stored before its source acknowledges it.
-- A redelivery (same source and provider id) is a no-op.
CREATE TABLE inbox (
	id          INTEGER PRIMARY KEY,
	session_id  INTEGER REFERENCES sessions (id) ON DELETE CASCADE,
	source      TEXT    NOT NULL,
	provider_id TEXT    NOT NULL,
	voter       TEXT    NOT NULL, -- HMAC-SHA256 of the normalised number
	sender      TEXT    NOT NULL, -- masked
	text        BLOB    NOT NULL, -- raw bytes, even invalid UTF-8
	pdu         TEXT,             -- raw PDU hex; holds the number: purged with numbers
	partial     INTEGER NOT NULL DEFAULT 0,
	received_at INTEGER NOT NULL,
	stored_at   INTEGER NOT NULL,
	poll_id     INTEGER,
	result      TEXT    NOT NULL,
	choice      INTEGER NOT NULL DEFAULT 0,
	reason      TEXT    NOT NULL DEFAULT '',
	UNIQUE (source, provider_id)
);
CREATE INDEX inbox_session ON inbox (session_id, id);

-- votes: every text read as a ballot for a poll. At most one counted vote per
-- voter per poll, enforced here as well as in the engine.
CREATE TABLE votes (
	id       INTEGER PRIMARY KEY,
	poll_id  INTEGER NOT NULL REFERENCES polls (id) ON DELETE CASCADE,
	inbox_id INTEGER NOT NULL REFERENCES inbox (id) ON DELETE CASCADE,
	voter    TEXT    NOT NULL,
	choice   INTEGER NOT NULL,
	counted  INTEGER NOT NULL,
	reason   TEXT    NOT NULL DEFAULT '',
	at       INTEGER NOT NULL
);
CREATE INDEX votes_poll ON votes (poll_id, id);
CREATE UNIQUE INDEX votes_counted ON votes (poll_id, voter) WHERE counted = 1;

-- opt_outs: voters who texted STOP; no reply is ever sent to them.
CREATE TABLE opt_outs (
	voter TEXT PRIMARY KEY,
	at    INTEGER NOT NULL
) WITHOUT ROWID;

-- numbers: raw numbers, kept only while replies are on, removed by purge.
CREATE TABLE numbers (
	voter   TEXT PRIMARY KEY,
	number  TEXT    NOT NULL,
	seen_at INTEGER NOT NULL
) WITHOUT ROWID;
