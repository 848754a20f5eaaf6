// Package testenv lets any package's tests run on either Datenportal stack
// without knowing which: the embedded one (SQLite in a temp directory,
// files in a local temp directory) by default, or the scale-out one
// (PostgreSQL, S3) when the environment asks for it:
//
//	DATENPORTAL_TEST_STORE=postgres   with DATENPORTAL_TEST_POSTGRES_URL=postgres://…
//	DATENPORTAL_TEST_FILES=s3         with DATENPORTAL_TEST_S3_URL, _ACCESS_KEY, _SECRET_KEY
//
// Every test gets fresh, empty resources that are removed when it ends: a
// PostgreSQL schema of its own (search_path points at it, so tests run in
// parallel and repeatedly on one database), an S3 key prefix of its own in
// the test bucket. Within one test, resources are shared: calling Store
// twice gives two stores on one database, as two server instances would
// hold it, and DatabaseURL names that same database for the binary.
//
// PostgresURL and S3URL always mean the real server, for tests that are
// about it (storage/postgres, the copy command); they skip with a loud
// message when it is not configured, or fail if DATENPORTAL_REQUIRE_POSTGRES
// or DATENPORTAL_REQUIRE_S3 is 1 (CI sets them, so it cannot pass by
// skipping). Schemas are named dp_test_…; one left behind by a killed test
// run can be dropped by hand.
package testenv
