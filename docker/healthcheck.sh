#!/usr/bin/env bash
# Container health probe: GET /actuator/health on the app's own port, healthy only on HTTP 200.
# The JRE base image has neither curl nor wget, so this speaks HTTP/1.0 over bash's /dev/tcp.
set -euo pipefail
exec 3<>"/dev/tcp/127.0.0.1/${PORT:-8080}"
printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
IFS= read -r -t 5 status_line <&3
exec 3<&-
case "$status_line" in
  "HTTP/1.1 200"* | "HTTP/1.0 200"*) exit 0 ;;
  *) echo "unhealthy: ${status_line:-no answer}" >&2; exit 1 ;;
esac
