# Sourced by the scripts in scripts/: makes sure this shell runs a Node that
# Backstage supports and that dependencies are installed for it.
# Idempotent: a second run finds everything in place and only sets variables.

MESHPATH_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
MESHPATH_TOOLS="$MESHPATH_ROOT/.meshpath"
MESHPATH_NODE_MAJOR=22

log() { printf '\033[1;34m[meshpath]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[meshpath]\033[0m %s\n' "$*" >&2; exit 1; }

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  command -v npm >/dev/null || die "npm is not on PATH; install Node.js 20 or newer first"
  local major
  major="$(node_major)"
  if [ "$major" -eq 22 ] || [ "$major" -eq 24 ]; then
    return
  fi
  # Backstage wants Node 22 or 24: bring Node 22 in from the registry's `node` package.
  local prefix="$MESHPATH_TOOLS/node$MESHPATH_NODE_MAJOR"
  local bin="$prefix/node_modules/node/bin"
  if [ ! -x "$bin/node" ]; then
    log "Node $(node -v 2>/dev/null || echo missing) is not supported by Backstage; installing Node $MESHPATH_NODE_MAJOR into $prefix"
    mkdir -p "$prefix"
    # A project of its own, so npm lets `node` run the install script that fetches its binary.
    printf '{ "private": true, "allowScripts": { "node": true } }\n' >"$prefix/package.json"
    npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund \
      "node@$MESHPATH_NODE_MAJOR" >&2 || die "could not install node@$MESHPATH_NODE_MAJOR from the npm registry"
  fi
  export PATH="$bin:$PATH"
  local arch
  case "$(uname -m)" in
    x86_64) arch=x64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) arch="$(uname -m)" ;;
  esac
  # Native addons (better-sqlite3) must be compiled against this Node's headers.
  export npm_config_nodedir="$prefix/node_modules/node/node_modules/node-linux-$arch"
  [ "$(node_major)" -eq "$MESHPATH_NODE_MAJOR" ] || die "Node $MESHPATH_NODE_MAJOR did not install correctly"
}

ensure_dependencies() {
  cd "$MESHPATH_ROOT" || die "cannot enter $MESHPATH_ROOT"
  local stamp="node_modules/.meshpath-install"
  local want
  want="$(node -v) $(sha256sum package-lock.json 2>/dev/null | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  # `npm install` with the committed lockfile installs exactly its versions. Not
  # `npm ci`: npm 11 records optional native packages only for the platforms it
  # saw, and `npm ci` then refuses the lockfile as out of sync.
  log "Installing dependencies (pinned by package-lock.json)"
  local lock_before
  lock_before="$(sha256sum package-lock.json 2>/dev/null | cut -d' ' -f1)"
  if ! npm install --no-audit --no-fund >&2; then
    # A broken extraction (interrupted download, shared cache) is fixed by starting clean once.
    log "npm install failed; retrying once from an empty node_modules"
    rm -rf node_modules
    npm install --no-audit --no-fund >&2 || die "npm install failed"
  fi
  want="$(node -v) $(sha256sum package-lock.json | cut -d' ' -f1)"
  # Set by scripts/test: an install that rewrites the committed lockfile leaves a
  # newcomer's clone dirty, so the test command refuses it.
  if [ -n "${MESHPATH_LOCKFILE_MUST_HOLD:-}" ] && [ "${want#* }" != "$lock_before" ]; then
    die "npm install rewrote package-lock.json; commit the lockfile it produced (git diff package-lock.json)"
  fi
  if ! node -e "require('better-sqlite3')(':memory:').close()" 2>/dev/null; then
    # Built earlier for another Node: rebuild against this one's headers.
    log "Rebuilding better-sqlite3 for Node $(node -v)"
    npm rebuild better-sqlite3 >&2 || die "could not rebuild better-sqlite3"
    node -e "require('better-sqlite3')(':memory:').close()" \
      || die "better-sqlite3 does not load under $(node -v)"
  fi
  echo "$want" >"$stamp"
}

ensure_node
ensure_dependencies
