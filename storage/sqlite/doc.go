// Package sqlite is Datenportal's embedded metadata store: catalog.Store on
// one SQLite file through the pure-Go modernc.org/sqlite driver, so the
// binary stays CGO-free. The file runs in WAL mode with one writer
// connection (SQLite allows one writer at a time, and queueing writes in
// database/sql is cheaper and fairer than retrying SQLITE_BUSY) and a pool
// of read-only connections, so reads never wait for writes. Another process
// (the admin CLI while serve runs) may open the same file: immediate write
// transactions and a busy timeout serialise it with this one. Datasets are
// kept as whole JSON documents with a few indexed columns beside them, and
// every dataset write appends its change-log entry in the same transaction.
// The schema comes from the SQL files in migrations/, embedded and applied
// in order. The package passes storage/storetest.
package sqlite
