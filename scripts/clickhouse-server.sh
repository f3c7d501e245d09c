#!/usr/bin/env bash
# Starts Debian's clickhouse-server (18.16, HTTP on 127.0.0.1:8123) when it is installed and not
# already answering, so the analytics server-path tests run. Install it with:
#   apt-get update && apt-get install -y clickhouse-server
# Exit status 0 when a server answers afterwards, 1 when none is installed or it did not come up.
set -u
URL="${CLICKHOUSE_URL:-http://127.0.0.1:8123}"
if curl -fsS "$URL/ping" >/dev/null 2>&1; then echo "clickhouse-server: already answering at $URL"; exit 0; fi
CH_BIN="$(command -v clickhouse-server || ls /usr/sbin/clickhouse-server /usr/bin/clickhouse-server 2>/dev/null | head -1)"
if [ -z "$CH_BIN" ]; then
  echo "clickhouse-server: not installed (apt-get install -y clickhouse-server)"; exit 1
fi
mkdir -p /var/log/clickhouse-server /var/lib/clickhouse
chown -R clickhouse:clickhouse /var/log/clickhouse-server /var/lib/clickhouse 2>/dev/null || true
if command -v runuser >/dev/null 2>&1; then
  runuser -u clickhouse -- $CH_BIN --config-file=/etc/clickhouse-server/config.xml --daemon \
    --pid-file=/var/lib/clickhouse/clickhouse-server.pid >/dev/null 2>&1 || true
else
  su -s /bin/sh clickhouse -c "$CH_BIN --config-file=/etc/clickhouse-server/config.xml --daemon --pid-file=/var/lib/clickhouse/clickhouse-server.pid" >/dev/null 2>&1 || true
fi
for _ in $(seq 1 60); do
  if curl -fsS "$URL/ping" >/dev/null 2>&1; then echo "clickhouse-server: started, answering at $URL"; exit 0; fi
  sleep 0.5
done
echo "clickhouse-server: did not answer at $URL within 30 s (see /var/log/clickhouse-server/)"; exit 1
