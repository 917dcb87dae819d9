#!/usr/bin/env bash
# Makes a throwaway certificate authority and the certificates docker-compose.yml mounts, for
# local use only: ./certs/ca.crt (the authority every process trusts), silo.crt/silo.key (every
# silo: server and client of silo-to-silo connections, server of the gateway) and
# client.crt/client.key (the CLI). It also writes a random REDIS_PASSWORD to ./.env when .env
# does not set one; docker compose reads .env by itself.
#
#   scripts/make-dev-certs.sh            # into ./certs (kept when it exists; --force remakes it)
#   scripts/make-dev-certs.sh DIR        # into DIR, without touching .env (the tests use this)
#
# The private keys are made readable by everyone (0644) so that the containers' non-root user
# can read the bind-mounted files. That is acceptable for a throwaway authority on a laptop and
# nowhere else: in production, issue certificates from your own authority and hand keys over
# through your platform's secret store. certs/ and .env are in .gitignore.
set -euo pipefail
cd "$(dirname "$0")/.."

force=false
dir=""
for argument in "$@"; do
  case "$argument" in
    --force) force=true ;;
    -*) echo "unknown option: $argument" >&2; exit 2 ;;
    *) dir=$argument ;;
  esac
done

if ! command -v openssl >/dev/null 2>&1; then
  echo "openssl is required (apt-get install -y openssl)." >&2
  exit 1
fi

write_env=false
if [ -z "$dir" ]; then
  dir=certs
  write_env=true
fi

if [ -e "$dir/ca.crt" ] && [ "$force" = false ]; then
  echo "$dir/ca.crt exists: keeping the certificates there (--force makes new ones)."
else
  mkdir -p "$dir"
  days=30
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT

  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "$days" \
    -subj "/CN=Orleans.Dispatch throwaway CA" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.crt" 2>/dev/null

  issue() {
    local name=$1 usage=$2 names=$3
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
      -subj "/CN=orleans-dispatch-$name" -keyout "$dir/$name.key" -out "$tmp/$name.csr" 2>/dev/null
    printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=%s\nsubjectAltName=%s\n' \
      "$usage" "$names" >"$tmp/$name.ext"
    openssl x509 -req -in "$tmp/$name.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -CAcreateserial \
      -days "$days" -extfile "$tmp/$name.ext" -out "$dir/$name.crt" 2>/dev/null
  }

  issue silo "serverAuth,clientAuth" "DNS:silo1,DNS:silo2,DNS:silo3,DNS:localhost,IP:127.0.0.1"
  issue client "clientAuth" "DNS:orleans-dispatch-client"
  rm -f "$dir/ca.srl"
  chmod 0644 "$dir"/*.crt "$dir/silo.key" "$dir/client.key"
  chmod 0600 "$dir/ca.key"
  echo "Made a throwaway authority and certificates in $dir (valid $days days)."
fi

if [ "$write_env" = true ] && ! grep -qs '^REDIS_PASSWORD=' .env; then
  echo "REDIS_PASSWORD=$(openssl rand -hex 24)" >>.env
  echo "Wrote a random REDIS_PASSWORD to .env."
fi
