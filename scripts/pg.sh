#!/usr/bin/env bash
# Private PostgreSQL 15 cluster under a project folder: pg.sh start|stop|status DATA_DIR PORT
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user.
set -euo pipefail
cmd=$1; dir=$(realpath -m "$2"); port=$3
bin=/usr/lib/postgresql/15/bin
if [ ! -x "$bin/initdb" ]; then
  echo "PostgreSQL 15 server not found; installing postgresql-15 from Debian" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql-15 postgresql-contrib-15 >/dev/null
fi
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "$cmd" in
start)
  mkdir -p "$dir"
  if [ "$(id -u)" = 0 ]; then
    chown -R postgres "$dir"
    # the postgres user must be able to enter every parent folder of the data directory
    p="$dir"; while [ "$p" != / ]; do p=$(dirname "$p"); runuser -u postgres -- test -x "$p" || chmod o+x "$p"; done
  fi
  if [ ! -f "$dir/PG_VERSION" ]; then
    as_owner "$bin/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >> "$dir/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
shared_buffers = 256MB
fsync = ${PG_FSYNC:-on}
CONF
  fi
  if as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then exit 0; fi
  as_owner "$bin/pg_ctl" -D "$dir" -o "-p $port" -l "$dir/server.log" -w -t 60 start >/dev/null
  echo "PostgreSQL 15 running on 127.0.0.1:$port (data: $dir)"
  ;;
stop)
  if [ -f "$dir/PG_VERSION" ] && as_owner "$bin/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    as_owner "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null && echo "PostgreSQL stopped ($dir)"
  fi
  ;;
createdb)
  db=$4
  exists=$(as_owner "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname='$db'")
  [ "$exists" = 1 ] || as_owner "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres "$db"
  ;;
*) echo "usage: pg.sh start|stop|createdb DIR PORT [DB]" >&2; exit 2 ;;
esac
