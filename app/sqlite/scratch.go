package sqlite

import (
	"context"
	"fmt"

	"forkcast/app/sqlite/dbfile"
)

// OpenScratch is Open for a throw-away database, a rehearsal walk's: the
// same schema and store code, with synchronous OFF (no fsync per commit;
// a crash loses the file, which nothing needs afterwards). A walk of a
// 50-scene talk commits thousands of simulated texts, and on a disk with a
// slow fsync, FULL made it many times slower.
func OpenScratch(path string) (*DB, error) {
	sqldb, err := dbfile.Open(path, dbfile.Options{MakeDir: true, Synchronous: "OFF", AutoCheckpoint: -1})
	if err != nil {
		return nil, err
	}
	db := &DB{db: sqldb, path: path}
	if err := db.init(context.Background()); err != nil {
		sqldb.Close()
		return nil, fmt.Errorf("open scratch database %s: %w", path, err)
	}
	db.stopCheckpoints = dbfile.Checkpoints(sqldb, checkpointEvery)
	return db, nil
}
