#!/usr/bin/env bash
# Installs (or finds) what the test suite needs beyond Python packages:
#   PostgreSQL server binaries (sync and schema tests), poppler-utils (PDF text read back),
#   Qt's runtime libraries for the offscreen platform, binutils (objdump: PyInstaller's bundle test).
# Idempotent and quiet when everything is there already.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v objdump >/dev/null 2>&1 || need+=(binutils)
ldconfig -p 2>/dev/null | grep -q libxkbcommon.so.0 || need+=(libxkbcommon0)
ldconfig -p 2>/dev/null | grep -q libEGL.so.1 || need+=(libegl1)
ldconfig -p 2>/dev/null | grep -q libfontconfig.so.1 || need+=(libfontconfig1)
ldconfig -p 2>/dev/null | grep -q libdbus-1.so.3 || need+=(libdbus-1-3)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  sudo_cmd="sudo"
  command -v sudo >/dev/null 2>&1 || { echo "Missing system packages: ${need[*]} (install them as root)"; exit 1; }
else
  sudo_cmd=""
fi
echo "Installing system packages for the tests: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
# The Debian postgresql package starts a cluster of its own; the tests start throwaway ones instead.
if printf '%s\n' "${need[@]}" | grep -qx postgresql; then
  $sudo_cmd service postgresql stop >/dev/null 2>&1 || true
fi
