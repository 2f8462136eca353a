#!/usr/bin/env bash
# PostgreSQL for the CI test run (used by .ci/run; also usable on its own).
#
# Sourced:   . .ci/pg-private-cluster.sh
#            pg_ci_resolve_url          # sets PAYGRID_PG_URL (shared server or private cluster)
#            pg_private_cluster_start   # always starts a private cluster, sets PAYGRID_PG_URL
#            pg_private_cluster_stop    # stops/removes the private cluster (no-op if none)
#            The caller owns the EXIT trap and must call pg_private_cluster_stop from it.
#
# Standalone (bash .ci/pg-private-cluster.sh <command>):
#   url            (default) print a usable URL; a private cluster started for it is
#                  left running and the command to stop it is printed on stderr
#   start          always start a private cluster, print its URL, leave it running
#   stop DIR       stop the private cluster in DIR and delete DIR
#   run -- CMD...  resolve a URL, run CMD with TEST_DATABASE_URL set, stop the cluster
#
# Only the URL goes to stdout; all progress goes to stderr.
#
# Environment:
#   PAYGRID_CI_FORCE_PRIVATE_PG=1  skip the shared server on 127.0.0.1:5432
#   PAYGRID_CI_PG_PORT_BASE        first port tried for a private cluster (55432)
#   PAYGRID_CI_KEEP_PG=1           do not delete the cluster directory when stopping
#   PAYGRID_PG_BINDIR              PostgreSQL bin directory (default: newest
#                                  /usr/lib/postgresql/*/bin, then pg_config, then PATH)

PAYGRID_PG_SHARED_URL="postgres://postgres@127.0.0.1:5432/test"
PAYGRID_PG_URL="${PAYGRID_PG_URL:-}"
PAYGRID_PG_DIR="${PAYGRID_PG_DIR:-}"   # set once a private cluster directory exists
PAYGRID_PG_PORT="${PAYGRID_PG_PORT:-}"

pgci_log() { printf '[pg-ci] %s\n' "$*" >&2; }

# True when something accepts TCP connections on 127.0.0.1:$1.
pgci_port_open() {
  # shellcheck disable=SC2016 # $1 expands in the child shell
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

# True when a PostgreSQL server answers on 127.0.0.1:5432 and trust auth to db "test" works.
pgci_shared_server_usable() {
  if command -v pg_isready >/dev/null 2>&1; then
    pg_isready -q -h 127.0.0.1 -p 5432 -t 3 || return 1
  else
    pgci_port_open 5432 || return 1
  fi
  if ! command -v psql >/dev/null 2>&1; then
    pgci_log "something listens on 127.0.0.1:5432 but psql is not installed; cannot verify it"
    return 1
  fi
  PGCONNECT_TIMEOUT=5 psql -X -w -q -h 127.0.0.1 -p 5432 -U postgres -d test \
    -c 'select 1' >/dev/null 2>&1
}

# Print the PostgreSQL server bin directory (containing initdb and pg_ctl).
pgci_find_bindir() {
  local d
  if [[ -n "${PAYGRID_PG_BINDIR:-}" ]]; then
    [[ -x "$PAYGRID_PG_BINDIR/initdb" ]] || return 1
    printf '%s\n' "$PAYGRID_PG_BINDIR"
    return 0
  fi
  d="$(compgen -G '/usr/lib/postgresql/*/bin/initdb' | sort -V | tail -n 1 || true)"
  if [[ -n "$d" ]]; then
    dirname "$d"
    return 0
  fi
  if command -v pg_config >/dev/null 2>&1; then
    d="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -n "$d" && -x "$d/initdb" ]]; then
      printf '%s\n' "$d"
      return 0
    fi
  fi
  d="$(command -v initdb 2>/dev/null || true)"
  if [[ -n "$d" ]]; then
    dirname "$d"
    return 0
  fi
  return 1
}

# Install Debian's PostgreSQL server unless initdb is already there.
pgci_install_server() {
  if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    pgci_log "PostgreSQL server already installed; skipping apt-get"
    return 0
  fi
  if [[ -n "${PAYGRID_PG_BINDIR:-}" ]] || pgci_find_bindir >/dev/null; then
    return 0
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    pgci_log "no PostgreSQL server found and apt-get is unavailable"
    return 1
  fi
  local sudo=()
  if [[ $EUID -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || { pgci_log "need root (or sudo) to apt-get install postgresql"; return 1; }
    sudo=(sudo)
  fi
  pgci_log "installing PostgreSQL with apt-get"
  "${sudo[@]}" apt-get update >&2
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql >&2
}

# Run a command as the cluster owner: the postgres user when we are root, else ourselves.
# Runs from the cluster directory so the postgres user never needs access to $PWD.
pgci_as_owner() {
  if [[ $EUID -eq 0 ]]; then
    if command -v runuser >/dev/null 2>&1; then
      (cd "$PAYGRID_PG_DIR" && runuser -u postgres -- "$@")
    else
      local cmd
      printf -v cmd '%q ' "$@"
      (cd "$PAYGRID_PG_DIR" && su -s /bin/sh postgres -c "$cmd")
    fi
  else
    (cd "$PAYGRID_PG_DIR" && "$@")
  fi
}

pgci_show_log() {
  local log="$PAYGRID_PG_DIR/postgres.log"
  if [[ -f "$log" ]]; then
    pgci_log "last lines of $log:"
    tail -n 30 "$log" >&2 || true
  fi
}

# Start a throw-away cluster; sets PAYGRID_PG_DIR, PAYGRID_PG_PORT, PAYGRID_PG_URL.
pg_private_cluster_start() {
  local bindir port attempt base="${PAYGRID_CI_PG_PORT_BASE:-55432}"

  if [[ -n "$PAYGRID_PG_DIR" ]]; then
    pgci_log "a private cluster is already running in $PAYGRID_PG_DIR"
    return 1
  fi
  pgci_install_server || return 1
  bindir="$(pgci_find_bindir)" || { pgci_log "cannot find initdb"; return 1; }
  if [[ $EUID -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    pgci_log "the postgres user does not exist"
    return 1
  fi
  pgci_log "using $("$bindir/postgres" --version 2>/dev/null || echo "$bindir")"

  PAYGRID_PG_DIR="$(mktemp -d "${TMPDIR:-/tmp}/paygrid-pg.XXXXXX")" || return 1
  chmod 700 "$PAYGRID_PG_DIR"
  if [[ $EUID -eq 0 ]]; then
    chown postgres:postgres "$PAYGRID_PG_DIR" || return 1
  fi

  pgci_log "initdb in $PAYGRID_PG_DIR/data"
  if ! pgci_as_owner "$bindir/initdb" -D "$PAYGRID_PG_DIR/data" -A trust -U postgres \
      -E UTF8 --no-locale --no-sync >"$PAYGRID_PG_DIR/initdb.log" 2>&1; then
    cat "$PAYGRID_PG_DIR/initdb.log" >&2 || true
    pgci_log "initdb failed"
    return 1
  fi

  # Throw-away cluster: durability settings off for speed.
  # shellcheck disable=SC2016 # $1 expands in the child shell
  if ! pgci_as_owner sh -c 'cat >> "$1"' _ "$PAYGRID_PG_DIR/data/postgresql.conf" <<EOF; then

# --- paygrid CI private cluster ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PAYGRID_PG_DIR'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
    pgci_log "cannot write postgresql.conf"
    return 1
  fi

  port="$base"
  for attempt in $(seq 1 20); do
    while pgci_port_open "$port"; do
      port=$((port + 1))
    done
    pgci_log "starting cluster on 127.0.0.1:$port (attempt $attempt)"
    if pgci_as_owner "$bindir/pg_ctl" -D "$PAYGRID_PG_DIR/data" -l "$PAYGRID_PG_DIR/postgres.log" \
        -o "-p $port" -w -t 60 start >&2; then
      PAYGRID_PG_PORT="$port"
      break
    fi
    if grep -qiE 'could not (bind|create listen)|address already in use' \
        "$PAYGRID_PG_DIR/postgres.log" 2>/dev/null; then
      pgci_log "port $port is taken; trying the next one"
      : >"$PAYGRID_PG_DIR/postgres.log"
      port=$((port + 1))
      continue
    fi
    pgci_show_log
    pgci_log "pg_ctl start failed"
    return 1
  done
  if [[ -z "$PAYGRID_PG_PORT" ]]; then
    pgci_log "no free port found from $base upward"
    return 1
  fi

  if ! pgci_as_owner "$bindir/createdb" -h 127.0.0.1 -p "$PAYGRID_PG_PORT" -U postgres test >&2; then
    pgci_show_log
    pgci_log "createdb test failed"
    return 1
  fi
  PAYGRID_PG_URL="postgres://postgres@127.0.0.1:$PAYGRID_PG_PORT/test"
  pgci_log "private cluster ready: $PAYGRID_PG_URL (dir $PAYGRID_PG_DIR)"
}

# Stop and delete the private cluster. Safe to call when none was started; never fails.
pg_private_cluster_stop() {
  local dir="${1:-$PAYGRID_PG_DIR}" bindir
  [[ -n "$dir" && -d "$dir" ]] || return 0
  if [[ -f "$dir/data/postmaster.pid" ]]; then
    bindir="$(pgci_find_bindir)" || bindir=""
    pgci_log "stopping private cluster in $dir"
    if [[ -n "$bindir" ]]; then
      PAYGRID_PG_DIR="$dir" pgci_as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >&2 ||
        PAYGRID_PG_DIR="$dir" pgci_as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 ||
        pgci_log "could not stop the cluster in $dir"
    fi
  fi
  if [[ "${PAYGRID_CI_KEEP_PG:-0}" == 1 ]]; then
    pgci_log "keeping $dir (PAYGRID_CI_KEEP_PG=1)"
  elif [[ -f "$dir/data/postmaster.pid" ]]; then
    pgci_log "cluster in $dir still running; not deleting it"
  else
    rm -rf -- "$dir"
  fi
  if [[ "$dir" == "$PAYGRID_PG_DIR" ]]; then
    PAYGRID_PG_DIR=""
    PAYGRID_PG_PORT=""
  fi
  return 0
}

# Set PAYGRID_PG_URL: the shared server on 127.0.0.1:5432 when it is usable (and not
# PAYGRID_CI_FORCE_PRIVATE_PG=1), otherwise a freshly started private cluster.
pg_ci_resolve_url() {
  if [[ "${PAYGRID_CI_FORCE_PRIVATE_PG:-0}" == 1 ]]; then
    pgci_log "PAYGRID_CI_FORCE_PRIVATE_PG=1: not probing 127.0.0.1:5432"
  elif pgci_shared_server_usable; then
    PAYGRID_PG_URL="$PAYGRID_PG_SHARED_URL"
    pgci_log "using the server on 127.0.0.1:5432: $PAYGRID_PG_URL"
    return 0
  else
    pgci_log "no usable server (trust auth, database test) on 127.0.0.1:5432"
  fi
  pg_private_cluster_start
}

pgci_main() {
  set -euo pipefail
  local cmd="${1:-url}"
  case "$cmd" in
    url | start)
      if [[ "$cmd" == start ]]; then
        pg_private_cluster_start || { pg_private_cluster_stop; exit 1; }
      else
        pg_ci_resolve_url || { pg_private_cluster_stop; exit 1; }
      fi
      if [[ -n "$PAYGRID_PG_DIR" ]]; then
        pgci_log "left running; stop it with: bash $0 stop $PAYGRID_PG_DIR"
      fi
      printf '%s\n' "$PAYGRID_PG_URL"
      ;;
    stop)
      [[ $# -eq 2 ]] || { pgci_log "usage: $0 stop DIR"; exit 2; }
      [[ -d "$2/data" ]] || { pgci_log "$2 is not a cluster directory"; exit 1; }
      pg_private_cluster_stop "$2"
      ;;
    run)
      shift
      [[ "${1:-}" == -- ]] && shift
      [[ $# -gt 0 ]] || { pgci_log "usage: $0 run -- CMD [ARGS...]"; exit 2; }
      trap 'pg_private_cluster_stop' EXIT
      trap 'exit 130' INT
      trap 'exit 143' TERM
      pg_ci_resolve_url
      TEST_DATABASE_URL="$PAYGRID_PG_URL" "$@"
      ;;
    -h | --help | help)
      sed -n '2,/^$/s/^# \{0,1\}//p' "$0" >&2
      ;;
    *)
      pgci_log "unknown command: $cmd (try --help)"
      exit 2
      ;;
  esac
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  pgci_main "$@"
fi
