#!/usr/bin/env bash
# Prepares this machine to run or test the platform, and is safe to run again:
#   - Node 20+ is checked; npm dependencies are installed (npm ci) when missing or stale;
#   - .env is created from .env.example when absent, with a freshly generated JWT_SECRET (scripts/new-env.sh);
#   - MariaDB and Redis are used when they answer, otherwise installed from Debian's packages (when missing)
#     and started;
#   - the app's own database user and database are created (root is used only through the local socket);
#   - Chromium (Debian's package) is installed when missing, for the browser suite (SKIP_CHROMIUM=1 skips it);
#   - migrations are applied.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Variables already in the environment win over .env, as in the app.
load_env() {
  [ -f .env ] || { bash scripts/new-env.sh .env; say ".env is new: its JWT_SECRET was generated for this machine"; }
  local key value
  while IFS='=' read -r key value || [ -n "$key" ]; do
    [[ -z "$key" || "$key" == \#* ]] && continue
    [ -z "${!key+x}" ] && export "$key=$value"
  done < .env
  export DB_HOST="${DB_HOST:-127.0.0.1}" DB_PORT="${DB_PORT:-3306}"
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_for_port() {
  local host=$1 port=$2 what=$3
  for _ in $(seq 1 60); do port_open "$host" "$port" && return 0; sleep 1; done
  die "$what did not start listening on $host:$port within 60 s"
}
is_local() { [[ "$1" == "127.0.0.1" || "$1" == "localhost" || "$1" == "::1" ]]; }

apt_install() {
  command -v apt-get >/dev/null || die "$* is missing and this is not a Debian-like system: install it yourself"
  say "Installing $* from Debian's packages"
  if [ -z "${APT_UPDATED:-}" ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

check_node() {
  command -v node >/dev/null || die "Node.js 20 or newer is required"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=12)?0:1)' ||
    die "Node.js 20.12 or newer is required (found $(node --version))"
}

install_node_modules() {
  if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    say "Installing npm dependencies (npm ci)"
    npm ci --no-audit --no-fund
  fi
}

mysql_server_bin() { command -v mariadbd || command -v mysqld || ls /usr/sbin/mariadbd /usr/sbin/mysqld 2>/dev/null | head -n1 || true; }

ensure_mysql() {
  if port_open "$DB_HOST" "$DB_PORT"; then return 0; fi
  is_local "$DB_HOST" || die "MySQL at $DB_HOST:$DB_PORT does not answer, and it is not on this machine"
  [ -n "$(mysql_server_bin)" ] || apt_install mariadb-server mariadb-client
  say "Starting MariaDB"
  as_root mkdir -p /run/mysqld
  as_root chown mysql:mysql /run/mysqld 2>/dev/null || true
  as_root start-stop-daemon --start --oknodo --background --exec "$(mysql_server_bin)"
  wait_for_port "$DB_HOST" "$DB_PORT" MariaDB
}

# The app never uses root: it gets its own user, allowed on its database and on the `<db>_test_*` ones the
# test suites create and drop.
ensure_database() {
  local root=(mariadb --protocol=socket -uroot)
  command -v mariadb >/dev/null || root=(mysql --protocol=socket -uroot)
  if is_local "$DB_HOST" && as_root "${root[@]}" -e 'SELECT 1' >/dev/null 2>&1; then
    local pattern="${DB_DATABASE//_/\\_}%"
    as_root "${root[@]}" <<SQL
CREATE DATABASE IF NOT EXISTS \`${DB_DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '${DB_USERNAME}'@'localhost' IDENTIFIED BY '${DB_PASSWORD}';
CREATE USER IF NOT EXISTS '${DB_USERNAME}'@'127.0.0.1' IDENTIFIED BY '${DB_PASSWORD}';
GRANT ALL PRIVILEGES ON \`${pattern}\`.* TO '${DB_USERNAME}'@'localhost';
GRANT ALL PRIVILEGES ON \`${pattern}\`.* TO '${DB_USERNAME}'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
    say "Database ${DB_DATABASE} and user ${DB_USERNAME} are ready"
  else
    say "No root access to MySQL through the local socket: assuming ${DB_USERNAME} and ${DB_DATABASE} exist"
  fi
}

redis_host_port() {
  local rest=${1#*://}
  rest=${rest#*@}
  rest=${rest%%/*}
  REDIS_HOST=${rest%%:*}
  REDIS_PORT=${rest##*:}
  [ "$REDIS_PORT" = "$rest" ] && REDIS_PORT=6379
  return 0
}

ensure_redis() {
  local url
  for url in "$REDIS_URL" "${CACHE_REDIS_URL:-}"; do
    [ -n "$url" ] || continue
    redis_host_port "$url"
    port_open "$REDIS_HOST" "$REDIS_PORT" && continue
    is_local "$REDIS_HOST" || die "Redis at $REDIS_HOST:$REDIS_PORT does not answer, and it is not on this machine"
    command -v redis-server >/dev/null || apt_install redis-server
    say "Starting Redis on port $REDIS_PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no >/dev/null
    wait_for_port "$REDIS_HOST" "$REDIS_PORT" Redis
  done
}

# The browser suite drives Debian's Chromium through playwright-core (Playwright's own download is not used).
ensure_chromium() {
  [ "${SKIP_CHROMIUM:-}" = "1" ] && return 0
  command -v chromium >/dev/null || [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || apt_install chromium
}

check_node
load_env
ensure_mysql
ensure_database
ensure_redis
install_node_modules
ensure_chromium
if [ "${SKIP_MIGRATIONS:-}" != "1" ]; then
  say "Applying migrations"
  npx ts-node --transpile-only src/infrastructure/persistence/migrate.ts
fi
say "Set-up done"
