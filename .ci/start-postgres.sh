#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on 127.0.0.1 for the store tests and prints its URL.
# Installs Debian's postgresql when the machine has none. Usage: eval "$(bash .ci/start-postgres.sh)"
set -euo pipefail
find_bin() {
  local found
  found=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$found" ] && [ -x "$found/pg_ctl" ]; then echo "$found"; return; fi
  if command -v pg_ctl >/dev/null 2>&1; then dirname "$(readlink -f "$(command -v pg_ctl)")"; return; fi
}
bin=$(find_bin)
if [ -z "$bin" ]; then
  echo "installing postgresql from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y --no-install-recommends postgresql >&2
  bin=$(find_bin)
fi
[ -n "$bin" ] || { echo "no PostgreSQL binaries after install" >&2; exit 1; }
id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
port=${DEBRIEF_PG_PORT:-54329}
dir=$(mktemp -d /tmp/debrief-pg.XXXXXX)
chown postgres "$dir"
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_postgres "$bin/initdb" -D "$dir/data" -U postgres -A trust --no-sync >&2
as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c unix_socket_directories=$dir -c max_connections=200" start >&2
echo "export DEBRIEF_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/postgres"
echo "export DEBRIEF_PG_DIR=$dir"
echo "export DEBRIEF_PG_BIN=$bin"
