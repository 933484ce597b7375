package sqlite

import "database/sql"

// SQLForTest exposes the pool to this package's external tests (benchmarks
// compare the engine with raw inserts on the same file and schema).
func (db *DB) SQLForTest() *sql.DB { return db.db }
