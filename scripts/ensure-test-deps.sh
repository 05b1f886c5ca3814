#!/usr/bin/env bash
# Installs (or finds) what the build and the test suite need beyond Python packages, on Debian:
#   venv support for $PYTHON (ensurepip: python3-venv / pythonX.Y-venv), so `make` can create .venv;
#   PostgreSQL server binaries (sync and schema tests), poppler-utils (PDF text read back),
#   Qt's runtime libraries for the offscreen platform, binutils (objdump: PyInstaller's bundle test).
# Idempotent and quiet when everything is there already; `apt-get update` runs only when something is
# missing. Runs before the venv exists (the Makefile's `deps` step), so it needs no Python packages.
#   bash scripts/ensure-test-deps.sh          everything above
#   bash scripts/ensure-test-deps.sh --venv   only what `$PYTHON -m venv` needs (the Makefile's venv step)
set -euo pipefail

PYTHON=${PYTHON:-python3}
venv_only=0
case "${1:-}" in
  --venv) venv_only=1 ;;
  "") ;;
  *)
    echo "usage: $0 [--venv]" >&2
    exit 2
    ;;
esac

need=()
venv_pkgs=()

# --- Python's venv module needs ensurepip (Debian ships it apart, in python3-venv / python3.X-venv).
if ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
  venv_pkgs+=(python3-venv)
  py_minor=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true)
  if [ -n "$py_minor" ]; then
    venv_pkgs+=("python${py_minor}-venv")
  fi
fi

# --- Programs and the shared libraries Qt's offscreen platform loads (PySide6's wheels bring Qt itself,
# not these). ldconfig's cache is read once into a variable: `ldconfig -p | grep -q` under pipefail can
# fail on SIGPIPE when grep stops reading early.
check_test_deps() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 || need+=(postgresql)
  command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
  command -v objdump >/dev/null 2>&1 || need+=(binutils)

  local ldconfig_bin libs lib pkg
  ldconfig_bin=$(command -v ldconfig || echo /sbin/ldconfig)
  libs=$("$ldconfig_bin" -p 2>/dev/null || true)
  while read -r lib pkg; do
    grep -qE "^[[:space:]]+${lib//./\\.} " <<<"$libs" || need+=("$pkg")
  done <<'LIBS'
libGL.so.1 libgl1
libEGL.so.1 libegl1
libxkbcommon.so.0 libxkbcommon0
libfontconfig.so.1 libfontconfig1
libfreetype.so.6 libfreetype6
libdbus-1.so.3 libdbus-1-3
libX11.so.6 libx11-6
libxcb.so.1 libxcb1
libglib-2.0.so.0 libglib2.0-0
LIBS
}
if [ "$venv_only" = 0 ]; then
  check_test_deps
fi

if [ ${#need[@]} -eq 0 ] && [ ${#venv_pkgs[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "Missing system packages: ${venv_pkgs[*]} ${need[*]} (install them as root)" >&2
    exit 1
  }
  sudo_cmd=(sudo)
else
  sudo_cmd=()
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# pythonX.Y-venv exists only for the Pythons Debian ships; python3-venv alone serves a system python3.
for pkg in "${venv_pkgs[@]}"; do
  if [ "$pkg" = python3-venv ] || apt-cache show "$pkg" >/dev/null 2>&1; then
    need+=("$pkg")
  fi
done
echo "Installing system packages for the build and the tests: ${need[*]}"
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
for pkg in "${need[@]}"; do
  # The Debian postgresql package starts a cluster of its own; the tests start throwaway ones instead.
  if [ "$pkg" = postgresql ]; then
    "${sudo_cmd[@]}" service postgresql stop >/dev/null 2>&1 || true
  fi
done
if [ ${#venv_pkgs[@]} -gt 0 ] && ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
  echo "$PYTHON still has no ensurepip after installing ${venv_pkgs[*]}: \`$PYTHON -m venv\` will fail;" \
    "run make with PYTHON=/usr/bin/python3 or install venv support for this Python" >&2
  exit 1
fi
