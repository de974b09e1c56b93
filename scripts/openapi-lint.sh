#!/usr/bin/env bash
# Lints the OpenAPI document the server serves (/openapi/v1.json) with Redocly's recommended rules (tests/openapi-lint,
# @redocly/cli pinned in its package-lock.json, installed with npm ci on first use). Fails on any error.
# Usage: scripts/openapi-lint.sh [-c Configuration]   (the server must already be built in that configuration)
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
configuration=Debug
[ "${1:-}" = "-c" ] && configuration=$2
lint="$root/tests/openapi-lint"
mkdir -p artifacts
if [ ! -x "$lint/node_modules/.bin/redocly" ]; then
  echo "openapi-lint: installing @redocly/cli (npm ci)"
  (cd "$lint" && npm ci --no-audit --no-fund --loglevel=error) >artifacts/openapi-lint-install.log 2>&1 || {
    echo "openapi-lint: npm ci failed, see artifacts/openapi-lint-install.log" >&2; exit 1; }
fi

data=$(mktemp -d)
port=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
dotnet "src/Portfolio.Server/bin/$configuration/net10.0/Portfolio.Server.dll" --Urls="http://127.0.0.1:$port" \
  --Storage:DataDirectory="$data" --Pricing:CycleEnabled=false --Revaluation:Enabled=false >artifacts/openapi-lint-server.log 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
document=artifacts/openapi.json
for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/openapi/v1.json" -o "$document" && break
  kill -0 $server 2>/dev/null || { echo "openapi-lint: the server did not start, see artifacts/openapi-lint-server.log" >&2; exit 1; }
  sleep 0.1
done
[ -s "$document" ] || { echo "openapi-lint: no document from the server" >&2; exit 1; }
(cd "$lint" && ./node_modules/.bin/redocly lint "$root/$document" --config redocly.yaml --format=stylish 2>&1) \
  | grep -vE '[║╔╚]|^\s*$' >artifacts/openapi-lint.log
status=${PIPESTATUS[0]}
tail -n 5 artifacts/openapi-lint.log
[ "$status" -eq 0 ] && echo "openapi-lint: passed" || echo "openapi-lint: FAILED, see artifacts/openapi-lint.log"
exit "$status"
