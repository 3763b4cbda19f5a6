#!/usr/bin/env bash
# The install instructions, proved: packs the Meshpath packages as they are
# published (`backstage-cli package build`, `npm pack`), installs them outside
# this repository next to the Backstage packages they need, starts a backend
# and asks it for /api/mesh/health and the scaffolder's actions; then installs
# only what the CLI needs into an empty folder and runs `npx meshpath analyze`
# there with the machine's own Node. Leaves the repository as it found it.
set -euo pipefail
source "$(dirname "$0")/env.sh"
source "$(dirname "$0")/services.sh"
cd "$MESHPATH_ROOT"

# Every Meshpath package a backend installs; the @meshpath/* dependencies resolve to these tarballs.
PACKAGES=(mesh-common mesh-node mesh-engine mesh-backend scaffolder-actions permission-backend-module-mesh)
# The CLI's whole closure: nothing else from this repository.
CLI_TARBALLS=(mesh-common mesh-engine)
# The Backstage side of the backend, at the versions the lockfile pins.
BACKSTAGE_PACKAGES=(
  @backstage/backend-defaults
  @backstage/plugin-catalog-backend
  @backstage/plugin-permission-backend
  @backstage/plugin-scaffolder-backend
  @backstage/plugin-kubernetes-backend
)
NPM_INSTALL=(npm install --no-audit --no-fund --prefer-offline --loglevel=error)

step_started=$SECONDS
step() {
  log "packed install: $* (previous step $((SECONDS - step_started)) s)"
  step_started=$SECONDS
}
fail() { die "packed install: $*"; }

work="$(mktemp -d "${TMPDIR:-/tmp}/meshpath-packed.XXXXXX")"
database="meshpath_packed_$(printf '%s' "${work##*.}" | tr '[:upper:]' '[:lower:]')"
backend_pid=""
cli_install_pid=""
database_created=""
declare -A tarball packer
created_dists=()

# What the run may touch in the repository (all of it ignored by Git or restored by postpack).
touched_paths() {
  local p
  for p in "${PACKAGES[@]}"; do
    printf '%s\n' "plugins/$p/package.json" "plugins/$p/package.json-prepack" \
      "plugins/$p/config.schema.json" "plugins/$p/dist"
  done
}
repo_state() { git status --porcelain --ignored -- $(touched_paths); }
state_before="$(repo_state)"

cleanup() {
  local p pid
  # A pack still running finishes (its postpack restores package.json); an install stops.
  for pid in "${packer[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$cli_install_pid" ] && kill -0 "$cli_install_pid" 2>/dev/null; then
    pkill -P "$cli_install_pid" 2>/dev/null || true
    kill "$cli_install_pid" 2>/dev/null || true
    wait "$cli_install_pid" 2>/dev/null || true
  fi
  if [ -n "$backend_pid" ] && kill -0 "$backend_pid" 2>/dev/null; then
    kill "$backend_pid" 2>/dev/null || true
    wait "$backend_pid" 2>/dev/null || true
  fi
  if [ -n "$database_created" ]; then
    dropdb -h 127.0.0.1 -p "$pg_port" -U postgres --if-exists --force "$database" >/dev/null 2>&1 || true
  fi
  # A pack that failed half-way leaves the prepack package.json in place: put the original back.
  for p in "${PACKAGES[@]}"; do
    if [ -f "plugins/$p/package.json-prepack" ]; then
      (cd "plugins/$p" && npx backstage-cli package postpack) >/dev/null 2>&1 || true
    fi
  done
  for p in "${created_dists[@]}"; do rm -rf "plugins/$p/dist"; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
start_postgres
pg_connection="$(env | sed -n 's/^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING=//p' | head -n 1)"
[ -n "$pg_connection" ] || fail "start_postgres exported no connection string"
pg_port="${pg_connection##*:}"

# The machine's own Node and npm: PATH without the Node 22 that env.sh put first.
system_path="$(printf '%s' "$PATH" | tr ':' '\n' | grep -vF "$MESHPATH_TOOLS/" | paste -sd: -)"
system_node="$(PATH="$system_path" command -v node || true)"
[ -n "$system_node" ] || fail "no Node.js of the machine's own on PATH"

step "type declarations (tsc) for the packages' types"
npx tsc

step "building and packing ${PACKAGES[*]}"
mkdir -p "$work/tarballs"
# Side by side: no package's build or prepack reads another's output.
for p in "${PACKAGES[@]}"; do
  [ -d "plugins/$p/dist" ] || created_dists+=("$p")
  (
    cd "plugins/$p"
    npx backstage-cli package build
    npm pack --silent --pack-destination "$work/tarballs" >"$work/$p.tarball"
  ) >"$work/$p.pack.log" 2>&1 &
  packer[$p]=$!
done
for p in "${PACKAGES[@]}"; do
  wait "${packer[$p]}" || {
    cat "$work/$p.pack.log" >&2
    fail "backstage-cli package build or npm pack failed in plugins/$p"
  }
  name="$(tail -n 1 "$work/$p.tarball")"
  [ -n "$name" ] && [ -f "$work/tarballs/$name" ] || fail "npm pack wrote no tarball for plugins/$p"
  tarball[$p]="$work/tarballs/$name"
done

# The CLI's packages into an empty folder, installed with the machine's own npm (alongside the backend's).
mkdir -p "$work/cli"
cli_tarballs=()
for p in "${CLI_TARBALLS[@]}"; do cli_tarballs+=("${tarball[$p]}"); done
(
  cd "$work/cli"
  printf '{ "name": "meshpath-in-ci", "version": "0.0.0", "private": true }\n' >package.json
  env -u npm_config_nodedir PATH="$system_path" "${NPM_INSTALL[@]}" "${cli_tarballs[@]}"
) >"$work/cli-install.log" 2>&1 &
cli_install_pid=$!

step "installing the tarballs and ${BACKSTAGE_PACKAGES[*]} into a fresh backend folder"
mkdir -p "$work/backend"
backstage_specs=()
for pkg in "${BACKSTAGE_PACKAGES[@]}"; do
  backstage_specs+=("$pkg@$(node -p "require('./node_modules/$pkg/package.json').version")")
done
(
  cd "$work/backend"
  # backend-defaults reads the package.json of the folder it starts in, and wants a name.
  printf '{ "name": "meshpath-packed-backend", "version": "0.0.0", "private": true }\n' >package.json
  "${NPM_INSTALL[@]}" "${tarball[@]}" "${backstage_specs[@]}"
) >"$work/backend-install.log" 2>&1 || {
  cat "$work/backend-install.log" >&2
  fail "npm install of the packed packages failed"
}
wait "$cli_install_pid" || {
  cat "$work/cli-install.log" >&2
  fail "npm install of the CLI's packages failed with $("$system_node" -v)"
}

step "starting the backend (Node $(node -v), PostgreSQL database $database)"
createdb -h 127.0.0.1 -p "$pg_port" -U postgres "$database" || fail "could not create database $database"
database_created=1
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
token="$(node -p 'require("crypto").randomBytes(24).toString("hex")')"
cat >"$work/backend/index.js" <<'EOF'
// A backend as the plugins' READMEs tell an adopter to write it.
const { createBackend } = require('@backstage/backend-defaults');

const backend = createBackend();
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@meshpath/plugin-permission-backend-module-mesh'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@meshpath/plugin-scaffolder-backend-module-mesh'));
backend.add(import('@backstage/plugin-kubernetes-backend'));
backend.add(import('@meshpath/plugin-mesh-backend'));
backend.start();
EOF
# PostgreSQL, not SQLite: better-sqlite3 would compile from source here (about a minute).
cat >"$work/backend/app-config.yaml" <<EOF
backend:
  baseUrl: http://127.0.0.1:$port
  listen: { host: 127.0.0.1, port: $port }
  auth:
    externalAccess:
      - type: static
        options: { token: $token, subject: packed-install-test }
  database:
    client: pg
    pluginDivisionMode: schema
    connection: $pg_connection/$database
permission:
  enabled: true
kubernetes:
  serviceLocatorMethod: { type: multiTenant }
  clusterLocatorMethods: [{ type: config, clusters: [] }]
EOF
(cd "$work/backend" && exec node index.js --config app-config.yaml) >"$work/backend.log" 2>&1 &
backend_pid=$!

api() { curl -s -o "$work/response.json" -w '%{http_code}' "$@" || true; }
status=""
for _ in $(seq 1 120); do
  kill -0 "$backend_pid" 2>/dev/null || {
    cat "$work/backend.log" >&2
    fail "the packed backend exited during start-up"
  }
  status="$(api -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/mesh/health")"
  [ "$status" = 200 ] && break
  sleep 1
done
[ "$status" = 200 ] || {
  cat "$work/backend.log" >&2
  fail "GET /api/mesh/health answered $status, not 200"
}
grep -q '"ok"' "$work/response.json" || fail "/api/mesh/health said $(cat "$work/response.json")"
status="$(api "http://127.0.0.1:$port/api/mesh/health")"
[ "$status" = 401 ] || fail "GET /api/mesh/health without credentials answered $status, not 401"

status="$(api -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/scaffolder/v2/actions")"
[ "$status" = 200 ] || fail "GET /api/scaffolder/v2/actions answered $status"
actions="$(node -p 'require(process.argv[1]).map(a => a.id).filter(id => id.startsWith("mesh:")).sort().join(" ")' "$work/response.json")"
for id in mesh:generate mesh:validate; do
  [[ " $actions " == *" $id "* ]] || fail "the scaffolder lists no $id action (mesh actions: ${actions:-none})"
done
log "packed install: backend answered /api/mesh/health 200 (401 without a token); scaffolder actions: $actions"
kill "$backend_pid"
wait "$backend_pid" 2>/dev/null || true
backend_pid=""

step "running the packed CLI with the machine's own Node ($("$system_node" -v))"
mkdir -p "$work/cli/estate"
cat >"$work/cli/estate/mesh.yaml" <<'EOF'
apiVersion: v1
kind: Namespace
metadata: { name: shop, labels: { istio-injection: enabled } }
---
# A route to a host nothing serves: the engine's own check.
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: cart, namespace: shop }
spec: { hosts: [cart], http: [{ route: [{ destination: { host: cart } }] }] }
---
# A misspelt field: Istio's schemas, from the ESM-only model packages.
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: { name: default, namespace: shop }
spec: { mtls: { mode: STRICT }, portLevelMtl: {} }
---
# A wrong type: Flagger's CRD, from the package's schemas/ folder.
apiVersion: flagger.app/v1beta1
kind: Canary
metadata: { name: cart, namespace: shop }
spec:
  targetRef: { apiVersion: apps/v1, kind: Deployment, name: cart }
  analysis: { interval: 1m, threshold: many, iterations: 5 }
EOF
meshpath() { (cd "$work/cli" && env -u npm_config_nodedir PATH="$system_path" npx --no-install meshpath "$@"); }
code=0
meshpath analyze estate >"$work/cli.out" 2>&1 || code=$?
cat "$work/cli.out" >&2
[ "$code" = 1 ] || fail "meshpath analyze exited $code, not 1 (error-level findings)"
for finding in 'MP1101.*VirtualService shop/cart' 'MP0102.*portLevelMtl' 'MP0101.*threshold.*Canary shop/cart'; do
  grep -Eq "$finding" "$work/cli.out" || fail "meshpath analyze did not report $finding"
done
code=0
meshpath analyze --format sarif estate >"$work/cli.sarif" 2>"$work/cli.err" || code=$?
[ "$code" = 1 ] || fail "meshpath analyze --format sarif exited $code, not 1"
"$system_node" -e 'const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).runs[0]; if (r.tool.driver.name !== "meshpath" || r.results.length === 0) process.exit(1)' \
  "$work/cli.sarif" || fail "meshpath analyze --format sarif wrote no SARIF results"
code=0
meshpath analyze --format text --bogus estate >/dev/null 2>&1 || code=$?
[ "$code" = 2 ] || fail "meshpath analyze with an unknown option exited $code, not 2"

step "cleaning up"
cleanup
trap - EXIT
[ "$(repo_state)" = "$state_before" ] || fail "the run changed the repository: $(repo_state)"
log "packed install: passed in $((SECONDS - started)) s"
