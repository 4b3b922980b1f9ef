#!/bin/sh
# A throwaway self-signed certificate for the TLS front, made where it runs (never kept in git):
# TLS_CERT_DIR/cert.pem and key.pem for localhost and 127.0.0.1, unless they exist already.
# Run by the stock nginx image from /docker-entrypoint.d/ and by docker/tls-local.sh.
set -eu
dir="${TLS_CERT_DIR:?TLS_CERT_DIR: where to put cert.pem and key.pem}"
if [ -s "$dir/cert.pem" ] && [ -s "$dir/key.pem" ]; then
  exit 0
fi
command -v openssl >/dev/null || { echo "make-cert.sh: openssl is needed (Debian: apt-get install openssl)" >&2; exit 1; }
mkdir -p "$dir"
umask 077
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
echo "make-cert.sh: self-signed certificate for localhost in $dir (valid 30 days)"
