#!/usr/bin/env bash
# Stops a server started by .ci/start-postgres.sh and deletes its temporary directory.
# Usage: .ci/stop-postgres.sh [dir]   (default: $SYNCWRIGHT_PG_DIR)
set -euo pipefail

DIR=${1:-${SYNCWRIGHT_PG_DIR:-}}
if [[ -z "$DIR" || ! -d "$DIR/data" ]]; then
  echo "stop-postgres: no server directory given (argument or SYNCWRIGHT_PG_DIR)" >&2
  exit 1
fi
case "$DIR" in
  */syncwright-pg.*) ;;
  *) echo "stop-postgres: '$DIR' was not made by start-postgres.sh; not touching it" >&2; exit 1 ;;
esac

if command -v pg_ctl >/dev/null 2>&1; then
  PG_CTL=$(readlink -f "$(command -v pg_ctl)")
else
  PG_CTL=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)/pg_ctl
fi
if [[ "$(id -u)" == "0" ]]; then
  runuser -u postgres -- "$PG_CTL" -D "$DIR/data" -m fast -w stop >&2 || true
else
  "$PG_CTL" -D "$DIR/data" -m fast -w stop >&2 || true
fi
rm -rf "$DIR"
echo "stop-postgres: stopped and removed $DIR" >&2
