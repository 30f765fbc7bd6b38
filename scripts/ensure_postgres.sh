#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on the loopback address and print a DATABASE_URL
# for a throwaway database on it.
#
#   scripts/ensure_postgres.sh [--create] [--owner PID] [NAME]
#       Starts (or, on Debian, installs and starts) PostgreSQL when nothing answers, then prints
#       postgres://USER@HOST:PORT/NAME on stdout (everything else goes to stderr).
#       NAME defaults to hearth_run_<PID>, where PID is --owner (default: the caller's PID).
#       With --create the database is (re)created empty. pytest-django creates and destroys
#       its own test_<NAME> (test_<NAME>_gw<N> under xdist) beside it.
#       Databases named hearth_run_<PID>... or test_hearth_run_<PID>... whose process has
#       gone (a run that was killed) are dropped on the way.
#   scripts/ensure_postgres.sh --drop NAME
#       Drops NAME and its test_NAME* databases (used when a run ends).
#
# Environment: HEARTH_PG_HOST (127.0.0.1), HEARTH_PG_PORT (5432), HEARTH_PG_USER (postgres).
# The server must let that user in without a password (trust), as CI's does. For a cluster
# this script manages itself (Debian's pg_ctlcluster), it adds trust lines for the loopback
# addresses when needed.
set -euo pipefail

HOST=${HEARTH_PG_HOST:-127.0.0.1}
PORT=${HEARTH_PG_PORT:-5432}
PGUSER_NAME=${HEARTH_PG_USER:-postgres}
export PGCONNECT_TIMEOUT=5

log() { printf 'ensure_postgres: %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo -n "$@"; else
        die "need root for: $*"
    fi
}

ready() { pg_isready -q -h "$HOST" -p "$PORT" >/dev/null 2>&1; }

wait_ready() {
    local i
    for i in $(seq 1 60); do
        ready && return 0
        sleep 0.5
    done
    return 1
}

psql_admin() {
    # -w: never prompt for a password (CI has no stdin)
    psql -w -X -q -v ON_ERROR_STOP=1 -h "$HOST" -p "$PORT" -U "$PGUSER_NAME" -d postgres "$@"
}

is_loopback() { case "$HOST" in 127.* | localhost | ::1) return 0 ;; *) return 1 ;; esac; }

install_postgres() {
    command -v apt-get >/dev/null || die "PostgreSQL is not installed and this is not a Debian system; start a server on $HOST:$PORT"
    log "installing PostgreSQL from Debian's packages"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
        postgresql postgresql-client >&2
}

# The cluster (VERSION NAME CONFDIR) listening on $PORT, if any.
local_cluster() {
    command -v pg_lsclusters >/dev/null || return 1
    pg_lsclusters -h 2>/dev/null | awk -v port="$PORT" '$3 == port { print $1, $2; exit }'
}

start_local_cluster() {
    local cluster version name
    command -v pg_lsclusters >/dev/null || install_postgres
    cluster=$(local_cluster || true)
    if [ -z "$cluster" ]; then
        version=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
        [ -n "$version" ] || { install_postgres; version=$(ls /usr/lib/postgresql | sort -n | tail -1); }
        cluster=$(local_cluster || true)
        if [ -z "$cluster" ]; then
            name=main
            [ ! -d "/etc/postgresql/$version/$name" ] || name=hearth$PORT
            log "creating cluster $version/$name on port $PORT"
            as_root pg_createcluster --port "$PORT" "$version" "$name" >&2
            cluster="$version $name"
        fi
    fi
    read -r version name <<<"$cluster"
    log "starting PostgreSQL cluster $version/$name"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" start >&2 ||
        log "pg_ctlcluster start reported a failure; waiting for the server anyway"
    wait_ready || die "PostgreSQL $version/$name did not start; see /var/log/postgresql/postgresql-$version-$name.log"
}

# Let the admin user in over the loopback addresses without a password, on a cluster we manage.
trust_loopback() {
    local cluster version name hba
    cluster=$(local_cluster || true)
    [ -n "$cluster" ] || return 1
    read -r version name <<<"$cluster"
    hba=/etc/postgresql/$version/$name/pg_hba.conf
    [ -f "$hba" ] || return 1
    log "allowing password-less connections from the loopback address in $hba"
    as_root sed -i '1i host all all 127.0.0.1/32 trust # added by scripts/ensure_postgres.sh\nhost all all ::1/128 trust # added by scripts/ensure_postgres.sh' "$hba"
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" "$name" reload >&2
    sleep 1
}

ensure_server() {
    if ! ready; then
        is_loopback || die "no PostgreSQL answers on $HOST:$PORT"
        log "no PostgreSQL answers on $HOST:$PORT"
        start_local_cluster
    fi
    if ! psql_admin -c 'select 1' >/dev/null 2>&1; then
        is_loopback && trust_loopback || true
        psql_admin -c 'select 1' >/dev/null ||
            die "cannot connect to $HOST:$PORT as $PGUSER_NAME without a password"
    fi
}

drop_database() {
    # $1: exact name; FORCE ends any leftover sessions (PostgreSQL 13+)
    psql_admin -c "DROP DATABASE IF EXISTS \"$1\" WITH (FORCE)" >/dev/null
}

drop_family() {
    # $1 and every test_$1* database (pytest-django, pytest-xdist suffixes)
    local base=$1 db
    for db in $(psql_admin -At -c "SELECT datname FROM pg_database WHERE datname ~ '^(test_)?${base}(_[a-z]*[0-9]+)?\$'"); do
        drop_database "$db"
    done
}

drop_abandoned() {
    # Databases of runs on this machine whose process has gone.
    is_loopback || return 0
    local db pid
    for db in $(psql_admin -At -c "SELECT datname FROM pg_database WHERE datname ~ '^(test_)?hearth_run_[0-9]+'"); do
        pid=$(sed -E 's/^(test_)?hearth_run_([0-9]+).*/\2/' <<<"$db")
        if ! kill -0 "$pid" 2>/dev/null; then
            log "dropping $db, left behind by an earlier run"
            drop_database "$db" || true
        fi
    done
}

create=0
drop=""
owner=$PPID
name=""
while [ $# -gt 0 ]; do
    case "$1" in
    --create) create=1 ;;
    --drop) drop=${2:?--drop needs a name}; shift ;;
    --owner) owner=${2:?--owner needs a PID}; shift ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1" ;;
    *) name=$1 ;;
    esac
    shift
done

command -v pg_isready >/dev/null || install_postgres
ensure_server

if [ -n "$drop" ]; then
    drop_family "$drop"
    exit 0
fi

name=${name:-hearth_run_$owner}
[[ "$name" =~ ^[a-z_][a-z0-9_]*$ ]] || die "bad database name: $name"
drop_abandoned
if [ "$create" = 1 ]; then
    drop_family "$name"
    psql_admin -c "CREATE DATABASE \"$name\"" >/dev/null
fi
printf 'postgres://%s@%s:%s/%s\n' "$PGUSER_NAME" "$HOST" "$PORT" "$name"
