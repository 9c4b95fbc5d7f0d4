#!/usr/bin/env bash
# Starts a throw-away PostgreSQL server for the connector tests: a temporary data directory, a free port on
# 127.0.0.1, trust authentication, and a database named "syncwright".
#
# Prints shell exports on stdout (logs go to stderr), so use it as:
#   eval "$(.ci/start-postgres.sh)"
#   mvn -B verify                      # the PostgreSQL tests read SYNCWRIGHT_PG_URL and SYNCWRIGHT_PG_USER
#   .ci/stop-postgres.sh               # stops the server and deletes SYNCWRIGHT_PG_DIR
#
# PostgreSQL refuses to run as root; when run as root, the server runs as the "postgres" user.
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

find_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v pg_ctl)")"
    return
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [[ -z "$dir" || ! -x "$dir/pg_ctl" ]]; then
    log "cannot find initdb/pg_ctl on the PATH or under /usr/lib/postgresql/*/bin"
    exit 1
  fi
  echo "$dir"
}

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
    return
  fi
  local port
  for port in $(seq 25432 25532); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  log "no free port found"
  exit 1
}

BIN=$(find_bin)
if [[ "$(id -u)" == "0" ]]; then
  if ! id postgres >/dev/null 2>&1; then
    log "running as root but there is no 'postgres' user to run the server as"
    exit 1
  fi
  as_pg() { runuser -u postgres -- "$@"; }
else
  as_pg() { "$@"; }
fi

DIR=$(mktemp -d "${TMPDIR:-/tmp}/syncwright-pg.XXXXXX")
chmod 700 "$DIR"
if [[ "$(id -u)" == "0" ]]; then
  chown postgres:postgres "$DIR"
fi
PORT=$(free_port)

log "initdb in $DIR/data ($("$BIN/postgres" --version))"
as_pg "$BIN/initdb" -D "$DIR/data" -U postgres -A trust -E UTF8 --no-sync >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }

log "starting on 127.0.0.1:$PORT"
# durability settings off: a test server's data is thrown away anyway, and this keeps the tests fast
as_pg "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
  -o "-h 127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" \
  start >&2 || { cat "$DIR/server.log" >&2; exit 1; }

as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres syncwright >&2

URL="jdbc:postgresql://127.0.0.1:$PORT/syncwright"
cat >"$DIR/env" <<ENV
export SYNCWRIGHT_PG_URL=$URL
export SYNCWRIGHT_PG_USER=postgres
export SYNCWRIGHT_PG_DIR=$DIR
ENV
chmod 644 "$DIR/env"
log "ready: $URL (stop with .ci/stop-postgres.sh)"
cat "$DIR/env"
