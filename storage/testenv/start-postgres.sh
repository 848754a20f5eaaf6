#!/usr/bin/env bash
# Find or start a PostgreSQL server for the tests and print the export line
# that points them at it (DATENPORTAL_TEST_POSTGRES_URL), like
# .ci/start-s3.sh does for S3:
#
#   eval "$(storage/testenv/start-postgres.sh)"
#   go test ./storage/postgres/...
#
# 1. A server already answering on 127.0.0.1:5432 with trust auth for user
#    postgres (the go-svc machines run one) is used as is; the database
#    "test" is created if missing.
# 2. Otherwise the PostgreSQL binaries (installed with apt-get if missing)
#    run a throw-away cluster: initdb into a temp dir as user postgres,
#    trust auth, 127.0.0.1 and a free port, fsync off. Its pid and
#    directory are exported too, for cleanup:
#      pg_ctl -D "$DATENPORTAL_TEST_PG_DIR/data" -m immediate stop
#    DATENPORTAL_TEST_PG_PRIVATE=1 skips step 1.
#
# Only the export lines go to stdout; progress and errors go to stderr.
set -euo pipefail
log() { echo "start-postgres: $*" >&2; }

url_for() { echo "postgres://postgres@127.0.0.1:$1/test?sslmode=disable"; }

if [ "${DATENPORTAL_TEST_PG_PRIVATE:-}" != 1 ] && command -v psql >/dev/null 2>&1 &&
	psql -w -h 127.0.0.1 -p 5432 -U postgres -d postgres -Atc 'SELECT 1' >/dev/null 2>&1; then
	if [ "$(psql -w -h 127.0.0.1 -U postgres -d postgres -Atc "SELECT count(*) FROM pg_database WHERE datname = 'test'")" = 0 ]; then
		psql -w -h 127.0.0.1 -U postgres -d postgres -qc 'CREATE DATABASE test' >&2
	fi
	log "using the server on 127.0.0.1:5432"
	printf "export DATENPORTAL_TEST_POSTGRES_URL='%s'\n" "$(url_for 5432)"
	exit 0
fi

bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bin" ]; then
	log "installing postgresql"
	(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >&2
	bin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/datenportal-pg.XXXXXX")"
as_pg=()
if [ "$(id -u)" = 0 ]; then # initdb refuses to run as root
	chown postgres "$dir"
	as_pg=(runuser -u postgres --)
fi
"${as_pg[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
	{ log "initdb failed: $(tail -n 5 "$dir/initdb.log")"; exit 1; }
for attempt in 1 2 3 4 5; do
	port=$((20000 + RANDOM % 30000))
	if "${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 \
		-o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2; then
		"${as_pg[@]}" "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -qc 'CREATE DATABASE test' >&2
		log "throw-away PostgreSQL on 127.0.0.1:$port, data in $dir"
		printf "export DATENPORTAL_TEST_POSTGRES_URL='%s'\n" "$(url_for "$port")"
		printf "export DATENPORTAL_TEST_PG_DIR='%s'\n" "$dir"
		printf "export DATENPORTAL_TEST_PG_BIN='%s'\n" "$bin"
		exit 0
	fi
	log "attempt $attempt on port $port failed: $(tail -n 3 "$dir/server.log" 2>/dev/null)"
done
log "could not start PostgreSQL; logs in $dir"
exit 1
