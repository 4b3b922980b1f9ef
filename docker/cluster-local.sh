#!/usr/bin/env bash
# The cluster profile of docker-compose.yml without containers: Redis, two app instances and nginx
# round-robin in front, from Debian's packages (redis-server, nginx) and the same configuration files
# (docker/redis/redis.conf, docker/nginx/cluster.conf.template). See docs/scaling.md.
#
#   mvn -q package -DskipTests                         # the jar, once
#   docker/cluster-local.sh start [PROXY APP1 APP2 REDIS]   # ports; default 8080 8081 8082 6390
#   docker/cluster-local.sh status
#   docker/cluster-local.sh kill-app 1|2               # kill -9 one instance (the failover run)
#   docker/cluster-local.sh start-app 1|2              # start it again
#   docker/cluster-local.sh stop
#
# State, logs and Redis's data go to target/cluster (CLUSTER_DIR). Extra app settings: LAB_* variables
# in the environment are passed on (e.g. LAB_FEED_RATE=100); JAVA_OPTS goes to both JVMs.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
dir="${CLUSTER_DIR:-$root/target/cluster}"
mkdir -p "$dir"

ports_file="$dir/ports"

running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

wait_http() { # url seconds
  local i
  for ((i = 0; i < $2 * 2; i++)); do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  echo "no answer from $1 after $2 s" >&2
  return 1
}

start_app() { # n
  local n="$1" port
  # shellcheck disable=SC1090
  . "$ports_file"
  port=$([ "$n" = 1 ] && echo "$APP1" || echo "$APP2")
  if running "$dir/app$n.pid"; then echo "app$n already runs (pid $(cat "$dir/app$n.pid"))"; return; fi
  local jar
  jar=$(ls "$root"/target/transport-lab-*.jar 2>/dev/null | grep -v plain | head -1 || true)
  [ -n "$jar" ] || { echo "no jar in target/: run mvn -q package -DskipTests first" >&2; exit 1; }
  # shellcheck disable=SC2086
  LAB_FEED_LOG=redis SPRING_DATA_REDIS_HOST=127.0.0.1 SPRING_DATA_REDIS_PORT="$REDIS" \
    nohup java ${JAVA_OPTS:-} -jar "$jar" --server.port="$port" --server.address=127.0.0.1 \
    >"$dir/app$n.log" 2>&1 &
  echo $! >"$dir/app$n.pid"
  wait_http "http://127.0.0.1:$port/actuator/health" 120
  echo "app$n on 127.0.0.1:$port (pid $(cat "$dir/app$n.pid"), log $dir/app$n.log)"
}

start() {
  local proxy="${1:-8080}" app1="${2:-8081}" app2="${3:-8082}" redis="${4:-6390}"
  printf 'PROXY=%s\nAPP1=%s\nAPP2=%s\nREDIS=%s\n' "$proxy" "$app1" "$app2" "$redis" >"$ports_file"

  mkdir -p "$dir/redis"
  if ! running "$dir/redis.pid"; then
    /usr/bin/redis-server "$root/docker/redis/redis.conf" --port "$redis" --dir "$dir/redis" \
      --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log"
    for _ in $(seq 1 50); do redis-cli -p "$redis" ping >/dev/null 2>&1 && break; sleep 0.1; done
  fi
  echo "redis on 127.0.0.1:$redis (data in $dir/redis)"

  start_app 1
  start_app 2

  mkdir -p "$dir/nginx/logs" "$dir/nginx/temp"
  cp "$root/docker/nginx/nginx-local.conf" "$dir/nginx/nginx.conf"
  sed -e "s/\${LAB_APP1}/127.0.0.1:$app1/" -e "s/\${LAB_APP2}/127.0.0.1:$app2/" \
    -e "s/\${LAB_PROXY_PORT}/127.0.0.1:$proxy/" \
    "$root/docker/nginx/cluster.conf.template" >"$dir/nginx/cluster.conf"
  if ! running "$dir/nginx/logs/nginx.pid"; then
    /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf"
  fi
  wait_http "http://127.0.0.1:$proxy/api/feeds/live" 10
  echo "nginx on http://127.0.0.1:$proxy -> 127.0.0.1:$app1, 127.0.0.1:$app2"
}

stop_pid() { # file name
  if running "$1"; then kill "$(cat "$1")" && echo "stopped $2"; fi
  rm -f "$1"
}

stop() {
  if [ -f "$dir/nginx/logs/nginx.pid" ]; then
    /usr/sbin/nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -s quit 2>/dev/null && echo "stopped nginx" || true
  fi
  stop_pid "$dir/app1.pid" app1
  stop_pid "$dir/app2.pid" app2
  if [ -f "$ports_file" ]; then
    # shellcheck disable=SC1090
    . "$ports_file"
    redis-cli -p "$REDIS" shutdown >/dev/null 2>&1 && echo "stopped redis" || true
  fi
}

status() {
  [ -f "$ports_file" ] || { echo "not started"; return; }
  # shellcheck disable=SC1090
  . "$ports_file"
  for n in 1 2; do
    if running "$dir/app$n.pid"; then echo "app$n: running (pid $(cat "$dir/app$n.pid"))"; else echo "app$n: stopped"; fi
  done
  redis-cli -p "$REDIS" ping >/dev/null 2>&1 && echo "redis: running on $REDIS" || echo "redis: stopped"
  running "$dir/nginx/logs/nginx.pid" && echo "nginx: running on $PROXY" || echo "nginx: stopped"
  curl -fsS "http://127.0.0.1:$PROXY/api/feeds/live" 2>/dev/null && echo || true
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) status ;;
  kill-app) kill -9 "$(cat "$dir/app${2:?1 or 2}.pid")" && rm -f "$dir/app$2.pid" && echo "killed app$2" ;;
  start-app) start_app "${2:?1 or 2}" ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
