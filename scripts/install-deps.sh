#!/usr/bin/env bash
# Installs the Debian 12 packages Gas Town builds and tests with.
# Only what is missing is installed, so repeated runs are quick.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git python3 sqlite3 tmux
  libsqlite3-dev libsodium-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libexpected-dev libtomlplusplus-dev libsimdjson-dev libgtest-dev libgmock-dev clang-format
  libfaketime
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing: ${missing[*]}"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
