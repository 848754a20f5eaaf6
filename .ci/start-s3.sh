#!/usr/bin/env bash
# Start a throw-away S3 server for the storage/files tests and benchmarks:
# versitygw v1.8.0 in POSIX mode on a temp dir, on 127.0.0.1 and a free
# port, with generated root credentials. Installs versitygw if missing.
#
#   eval "$(.ci/start-s3.sh)"      # sets DATENPORTAL_TEST_S3_* in this shell
#   go test ./storage/files/...
#   kill "$DATENPORTAL_TEST_S3_PID"; rm -rf "$DATENPORTAL_TEST_S3_DIR"
#
# Only the export lines go to stdout; progress and errors go to stderr.
set -euo pipefail

VERSION=v1.8.0
log() { echo "start-s3: $*" >&2; }

gobin="$(go env GOBIN)"
[ -n "$gobin" ] || gobin="$(go env GOPATH)/bin"
bin="$gobin/versitygw"
if ! { [ -x "$bin" ] && go version -m "$bin" 2>/dev/null | grep -q "github.com/versity/versitygw[[:space:]]*$VERSION"; }; then
	log "installing versitygw $VERSION into $gobin"
	GOFLAGS=-buildvcs=false go install "github.com/versity/versitygw/cmd/versitygw@$VERSION" >&2
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/datenportal-s3.XXXXXX")"
mkdir -p "$dir/data" "$dir/meta"
rand() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
access="dp$(rand 9)"
secret="$(rand 20)"

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Pick a random free port; retry if another process grabs it first.
for attempt in 1 2 3 4 5; do
	port=$((20000 + $(rand 2 | cut -c1-4 | xargs -I{} printf '%d' 0x{}) % 30000))
	listening "$port" && continue
	# Credentials travel in the environment, not argv, so ps does not show them.
	ROOT_ACCESS_KEY_ID="$access" ROOT_SECRET_ACCESS_KEY="$secret" \
		nohup setsid "$bin" --port "127.0.0.1:$port" --quiet \
		posix --sidecar "$dir/meta" "$dir/data" </dev/null >"$dir/versitygw.log" 2>&1 &
	pid=$!
	for _ in $(seq 1 100); do
		if listening "$port"; then
			log "versitygw pid $pid on 127.0.0.1:$port, data in $dir"
			printf "export DATENPORTAL_TEST_S3_URL='s3://datenportal-test?endpoint=127.0.0.1:%s&secure=false'\n" "$port"
			printf "export DATENPORTAL_TEST_S3_ACCESS_KEY='%s'\n" "$access"
			printf "export DATENPORTAL_TEST_S3_SECRET_KEY='%s'\n" "$secret"
			printf "export DATENPORTAL_TEST_S3_PID='%s'\n" "$pid"
			printf "export DATENPORTAL_TEST_S3_DIR='%s'\n" "$dir"
			exit 0
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill "$pid" 2>/dev/null || true
	log "attempt $attempt on port $port failed: $(tail -n 3 "$dir/versitygw.log" 2>/dev/null)"
done
log "could not start versitygw; log in $dir/versitygw.log"
exit 1
