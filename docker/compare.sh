#!/usr/bin/env bash
# Entry point of the compare image: the comparison run, offline, with the flags given as arguments
# (compose passes -Dcompare.args=...). It runs as the host user (compose's user: HOST_UID:HOST_GID),
# so the report it leaves in the bind-mounted folder can be removed by that user.
set -euo pipefail
out="$PWD/target/comparison"   # WORKDIR /workspace: the bind mount
if ! { mkdir -p "$out" && [ -w "$out" ]; } 2>/dev/null; then
  echo "compare: cannot write the report to $out (the host's ./comparison-report) as uid $(id -u):$(id -g)." >&2
  echo "compare: create the folder as yourself first (mkdir -p comparison-report; if Docker already made it," >&2
  echo "compare: it belongs to root: sudo rm -r comparison-report) and set HOST_UID=\$(id -u) and" >&2
  echo "compare: HOST_GID=\$(id -g) in .env when they are not 1000." >&2
  exit 1
fi
# Only the run itself (the profile's exec execution), not the lifecycle: the classes were compiled
# when the image was built, by root, and another user could not rewrite them.
exec mvn -B -ntp -o -Dmaven.repo.local="${MAVEN_REPO_LOCAL:?}" -Pcompare exec:exec@comparison-run "$@"
