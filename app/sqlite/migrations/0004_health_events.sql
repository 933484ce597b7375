-- 0003: source health transitions of a session (#18), for the report's
-- incidents: one row each time a source's state changes (ok, connecting,
-- degraded, down, stopped), never one per health poll. The engine stops
-- writing after show.MaxHealthEvents rows per session.
CREATE TABLE health_events (
	id         INTEGER PRIMARY KEY,
	session_id INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
	at         INTEGER NOT NULL,
	source     TEXT    NOT NULL,
	kind       TEXT    NOT NULL DEFAULT '',
	state      TEXT    NOT NULL,
	detail     TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX health_events_session ON health_events (session_id, id);
