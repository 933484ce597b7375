-- An override's reason may be kept off the stage (the speaker's choice, #23).
ALTER TABLE polls ADD COLUMN override_private INTEGER NOT NULL DEFAULT 0;
