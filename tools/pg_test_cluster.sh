#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for refman's tests and benchmarks, run as an unprivileged user on a
# local port. Usage:
#   eval "$(tools/pg_test_cluster.sh start [DIR] [PORT])"   # prints `export REFMAN_TEST_PG_URL=...`
#   tools/pg_test_cluster.sh stop DIR
# Needs Debian's postgresql package (initdb/pg_ctl under /usr/lib/postgresql/*/bin). As root, the
# cluster runs as the `postgres` user (servers refuse to run as root); otherwise as yourself.
# Trust authentication on 127.0.0.1 only: this cluster is for tests and dies with its folder.
set -euo pipefail

cmd=${1:-start}
dir=${2:-$(mktemp -d /tmp/refman-pg.XXXXXX)}
port=${3:-55432}
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)
[[ -n "$bindir" ]] || { echo "PostgreSQL not installed (apt-get install -y postgresql postgresql-contrib)" >&2; exit 1; }

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      as_owner "$bindir/initdb" -D "$dir/data" -U refman --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
    fi
    # fsync off: a crash of a test cluster loses nothing we keep.
    as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o \
      "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    as_owner "$bindir/psql" -h 127.0.0.1 -p "$port" -U refman -d postgres -qAtc \
      "SELECT 1 FROM pg_database WHERE datname='refman_test'" | grep -q 1 \
      || as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U refman refman_test
    echo "export REFMAN_TEST_PG_URL=postgresql+psycopg://refman@127.0.0.1:$port/refman_test"
    echo "export REFMAN_TEST_PG_DIR=$dir"
    ;;
  stop)
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast stop >/dev/null
    ;;
  *)
    echo "usage: $0 start [DIR] [PORT] | stop DIR" >&2
    exit 2
    ;;
esac
