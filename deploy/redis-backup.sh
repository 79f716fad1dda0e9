#!/bin/sh
# Backup of the Redis that holds every case, session and queue: a consistent snapshot (RDB)
# streamed over the network while Redis keeps running.
#
#   REDIS_PASSWORD=... deploy/redis-backup.sh backups/pmi-$(date +%F).rdb
#
# Environment: REDIS_HOST (127.0.0.1), REDIS_PORT (6379), REDIS_PASSWORD (if set).
# With docker compose (docs/deployment.md, "Backup and restore"):
#   docker compose exec -T redis sh -s /data/backup.rdb < deploy/redis-backup.sh
#   docker compose cp redis:/data/backup.rdb backups/pmi-$(date +%F).rdb
# Restore with deploy/redis-restore.sh. test/ops/redis-backup.test.ts runs both.
set -eu

out=${1:?usage: redis-backup.sh OUT.rdb}
host=${REDIS_HOST:-127.0.0.1}
port=${REDIS_PORT:-6379}
if [ -n "${REDIS_PASSWORD:-}" ]; then
  # redis-cli reads the password from here, so it never shows in the process list.
  REDISCLI_AUTH=$REDIS_PASSWORD
  export REDISCLI_AUTH
fi

keys=$(redis-cli -h "$host" -p "$port" DBSIZE)
case $keys in
  '' | *[!0-9]*)
    echo "backup: Redis at $host:$port did not answer DBSIZE ($keys)" >&2
    exit 1
    ;;
esac

partial="$out.partial"
rm -f "$partial"
if ! redis-cli -h "$host" -p "$port" --rdb "$partial" >/dev/null 2>&1; then
  rm -f "$partial"
  echo "backup: redis-cli --rdb failed" >&2
  exit 1
fi
if command -v redis-check-rdb >/dev/null 2>&1 && ! redis-check-rdb "$partial" >/dev/null 2>&1; then
  echo "backup: the dump does not pass redis-check-rdb; kept as $partial" >&2
  exit 1
fi
mv "$partial" "$out"
echo "backup: $keys keys, $(wc -c <"$out" | tr -d ' ') bytes -> $out"
