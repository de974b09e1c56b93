# Background services the tests need, started by scripts/test.sh. Sourced, not run.
#
# start_services installs the pinned Cosmos DB-compatible server (tests/cosmos-server, from its package-lock.json),
# starts it on a free loopback port, waits until it answers, and exports COSMOS_ENDPOINT and COSMOS_KEY for the
# Cosmos adapter's tests. stop_services stops exactly the process start_services started.
# If COSMOS_ENDPOINT is already set, nothing is started: the tests use that endpoint.

_services_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_cosmos_pid=""

start_services() {
  if [ -n "${COSMOS_ENDPOINT:-}" ]; then
    echo "services: using COSMOS_ENDPOINT=$COSMOS_ENDPOINT"
    return 0
  fi
  local dir="$_services_root/tests/cosmos-server" log="$_services_root/artifacts/cosmos-server.log"
  mkdir -p "$_services_root/artifacts"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    echo "services: node/npm not found; the Cosmos tests will fail in CI (and skip elsewhere)" >&2
    return 0
  fi
  if [ ! -d "$dir/node_modules/@vercel/cosmosdb-server" ]; then
    echo "services: installing the Cosmos test server (npm ci)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1 || {
      echo "services: npm ci failed, see $log" >&2; return 0; }
  fi
  # Port 0: the server binds a free port itself and prints it. (Choosing a free port first and binding it afterwards
  # leaves a moment in which another process on this shared machine can take it.)
  local out="$_services_root/artifacts/cosmos-server.out" endpoint=""
  : >"$out"
  node "$dir/start.js" 0 127.0.0.1 >"$out" 2>>"$log" &
  _cosmos_pid=$!
  local i
  for i in $(seq 1 600); do
    [ -n "$endpoint" ] || endpoint=$(grep -m1 -oE 'http://127\.0\.0\.1:[0-9]+' "$out")
    if [ -n "$endpoint" ] && node -e 'require("http").get(process.argv[1],r=>process.exit(0)).on("error",()=>process.exit(1))' \
         "$endpoint/" 2>/dev/null; then
      export COSMOS_ENDPOINT="$endpoint"
      # The emulator's well-known key; the test server accepts any key.
      export COSMOS_KEY="C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="
      echo "services: Cosmos test server (pid $_cosmos_pid) at $COSMOS_ENDPOINT"
      return 0
    fi
    if ! kill -0 "$_cosmos_pid" 2>/dev/null; then break; fi
    sleep 0.1
  done
  echo "services: the Cosmos test server did not start, see $log" >&2
  stop_services
  return 0
}

stop_services() {
  if [ -n "$_cosmos_pid" ]; then
    kill "$_cosmos_pid" 2>/dev/null && wait "$_cosmos_pid" 2>/dev/null
    _cosmos_pid=""
  fi
  return 0
}
