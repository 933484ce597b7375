-- The talk clock (#23): elapsed time, not a wall-clock start, so it pauses
-- while the app is closed. clock_state is '' (not started), 'running' or
-- 'stopped' (the talk reached its end). end_screen = 1 keeps the end screen
-- across a restart: such a session has ended_at set and is still the one a
-- restart resumes, until a new session supersedes it (end_screen back to 0).
ALTER TABLE sessions ADD COLUMN clock_ns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN clock_state TEXT NOT NULL DEFAULT '';
ALTER TABLE sessions ADD COLUMN end_screen INTEGER NOT NULL DEFAULT 0;
-- The story's authors (JSON list) and credits, for the exports (#23).
ALTER TABLE sessions ADD COLUMN authors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE sessions ADD COLUMN credits TEXT NOT NULL DEFAULT '';
