#!/bin/sh
# Restores a dump made by deploy/redis-backup.sh into the data folder of a STOPPED Redis.
#
#   deploy/redis-restore.sh backups/pmi-2026-11-29.rdb /var/lib/redis
#
# Redis started with AOF on (as production runs it) ignores dump.rdb and would come up
# empty. So this script loads the dump into a temporary Redis with AOF off, on a unix
# socket in the data folder (no port is opened), switches AOF on there so Redis writes a
# fresh AOF from the loaded data, and shuts it down. Then start Redis as usual.
# Whatever was in the folder is kept beside it as *.before-restore-<time>.
# With docker compose: docs/deployment.md, "Backup and restore".
set -eu

dump=${1:?usage: redis-restore.sh DUMP.rdb DATA_DIR}
data=${2:?usage: redis-restore.sh DUMP.rdb DATA_DIR}
if [ ! -s "$dump" ]; then
  echo "restore: $dump is missing or empty" >&2
  exit 1
fi
mkdir -p "$data"
sock="$data/restore.sock"
pidfile="$data/restore.pid"
if [ -e "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "restore: a restore is already running in $data" >&2
  exit 1
fi

stamp=$(date +%Y%m%d-%H%M%S)
for f in dump.rdb appendonlydir appendonly.aof; do
  if [ -e "$data/$f" ]; then mv "$data/$f" "$data/$f.before-restore-$stamp"; fi
done
cp "$dump" "$data/dump.rdb"

redis-server --port 0 --unixsocket "$sock" --unixsocketperm 700 --dir "$data" \
  --dbfilename dump.rdb --appendonly no --save "" --daemonize yes --pidfile "$pidfile" \
  --logfile "$data/restore.log"

cli() { redis-cli -s "$sock" "$@"; }
wait_for() {
  # $1: a shell test on the output of INFO persistence, e.g. 'aof_enabled:1'
  i=0
  while [ $i -lt 600 ]; do
    info=$(cli INFO persistence 2>/dev/null || true)
    if [ "$1" = ping ]; then
      [ "$(cli PING 2>/dev/null || true)" = PONG ] && [ -n "$info" ] && ! echo "$info" | grep -q '^loading:1' && return 0
    elif echo "$info" | grep -q "^aof_enabled:1" && echo "$info" | grep -q "^aof_rewrite_in_progress:0" &&
      echo "$info" | grep -q "^aof_rewrite_scheduled:0"; then
      return 0
    fi
    i=$((i + 1))
    sleep 0.1
  done
  echo "restore: the temporary Redis did not get ready (see $data/restore.log)" >&2
  exit 1
}

wait_for ping
keys=$(cli DBSIZE)
cli CONFIG SET appendonly yes >/dev/null
wait_for aof
cli SHUTDOWN SAVE >/dev/null 2>&1 || true
i=0
while [ -e "$sock" ] && [ $i -lt 100 ]; do
  i=$((i + 1))
  sleep 0.1
done
rm -f "$pidfile"
# The official image runs Redis as the user `redis`; files written as root would lock it out.
if [ "$(id -u)" = 0 ] && id redis >/dev/null 2>&1; then chown -R redis:redis "$data"; fi
echo "restore: $keys keys from $dump written to $data (AOF and dump.rdb); start Redis with AOF on"
