#!/bin/sh
# Entrypoint of the Debian-built PostgreSQL image, with the interface of the official
# image: POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE), POSTGRES_USER, POSTGRES_DB,
# PGDATA. The first start fills the data folder; later starts reuse it. It is filled
# from the cluster the image initialised at build time (PGTEMPLATE) when there is one,
# else (or when POSTGRES_INITDB_ARGS asks for other settings) by initdb.
set -eu

# SQL quoting: a literal in '…', an identifier in "…", each quote doubled.
sql_literal() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
sql_identifier() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }

if [ "${1:-}" = "postgres" ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  user="${POSTGRES_USER:-postgres}"
  db="${POSTGRES_DB:-$user}"
  if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then POSTGRES_PASSWORD=$(cat "$POSTGRES_PASSWORD_FILE"); fi
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "postgres-entrypoint: set POSTGRES_PASSWORD (or POSTGRES_PASSWORD_FILE)" >&2
    exit 1
  fi
  if [ -n "${PGTEMPLATE:-}" ] && [ -s "$PGTEMPLATE/PG_VERSION" ] && [ -z "${POSTGRES_INITDB_ARGS:-}" ]; then
    cp -a "$PGTEMPLATE/." "$PGDATA/"
    if [ "$user" = "postgres" ]; then
      role="ALTER ROLE postgres WITH PASSWORD $(sql_literal "$POSTGRES_PASSWORD");"
    else
      role="CREATE ROLE $(sql_identifier "$user") WITH SUPERUSER LOGIN PASSWORD $(sql_literal "$POSTGRES_PASSWORD");"
    fi
    database=""
    if [ "$db" != "postgres" ]; then database="CREATE DATABASE $(sql_identifier "$db") OWNER $(sql_identifier "$user");"; fi
    # Single-user mode reads one statement per line, from stdin: the password is never on argv.
    printf '%s\n%s\n' "$role" "$database" | postgres --single -D "$PGDATA" postgres >/dev/null
    how="from the image's initialised cluster"
  else
    pwfile=$(mktemp)
    printf '%s' "$POSTGRES_PASSWORD" >"$pwfile"
    # --no-sync: an ephemeral database need not wait for the disk while it initialises.
    initdb --username="$user" --pwfile="$pwfile" --auth=scram-sha-256 --no-sync \
      --encoding=UTF8 --locale=C.UTF-8 ${POSTGRES_INITDB_ARGS:-} >/dev/null
    rm -f "$pwfile"
    if [ "$db" != "postgres" ]; then
      echo "CREATE DATABASE $(sql_identifier "$db") OWNER $(sql_identifier "$user");" | postgres --single -D "$PGDATA" postgres >/dev/null
    fi
    how="by initdb"
  fi
  # /run is emptied in the image, so the socket lives in /tmp (PGHOST points there).
  printf "listen_addresses = '*'\nunix_socket_directories = '/tmp'\n" >>"$PGDATA/postgresql.conf"
  printf "host all all all scram-sha-256\n" >>"$PGDATA/pg_hba.conf"
  echo "postgres-entrypoint: initialised $PGDATA $how for user $user, database $db"
fi

exec "$@"
