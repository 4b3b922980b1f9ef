#!/usr/bin/env bash
# Container health probe: GET /actuator/health on the app's own port, healthy only on HTTP 200.
# The JRE base image has neither curl nor wget, so this speaks HTTP/1.0 over bash's /dev/tcp.
# Exit 0 healthy, 1 unhealthy (Docker's meaning), always with a one-line reason on failure. The whole
# probe gives up after HEALTHCHECK_TIMEOUT seconds, shorter than the HEALTHCHECK --timeout, so that
# Docker records our reason rather than killing a probe that hangs on an app that accepts the
# connection but does not answer.
set -uo pipefail
port="${PORT:-8080}"
limit="${HEALTHCHECK_TIMEOUT:-4}"

# Prints the status line; its exit code says how far it got (3 no connection, 4 no answer).
probe() {
  exec 2>/dev/null 3<>"/dev/tcp/127.0.0.1/$port" || exit 3
  printf 'GET /actuator/health HTTP/1.0\r\nHost: localhost\r\n\r\n' >&3
  IFS= read -r status_line <&3 || [ -n "${status_line:-}" ] || exit 4
  printf '%s\n' "${status_line%$'\r'}"
}
export -f probe
export port

status_line="$(timeout "$limit" bash -c probe)"
code=$?
case "$code:$status_line" in
  "0:HTTP/1.1 200"* | "0:HTTP/1.0 200"*) exit 0 ;;
  0:*) echo "unhealthy: /actuator/health answered '$status_line' (healthy only on 200)" >&2 ;;
  3:*) echo "unhealthy: nothing accepts connections on 127.0.0.1:$port (connection refused: app not started or crashed)" >&2 ;;
  4:*) echo "unhealthy: 127.0.0.1:$port closed the connection without an HTTP answer" >&2 ;;
  124:*) echo "unhealthy: 127.0.0.1:$port gave no HTTP answer within ${limit}s (app accepting connections but stuck or overloaded)" >&2 ;;
  *) echo "unhealthy: probe failed with status $code" >&2 ;;
esac
exit 1
