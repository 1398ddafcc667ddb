#!/usr/bin/env bash
# Measures what callers see when a silo process is killed (kill -9): starts deploy/local-cluster.sh with 3 silos, has
# samples/Cluster/Client call the virtual provider (echo, id 1) and every silo's instance provider (node, ids
# 100..102) in a loop through Redis gateway discovery, kills the silo hosting echo, and prints every change of
# outcome with its time, and when the survivors saw the silo leave. The figures in docs/deploy.md come from here.
#
#   deploy/measure-failover.sh            CALL_TIMEOUT=5 (seconds per call; 0 = Orleans' 30 s default)
# Membership settings pass through the environment, e.g. Mochi__Host__Membership__ProbeTimeout=00:00:02.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
state="${STATE_DIR:-/tmp/mochi-local-cluster}"
export STATE_DIR="$state" CALL_TIMEOUT="${CALL_TIMEOUT:-5}"
client="$root/samples/Cluster/Client/bin/${CONFIGURATION:-Debug}/net10.0/ClusterClient.dll"
trap '"$root/deploy/local-cluster.sh" stop' EXIT

dotnet build "$root/samples/Cluster/Client/ClusterClient.csproj" -c "${CONFIGURATION:-Debug}" -v quiet -nologo >/dev/null
"$root/deploy/local-cluster.sh" start 3
dotnet "$client" watch "127.0.0.1:${REDIS_PORT:-6380}" mochi tcp://127.0.0.1:30000 60 \
  echo_where_am_i:1 node_describe:100 node_describe:101 node_describe:102 >"$state/watch.log" 2>&1 &
watcher=$!
sleep 8
victim=$(grep -o 'echo_where_am_i:1: ok tcp://127.0.0.1:300[0-9][0-9]' "$state/watch.log" | head -n 1 | grep -o '[0-9]$')
echo "echo is served by silo-$victim; kill -9 at $(date -u +%T.%3N)"
kill -9 "$(cat "$state/silo-$victim.pid")"
wait "$watcher" || true
grep -v '^\s*at \|^warn\|Exception' "$state/watch.log"
echo "--- survivors' view"
grep -h 'left the cluster' "$state"/silo-*.log || true
