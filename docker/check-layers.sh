#!/usr/bin/env bash
# Runs the Dockerfile's layer step on a packaged jar and checks that the Dockerfile copies every
# layer Spring Boot made, in the jar's own order (list-layers: dependencies first, application last),
# so that a code change rebuilds only the last image layer. There is no container engine in CI;
# this is the part of the image build that can be checked without one.
# Usage: docker/check-layers.sh target/transport-lab-*.jar
set -euo pipefail
cd "$(dirname "$0")/.."
jar="${1:?usage: docker/check-layers.sh JAR}"
out=target/extracted

rm -rf "$out"
java -Djarmode=tools -jar "$jar" extract --layers --launcher --destination "$out"

in_jar="$(java -Djarmode=tools -jar "$jar" list-layers)"
in_dockerfile="$(sed -n 's|^COPY --from=build /workspace/target/extracted/\([^/]*\)/ .*|\1|p' Dockerfile)"
for layer in $in_jar; do
  [ -d "$out/$layer" ] || { echo "layer $layer listed by list-layers but not extracted to $out/$layer" >&2; exit 1; }
done
if [ "$in_jar" != "$in_dockerfile" ]; then
  echo "Dockerfile copies the layers as:" $in_dockerfile >&2
  echo "the jar's layer order is:        " $in_jar >&2
  exit 1
fi
echo "Dockerfile copies the jar's layers in order:" $in_jar
