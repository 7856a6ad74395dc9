#!/usr/bin/env bash
# Installs the machine tools some tests drive, from Debian's packages, when they are missing:
# Chromium (the storefront's browser test) and promtool (the Prometheus rule tests).
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v promtool >/dev/null || missing+=(prometheus)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "tests need: ${missing[*]} (Debian packages); install them and run again" >&2
  exit 1
fi
echo "installing ${missing[*]} ..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
