#!/usr/bin/env bash
# The compose profile "tls" without containers: Debian's nginx (apt-get install nginx openssl) with the
# same docker/nginx/tls.conf.template, a throwaway certificate made by docker/nginx/make-cert.sh.
#
#   docker/tls-local.sh start    nginx in the background: https://localhost:8443 -> the app on :8080
#   docker/tls-local.sh stop
#   docker/tls-local.sh run      in the foreground (tests and the comparison run use this)
#
# Settings (environment): TLS_PORT (8443), TLS_UPSTREAM (127.0.0.1:8080), TLS_READ_TIMEOUT (60s),
# TLS_WORK_DIR (target/tls: rendered config, pid, log), TLS_CERT_DIR (TLS_WORK_DIR/cert).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
export TLS_PORT="${TLS_PORT:-8443}"
export TLS_UPSTREAM="${TLS_UPSTREAM:-127.0.0.1:${PORT:-8080}}"
export TLS_READ_TIMEOUT="${TLS_READ_TIMEOUT:-60s}"
export TLS_WORK_DIR="${TLS_WORK_DIR:-$root/target/tls}"
export TLS_CERT_DIR="${TLS_CERT_DIR:-$TLS_WORK_DIR/cert}"
mkdir -p "$TLS_WORK_DIR"
TLS_WORK_DIR="$(cd "$TLS_WORK_DIR" && pwd)"
conf="$TLS_WORK_DIR/nginx.conf"
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || { echo "nginx is needed (Debian: apt-get install nginx)" >&2; exit 1; }
nginx="$(command -v nginx || echo /usr/sbin/nginx)"

render() {
  "$here/nginx/make-cert.sh"
  # only our placeholders: nginx's own $variables stay as they are
  local vars='${TLS_PORT} ${TLS_UPSTREAM} ${TLS_READ_TIMEOUT} ${TLS_WORK_DIR} ${TLS_CERT_DIR}'
  envsubst "$vars" < "$here/nginx/tls.conf.template" > "$TLS_WORK_DIR/tls.conf"
  envsubst "$vars" < "$here/nginx/local.conf.template" > "$conf"
  "$nginx" -t -q -p "$TLS_WORK_DIR" -c "$conf"
}

case "${1:-}" in
  start)
    render
    "$nginx" -p "$TLS_WORK_DIR" -c "$conf"
    echo "TLS front (HTTP/2): https://localhost:$TLS_PORT -> http://$TLS_UPSTREAM (stop: $0 stop)"
    ;;
  run)
    render
    echo "TLS front (HTTP/2): https://localhost:$TLS_PORT -> http://$TLS_UPSTREAM"
    exec "$nginx" -p "$TLS_WORK_DIR" -c "$conf" -g 'daemon off;'
    ;;
  stop)
    if [ -s "$TLS_WORK_DIR/nginx.pid" ]; then
      "$nginx" -p "$TLS_WORK_DIR" -c "$conf" -s quit
      echo "TLS front stopped"
    else
      echo "TLS front not running (no $TLS_WORK_DIR/nginx.pid)"
    fi
    ;;
  *)
    echo "usage: $0 start|run|stop" >&2
    exit 64
    ;;
esac
