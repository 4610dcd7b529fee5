#!/usr/bin/env bash
# The scale-out topology on one machine (docs/scale-out.md):
#   nginx (TOPOLOGY_PORT) -> TOPOLOGY_APIS API processes (APP_ROLE=api) + TOPOLOGY_WORKERS workers (APP_ROLE=worker)
#   -> a Redis Cluster of 3 masters with a replica each (the flash-sale Redis) and MySQL (from .env).
#
#   bash scripts/topology.sh up       start (or confirm) it; prints ENTRY=http://127.0.0.1:<port>
#   bash scripts/topology.sh status   JSON: every process it started, with role, pid and port
#   bash scripts/topology.sh down     stop exactly what it started (pids from its state file)
#
# Needs: the Quick start's set-up (MySQL with the app's database and user, .env), Node 20, and Debian's
# redis-server, redis-tools and nginx (installed with apt-get when missing). Uses the built app (dist/), building
# it when missing or older than src/.
#
# Settings (environment; .env supplies the app's own variables, the environment wins):
#   TOPOLOGY_APIS=2  TOPOLOGY_WORKERS=1  TOPOLOGY_PORT=8080
#   TOPOLOGY_API_PORT=3101 (first API's port; the next ones follow)  TOPOLOGY_REDIS_PORT=7000 (first of six)
#   TOPOLOGY_DIR=.topology (state, logs, configs)  TOPOLOGY_NODE_TIMEOUT_MS=2000 (cluster-node-timeout)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

APIS="${TOPOLOGY_APIS:-2}"
WORKERS="${TOPOLOGY_WORKERS:-1}"
PORT="${TOPOLOGY_PORT:-8080}"
API_PORT="${TOPOLOGY_API_PORT:-3101}"
REDIS_PORT="${TOPOLOGY_REDIS_PORT:-7000}"
DIR="${TOPOLOGY_DIR:-$ROOT/.topology}"
NODE_TIMEOUT_MS="${TOPOLOGY_NODE_TIMEOUT_MS:-2000}"
STATE="$DIR/state"
REDIS_NODES=6

# The caller's stderr, for messages from checks whose own output is silenced (closed for every process started,
# or a caller reading our output to its end would wait for them).
exec 3>&2
say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() {
  printf '\033[1;31mtopology: %s\033[0m\n' "$*" >&3
  exit 1
}

alive() { [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; }

# --- .env: the app's variables, without overriding what the environment already says ---
load_env() {
  [ -f "$ROOT/.env" ] || return 0
  local line key value
  while IFS= read -r line || [ -n "$line" ]; do
    [[ "$line" =~ ^[[:space:]]*([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
    key="${BASH_REMATCH[1]}"
    value="${BASH_REMATCH[2]}"
    value="${value%\"}"
    value="${value#\"}"
    [ -n "${!key+x}" ] || export "$key=$value"
  done <"$ROOT/.env"
}

ensure_packages() {
  local missing=()
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v redis-cli >/dev/null || missing+=(redis-tools)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

nginx_bin() { command -v nginx || echo /usr/sbin/nginx; }

ensure_build() {
  if [ ! -f dist/src/main.js ] || [ -n "$(find src -newer dist/src/main.js -type f -print -quit)" ]; then
    say "Building the app"
    npm run --silent build
  fi
}

record() { echo "$1 $2 $3" >>"$STATE"; } # role pid port

# Every recorded process still running?
all_alive() {
  [ -s "$STATE" ] || return 1
  local role pid port
  while read -r role pid port; do
    alive "$pid" || return 1
  done <"$STATE"
}

wait_for() { # description, timeout seconds, command...
  local what="$1" timeout="$2"
  shift 2
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || die "$what did not come up within ${timeout}s (logs: $DIR)"
    sleep 0.3
  done
}

redis_ports() { for ((i = 0; i < REDIS_NODES; i++)); do echo $((REDIS_PORT + i)); done; }
cluster_nodes_list() { redis_ports | sed 's/^/127.0.0.1:/' | paste -sd, -; }

cluster_ok() { redis-cli -p "$1" cluster info | grep -q '^cluster_state:ok'; }
all_cluster_ok() {
  local port
  for port in $(redis_ports); do cluster_ok "$port" || return 1; done
  # Every node sees all six.
  [ "$(redis-cli -p "$REDIS_PORT" cluster nodes | grep -c 'connected')" -eq "$REDIS_NODES" ]
}

start_redis() {
  local port dir
  for port in $(redis_ports); do
    dir="$DIR/redis-$port"
    rm -rf "$dir"
    mkdir -p "$dir"
    redis-server --port "$port" --bind 127.0.0.1 --daemonize yes \
      --dir "$dir" --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" \
      --cluster-enabled yes --cluster-config-file "$dir/nodes.conf" \
      --cluster-node-timeout "$NODE_TIMEOUT_MS" \
      --save "" --appendonly no 3>&-
  done
  for port in $(redis_ports); do
    wait_for "redis-server on $port" 10 redis-cli -p "$port" ping
    record redis "$(cat "$DIR/redis-$port/redis.pid")" "$port"
  done
  say "Creating the Redis Cluster (3 masters, 1 replica each)"
  # shellcheck disable=SC2046
  redis-cli --cluster create $(redis_ports | sed 's/^/127.0.0.1:/') --cluster-replicas 1 --cluster-yes \
    >"$DIR/cluster-create.log" 2>&1 || die "redis-cli --cluster create failed (see $DIR/cluster-create.log)"
  wait_for "the Redis Cluster" 30 all_cluster_ok
}

launch_app() { # role port entry log; records the process
  APP_ROLE="$1" PORT="$2" HOST=127.0.0.1 \
    REDIS_CLUSTER_NODES="$(cluster_nodes_list)" \
    TRUST_PROXY="${TOPOLOGY_TRUST_PROXY:-1}" \
    LOG_HTTP_REQUESTS="${LOG_HTTP_REQUESTS:-false}" \
    DB_MIGRATIONS_RUN=false \
    nohup node --max-old-space-size=256 "$3" >"$4" 2>&1 3>&- &
  record "$1" $! "$2"
}

# pid, log, check...: the check passes; a process that died stops the wait at once, with its log's end.
process_ready() {
  local pid="$1" log="$2"
  shift 2
  if ! alive "$pid"; then
    tail -5 "$log" >&3
    die "process $pid exited during start-up (log: $log)"
  fi
  "$@"
}

api_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$1/health/ready"; }
worker_ready() { grep -q 'Worker started' "$1"; }
entry_ready() { curl -fsS -o /dev/null "http://127.0.0.1:$PORT/health/ready"; }

start_apps() {
  say "Applying migrations"
  node node_modules/typeorm/cli.js -d dist/src/infrastructure/persistence/cli.data-source.js migration:run \
    >"$DIR/migrations.log" 2>&1 || die "migrations failed (see $DIR/migrations.log)"
  local i
  for ((i = 0; i < APIS; i++)); do
    launch_app api $((API_PORT + i)) dist/src/main.js "$DIR/api-$i.log"
  done
  for ((i = 0; i < WORKERS; i++)); do
    # The worker has no HTTP port: it is up once it logs "Worker started", so its log level is at least info.
    case "${LOG_LEVEL:-info}" in
      fatal | error | warn | silent) LOG_LEVEL=info launch_app worker 0 dist/src/worker.js "$DIR/worker-$i.log" ;;
      *) launch_app worker 0 dist/src/worker.js "$DIR/worker-$i.log" ;;
    esac
  done
  local role pid port api=0 worker=0
  while read -r role pid port; do
    case "$role" in
      api)
        wait_for "API $api (port $port)" 90 process_ready "$pid" "$DIR/api-$api.log" api_ready "$port"
        api=$((api + 1))
        ;;
      worker)
        wait_for "worker $worker" 90 process_ready "$pid" "$DIR/worker-$worker.log" worker_ready "$DIR/worker-$worker.log"
        worker=$((worker + 1))
        ;;
    esac
  done <"$STATE"
}

write_nginx_conf() {
  local servers="" i
  for ((i = 0; i < APIS; i++)); do
    servers+="    server 127.0.0.1:$((API_PORT + i)) max_fails=1 fail_timeout=2s;"$'\n'
  done
  mkdir -p "$DIR/nginx/tmp"
  cat >"$DIR/nginx/nginx.conf" <<EOF
# Written by scripts/topology.sh; docs/scale-out.md explains each setting.
worker_processes 1;
daemon off;
pid $DIR/nginx/nginx.pid;
error_log $DIR/nginx/error.log warn;
events {
  worker_connections 8192;
}
http {
  access_log off;
  client_body_temp_path $DIR/nginx/tmp/body;
  proxy_temp_path $DIR/nginx/tmp/proxy;
  fastcgi_temp_path $DIR/nginx/tmp/fastcgi;
  uwsgi_temp_path $DIR/nginx/tmp/uwsgi;
  scgi_temp_path $DIR/nginx/tmp/scgi;
  keepalive_requests 100000;
  upstream flash_sale_api {
    # The least busy instance first: a slow answer (a cold sale) does not pile requests on one process.
    least_conn;
$servers    # Kept-alive connections to the APIs: no TCP handshake per request.
    keepalive 128;
    keepalive_requests 100000;
    keepalive_timeout 60s;
  }
  server {
    listen 127.0.0.1:$PORT;
    proxy_http_version 1.1;
    proxy_set_header Connection "";
    proxy_set_header Host \$host;
    # Appends the peer's address: an API trusting one hop (TRUST_PROXY) takes the rightmost entry, nginx's own.
    proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    proxy_set_header X-Forwarded-Proto \$scheme;
    # A failed connection goes to the other instance; an order (POST) that reached one is never sent twice.
    proxy_next_upstream error timeout;
    location / {
      proxy_pass http://flash_sale_api;
    }
    # Server-sent events: every event goes out as it comes, and an idle stream is not cut after 60 s.
    location = /api/notifications/stream {
      proxy_pass http://flash_sale_api;
      proxy_buffering off;
      proxy_cache off;
      proxy_read_timeout 1h;
    }
  }
}
EOF
}

start_nginx() {
  write_nginx_conf
  "$(nginx_bin)" -t -q -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" 2>"$DIR/nginx/test.log" ||
    die "nginx rejected its configuration (see $DIR/nginx/test.log)"
  nohup "$(nginx_bin)" -p "$DIR/nginx" -c "$DIR/nginx/nginx.conf" >"$DIR/nginx/out.log" 2>&1 3>&- &
  record nginx $! "$PORT"
  wait_for "nginx on $PORT" 20 entry_ready
}

up() {
  if all_alive; then
    say "Already up"
    echo "ENTRY=http://127.0.0.1:$PORT"
    return 0
  fi
  [ -s "$STATE" ] && {
    say "A previous topology is partly down: stopping what is left first"
    down
  }
  load_env
  ensure_packages
  ensure_build
  mkdir -p "$DIR"
  : >"$STATE"
  trap 'say "Start-up failed: stopping what was started"; down' ERR
  start_redis
  start_apps
  start_nginx
  trap - ERR
  say "Up: $APIS API(s), $WORKERS worker(s), nginx, a 6-node Redis Cluster (logs in $DIR)"
  echo "ENTRY=http://127.0.0.1:$PORT"
}

status() {
  local role pid port first=1 running
  printf '{"entry":"http://127.0.0.1:%s","processes":[' "$PORT"
  if [ -s "$STATE" ]; then
    while read -r role pid port; do
      running=false
      alive "$pid" && running=true
      if [ "$role" = redis ]; then
        # The role now: a replica promoted by a failover reports master.
        case "$(redis-cli -p "$port" role 2>/dev/null | head -1)" in
          master) role=redis-master ;;
          slave) role=redis-replica ;;
          *) role=redis-down ;;
        esac
      fi
      [ $first -eq 1 ] || printf ','
      first=0
      printf '{"role":"%s","pid":%s,"port":%s,"running":%s}' "$role" "$pid" "$port" "$running"
    done <"$STATE"
  fi
  printf ']}\n'
}

stop_pid() { # pid, seconds before SIGKILL
  local pid="$1" grace="$2"
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  local deadline=$((SECONDS + grace))
  while alive "$pid" && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null
  return 0
}

down() {
  if [ ! -s "$STATE" ]; then
    say "Nothing to stop"
    rm -f "$STATE"
    return 0
  fi
  local role pid port
  # Front to back: nginx, then the apps (they drain), then Redis.
  for wanted in nginx api worker redis; do
    while read -r role pid port; do
      [ "$role" = "$wanted" ] || continue
      stop_pid "$pid" 15
    done <"$STATE"
  done
  rm -f "$STATE"
  rm -rf "$DIR"/redis-*
  say "Down"
}

case "${1:-}" in
  up) up ;;
  status) status ;;
  down) down ;;
  *)
    echo "usage: bash scripts/topology.sh up|status|down" >&2
    exit 2
    ;;
esac
