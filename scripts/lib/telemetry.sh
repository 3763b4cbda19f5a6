# Sourced by scripts/start (after env.sh and services.sh): the example
# estate's Istio telemetry (examples/telemetry/) in a Prometheus of its own on
# 127.0.0.1, so the portal's SLO and traffic cards have something to read.

MESHPATH_EXAMPLE_PROMETHEUS_PORT="${MESHPATH_EXAMPLE_PROMETHEUS_PORT:-9099}"
MESHPATH_EXAMPLE_TELEMETRY_DIR="${MESHPATH_EXAMPLE_TELEMETRY_DIR:-$MESHPATH_TOOLS/example-telemetry}"
# Data is written 12 hours past its anchor (examples/telemetry/timeline.ts);
# older than an hour, it is regenerated so a new session gets most of them.
MESHPATH_EXAMPLE_TELEMETRY_MAX_AGE_SECONDS=3600

# Prometheus and promtool from Debian's packages, installed only where we may;
# never fatal: without them the portal starts and its SLO cards say why.
example_prometheus_binaries() {
  if ! command -v "${MESHPATH_PROMETHEUS_BIN:-prometheus}" >/dev/null ||
    ! command -v "${MESHPATH_PROMTOOL_BIN:-promtool}" >/dev/null; then
    if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
      log "Debian's prometheus package is missing, and only root can install it"
      return 1
    fi
    (apt_install prometheus) || return 1
  fi
  MESHPATH_PROMETHEUS_BIN="$(command -v "${MESHPATH_PROMETHEUS_BIN:-prometheus}")"
  MESHPATH_PROMTOOL_BIN="$(command -v "${MESHPATH_PROMTOOL_BIN:-promtool}")"
}

# A fingerprint of the generator: changed sources mean the data is regenerated.
example_telemetry_fingerprint() {
  cat "$MESHPATH_ROOT"/examples/telemetry/*.ts | sha256sum | cut -d' ' -f1
}

# Generates the data ending now and backfills it into $dir/data, unless the
# data there is younger than MESHPATH_EXAMPLE_TELEMETRY_MAX_AGE_SECONDS.
example_telemetry_backfill() {
  local dir="$MESHPATH_EXAMPLE_TELEMETRY_DIR"
  local now fingerprint stamp
  now="$(date +%s)"
  fingerprint="$(example_telemetry_fingerprint)"
  if [ -f "$dir/anchor" ] && [ -d "$dir/data" ]; then
    read -r stamp <"$dir/anchor"
    if [ "${stamp#* }" = "$fingerprint" ] &&
      [ $((now - ${stamp%% *})) -lt "$MESHPATH_EXAMPLE_TELEMETRY_MAX_AGE_SECONDS" ]; then
      log "Example telemetry from $(date -d "@${stamp%% *}" '+%F %T') is fresh; reusing it"
      return
    fi
  fi
  log "Generating 30 days of the example estate's Istio telemetry, ending now, and backfilling it (about a minute)"
  mkdir -p "$dir"
  rm -rf "$dir/data" "$dir/anchor"
  (cd "$MESHPATH_ROOT" && node --require @backstage/cli/config/nodeTransform.cjs \
    examples/telemetry/generate.ts "$dir/telemetry.om" --anchor "$now") >&2 || {
    rm -f "$dir/telemetry.om"
    return 1
  }
  # Blocks of up to 486 h: promtool reads the whole input once per block.
  "$MESHPATH_PROMTOOL_BIN" tsdb create-blocks-from openmetrics --max-block-duration=720h --quiet \
    "$dir/telemetry.om" "$dir/data" >&2 || {
    rm -rf "$dir/telemetry.om" "$dir/data"
    return 1
  }
  rm -f "$dir/telemetry.om"
  echo "$now $fingerprint" >"$dir/anchor"
}

# Stops the Prometheus a previous start left behind (its pid file, and only if
# that process still serves this data directory).
stop_example_prometheus() {
  local dir="$MESHPATH_EXAMPLE_TELEMETRY_DIR" pid
  [ -f "$dir/prometheus.pid" ] || return 0
  read -r pid <"$dir/prometheus.pid"
  if [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--storage.tsdb.path=$dir/data"; then
    kill "$pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  fi
  rm -f "$dir/prometheus.pid"
}

# Starts Prometheus on 127.0.0.1:$MESHPATH_EXAMPLE_PROMETHEUS_PORT over the
# example telemetry and exports MESHPATH_PROMETHEUS_URL, which app-config.yaml
# gives the backend as mesh.prometheus.baseUrl. Returns 1 (the caller goes on
# without it) when Prometheus cannot be had or does not start.
start_example_prometheus() {
  local dir="$MESHPATH_EXAMPLE_TELEMETRY_DIR"
  local url="http://127.0.0.1:$MESHPATH_EXAMPLE_PROMETHEUS_PORT"
  example_prometheus_binaries || return 1
  stop_example_prometheus
  if (exec 3<>"/dev/tcp/127.0.0.1/$MESHPATH_EXAMPLE_PROMETHEUS_PORT") 2>/dev/null; then
    log "127.0.0.1:$MESHPATH_EXAMPLE_PROMETHEUS_PORT is taken; set MESHPATH_EXAMPLE_PROMETHEUS_PORT to a free port"
    return 1
  fi
  example_telemetry_backfill || return 1
  # No scrape jobs: the backfilled blocks are the only data.
  printf 'global:\n  scrape_interval: 1m\n' >"$dir/prometheus.yml"
  "$MESHPATH_PROMETHEUS_BIN" --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --storage.tsdb.retention.time=100y --web.listen-address="127.0.0.1:$MESHPATH_EXAMPLE_PROMETHEUS_PORT" \
    --log.level=warn >"$dir/prometheus.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/prometheus.pid"
  for _ in $(seq 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "Prometheus exited at start; see $dir/prometheus.log"
      rm -f "$dir/prometheus.pid"
      return 1
    fi
    # Ready, and still ours: something else on the port may answer too.
    if node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "$url/-/ready" && kill -0 "$pid" 2>/dev/null; then
      export MESHPATH_PROMETHEUS_URL="$url"
      return 0
    fi
    sleep 0.5
  done
  log "Prometheus did not become ready at $url; see $dir/prometheus.log"
  stop_example_prometheus
  return 1
}
