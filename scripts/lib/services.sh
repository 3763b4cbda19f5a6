# Sourced by scripts/test: the local services the tests need, all on 127.0.0.1.
# Each is installed from Debian's packages when missing and started once;
# a second run finds it running and only exports its address.

apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
    die "missing Debian packages: ${missing[*]} (install them, or run as root so this script can)"
  fi
  log "Installing ${missing[*]} from Debian's packages"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2 \
    || die "apt-get install ${missing[*]} failed"
}

# PostgreSQL for the database tests (TestDatabases), a private cluster on a
# loopback port so it never touches a system instance.
start_postgres() {
  apt_install postgresql
  local bindir
  bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
  [ -x "$bindir/pg_ctl" ] || die "PostgreSQL server binaries not found under /usr/lib/postgresql"
  local version="${bindir#/usr/lib/postgresql/}"
  version="${version%/bin}"
  local data="$MESHPATH_TOOLS/postgres-$version"
  local port="${MESHPATH_PG_PORT:-54329}"
  local run=()
  # initdb and postgres refuse to run as root.
  if [ "$(id -u)" -eq 0 ]; then run=(runuser -u postgres --); fi
  mkdir -p "$MESHPATH_TOOLS"
  if [ ! -f "$data/PG_VERSION" ]; then
    log "Creating a PostgreSQL $version cluster in $data"
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    "${run[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust >/dev/null || die "initdb failed"
  fi
  if ! "${run[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "Starting PostgreSQL $version on 127.0.0.1:$port"
    "${run[@]}" "$bindir/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-h 127.0.0.1 -p $port -k /tmp -c fsync=off -c max_connections=300" start >/dev/null \
      || die "PostgreSQL did not start; see $data/server.log"
  fi
  export BACKSTAGE_TEST_DATABASE_POSTGRES${version}_CONNECTION_STRING="postgresql://postgres@127.0.0.1:$port"
  export MESHPATH_TEST_POSTGRES_VERSION="$version"
}

# Prometheus and promtool: the SLO tests start their own Prometheus on a free
# loopback port over blocks they generate; here we only make sure it is installed.
ensure_prometheus() {
  apt_install prometheus
  export MESHPATH_PROMETHEUS_BIN="${MESHPATH_PROMETHEUS_BIN:-$(command -v prometheus)}"
  export MESHPATH_PROMTOOL_BIN="${MESHPATH_PROMTOOL_BIN:-$(command -v promtool)}"
}

# Debian's Chromium for the browser tests (playwright-core never downloads one).
ensure_chromium() {
  apt_install chromium
  export MESHPATH_CHROMIUM_BIN="${MESHPATH_CHROMIUM_BIN:-$(command -v chromium)}"
}
