#!/usr/bin/env bash
# A MochiOrleans cluster of N silo processes on this machine, with Redis membership, in the environment the
# Kubernetes manifests give each pod (deploy/k8s/silo.env plus the downward-API variables), everything on 127.0.0.1.
#
#   deploy/local-cluster.sh [run] [N]   start N silos (default 3), wait; Ctrl-C stops them gracefully, then Redis
#   deploy/local-cluster.sh start [N]   start in the background and return
#   deploy/local-cluster.sh stop        SIGTERM every silo (finalize hooks run), then stop Redis
#   deploy/local-cluster.sh status      list the silos and their readiness
#
# Silo i (0-based) listens on silo port 11111+i, gateway 30000+i, health 8080+i, bulk data 31000+i; its engine address is
# tcp://127.0.0.1:<30000+i>. Every silo serves the virtual provider of silo.env (echo, provider id 1) and an instance
# provider of its own (node, provider id 100+i, label silo-i). Logs and pid files go to $STATE_DIR.
# Settings (environment): REDIS_PORT (6380), STATE_DIR (/tmp/mochi-local-cluster), CONFIGURATION (Debug).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
REDIS_PORT="${REDIS_PORT:-6380}"
STATE_DIR="${STATE_DIR:-/tmp/mochi-local-cluster}"
CONFIGURATION="${CONFIGURATION:-Debug}"
host_dll="$root/src/Silo/Host/bin/$CONFIGURATION/net10.0/MochiOrleans.Silo.Host.dll"
providers_dir="$root/samples/Cluster/Providers/bin/$CONFIGURATION/net10.0"

command="run"
case "${1:-}" in
  run|start|stop|status) command="$1"; shift ;;
esac
count="${1:-3}"

log() { echo "local-cluster: $*" >&2; }

install_redis() {
  command -v redis-server >/dev/null && return
  log "redis-server is missing; installing Debian's package"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  # Keep the package from starting its own service: this script runs the server it needs, on its own port.
  local guard=""
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    guard=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | $sudo tee "$guard" >/dev/null
    $sudo chmod +x "$guard"
  fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq redis-server >/dev/null
  [ -z "$guard" ] || $sudo rm -f "$guard"
}

start_redis() {
  if redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "Redis already answers on 127.0.0.1:$REDIS_PORT"
    return
  fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no --daemonize yes \
    --pidfile "$STATE_DIR/redis.pid" --logfile "$STATE_DIR/redis.log"
  for _ in $(seq 50); do
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping >/dev/null 2>&1 && return
    sleep 0.1
  done
  log "Redis did not start; see $STATE_DIR/redis.log"
  exit 1
}

start_silo() {
  local i="$1"
  (
    # The ConfigMap's environment, line by line (values may contain spaces or commas).
    while IFS= read -r line; do
      case "$line" in ''|'#'*) continue ;; esac
      export "$line"
    done < "$root/deploy/k8s/silo.env"
    # What Orleans' Kubernetes hosting takes from the downward API in a pod (POD_NAME, POD_IP), in Orleans' own keys.
    export Orleans__Name="silo-$i" Orleans__Endpoints__AdvertisedIPAddress=127.0.0.1
    # What differs on one machine.
    export Orleans__Clustering__ConnectionString="127.0.0.1:$REDIS_PORT"
    export Mochi__Host__ListenOnAnyHostAddress=false
    export Orleans__Endpoints__SiloPort=$((11111 + i)) Orleans__Endpoints__GatewayPort=$((30000 + i)) Mochi__Host__HealthPort=$((8080 + i)) Mochi__BulkChannelPort=$((31000 + i))
    export Mochi__Host__ProviderPaths__0="$providers_dir"
    export Mochi__Host__Providers__1__Type="ClusterProviders.NodeProvider,ClusterProviders"
    export Mochi__Host__Providers__1__Kind=Instance
    export Mochi__Host__Providers__1__ProviderId=$((100 + i))
    export Mochi__Host__Providers__1__Config__Label="silo-$i"
    exec dotnet "$host_dll" >"$STATE_DIR/silo-$i.log" 2>&1
  ) &
  echo $! >"$STATE_DIR/silo-$i.pid"
}

wait_ready() {
  local i="$1" port=$((8080 + i))
  for _ in $(seq 600); do
    if curl -fs "http://127.0.0.1:$port/healthz/ready" >/dev/null 2>&1; then
      log "silo-$i ready: engine tcp://127.0.0.1:$((30000 + i)), pid $(cat "$STATE_DIR/silo-$i.pid")"
      return
    fi
    if ! kill -0 "$(cat "$STATE_DIR/silo-$i.pid")" 2>/dev/null; then
      log "silo-$i exited; last lines of $STATE_DIR/silo-$i.log:"
      tail -n 20 "$STATE_DIR/silo-$i.log" >&2
      return 1
    fi
    sleep 0.1
  done
  log "silo-$i not ready after 60 s; see $STATE_DIR/silo-$i.log"
  return 1
}

start() {
  mkdir -p "$STATE_DIR"
  install_redis
  log "building the silo host and the sample providers ($CONFIGURATION)"
  dotnet build "$root/src/Silo/Host/MochiOrleans.Silo.Host.csproj" -c "$CONFIGURATION" -v quiet -nologo >/dev/null
  dotnet build "$root/samples/Cluster/Providers/ClusterProviders.csproj" -c "$CONFIGURATION" -v quiet -nologo >/dev/null
  start_redis
  for i in $(seq 0 $((count - 1))); do
    start_silo "$i"
  done
  for i in $(seq 0 $((count - 1))); do
    wait_ready "$i"
  done
  log "cluster up: $count silos, Redis 127.0.0.1:$REDIS_PORT; logs in $STATE_DIR"
}

stop() {
  local pids=()
  for file in "$STATE_DIR"/silo-*.pid; do
    [ -f "$file" ] || continue
    local pid
    pid="$(cat "$file")"
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid"
      pids+=("$pid")
    fi
    rm -f "$file"
  done
  # A graceful stop runs finalize hooks within the host's shutdown timeout (45 s in silo.env).
  for pid in "${pids[@]}"; do
    for _ in $(seq 600); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "silo pid $pid did not stop in 60 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  done
  if [ -f "$STATE_DIR/redis.pid" ]; then
    kill -TERM "$(cat "$STATE_DIR/redis.pid")" 2>/dev/null || true
    rm -f "$STATE_DIR/redis.pid"
  fi
  log "stopped"
}

status() {
  for file in "$STATE_DIR"/silo-*.pid; do
    [ -f "$file" ] || continue
    local name i
    name="$(basename "$file" .pid)"
    i="${name#silo-}"
    if curl -fs "http://127.0.0.1:$((8080 + i))/healthz/ready" >/dev/null 2>&1; then
      echo "$name pid $(cat "$file") ready tcp://127.0.0.1:$((30000 + i))"
    else
      echo "$name pid $(cat "$file") not ready"
    fi
  done
}

case "$command" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  run)
    trap 'stop; exit 0' INT TERM
    start
    log "Ctrl-C stops the cluster"
    while true; do sleep 1; done
    ;;
esac
