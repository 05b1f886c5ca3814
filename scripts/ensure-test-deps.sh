#!/usr/bin/env bash
# Installs (or finds) what the app, the build and the test suite need beyond Python packages, on Debian:
#   --run   what `make run` needs: Qt's runtime libraries (PySide6's wheels bring Qt itself, not these) for
#           the offscreen, X11 (xcb) and Wayland platforms, and the time-zone database (Europe/Moscow);
#   (none)  all of --run, plus what the tests need: PostgreSQL server binaries (sync and schema tests),
#           poppler-utils (PDF text read back), LibreOffice headless (the printed forms' DOCX converted),
#           binutils (objdump) and Python's shared library
#           libpythonX.Y (PyInstaller bundles it: Debian's python3 is linked statically and ships it apart);
#   --venv  only what `$PYTHON -m venv` needs (ensurepip: python3-venv / pythonX.Y-venv).
# Idempotent and quiet when everything is there already; `apt-get update` runs only when something is
# missing. Runs before the venv exists (the Makefile's steps), so it needs no Python packages.
# As root it installs with apt-get; otherwise through sudo (saying why first), or, without sudo or apt-get,
# it names what is missing and how to install it, and exits 1.
#   bash scripts/ensure-test-deps.sh [--run | --venv]
set -euo pipefail

PYTHON=${PYTHON:-python3}
mode="test"
case "${1:-}" in
  --run) mode=run ;;
  --venv) mode=venv ;;
  "") ;;
  *)
    echo "usage: $0 [--run | --venv]" >&2
    exit 2
    ;;
esac

need=()     # Debian packages to install
maybe=()    # Debian packages to install when the archive has them (names that depend on the Python)
missing=()  # what is missing, in words, for the message when nothing can be installed

py_minor=$("$PYTHON" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")' 2>/dev/null || true)

# --- Python's venv module needs ensurepip (Debian ships it apart, in python3-venv / python3.X-venv).
if ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
  need+=(python3-venv)
  missing+=("venv support for $PYTHON (ensurepip)")
  if [ -n "$py_minor" ]; then
    maybe+=("python${py_minor}-venv")
  fi
fi

# ldconfig's cache is read once into a variable: `ldconfig -p | grep -q` under pipefail can fail on SIGPIPE
# when grep stops reading early.
ldconfig_bin=$(command -v ldconfig || echo /sbin/ldconfig)
libs=$("$ldconfig_bin" -p 2>/dev/null || true)
has_lib() {
  grep -qE "^[[:space:]]+${1//./\\.} " <<<"$libs"
}

# --- The shared libraries Qt loads: its Gui/Widgets/DBus libraries and the offscreen platform (GUI tests,
# --self-check), the xcb platform (an X11 desktop) and the Wayland one. Then zoneinfo for Europe/Moscow.
check_run_deps() {
  local lib pkg
  while read -r lib pkg; do
    has_lib "$lib" || { need+=("$pkg") && missing+=("$lib"); }
  done <<'LIBS'
libGL.so.1 libgl1
libEGL.so.1 libegl1
libxkbcommon.so.0 libxkbcommon0
libfontconfig.so.1 libfontconfig1
libfreetype.so.6 libfreetype6
libdbus-1.so.3 libdbus-1-3
libglib-2.0.so.0 libglib2.0-0
libgthread-2.0.so.0 libglib2.0-0
libX11.so.6 libx11-6
libX11-xcb.so.1 libx11-xcb1
libxcb.so.1 libxcb1
libxcb-cursor.so.0 libxcb-cursor0
libxcb-icccm.so.4 libxcb-icccm4
libxcb-image.so.0 libxcb-image0
libxcb-keysyms.so.1 libxcb-keysyms1
libxcb-randr.so.0 libxcb-randr0
libxcb-render-util.so.0 libxcb-render-util0
libxcb-render.so.0 libxcb-render0
libxcb-shape.so.0 libxcb-shape0
libxcb-shm.so.0 libxcb-shm0
libxcb-sync.so.1 libxcb-sync1
libxcb-util.so.1 libxcb-util1
libxcb-xfixes.so.0 libxcb-xfixes0
libxcb-xkb.so.1 libxcb-xkb1
libxkbcommon-x11.so.0 libxkbcommon-x11-0
libwayland-client.so.0 libwayland-client0
libwayland-cursor.so.0 libwayland-cursor0
libwayland-egl.so.1 libwayland-egl1
LIBS
  # Europe/Moscow: Python's zoneinfo reads the system database (the tzdata wheel is only pulled on Windows).
  [ -e /usr/share/zoneinfo/Europe/Moscow ] || { need+=(tzdata) && missing+=("the time-zone database"); }
}

check_test_deps() {
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
    need+=(postgresql)
    missing+=("PostgreSQL server programs (initdb, pg_ctl)")
  fi
  command -v pdftotext >/dev/null 2>&1 || { need+=(poppler-utils) && missing+=(pdftotext); }
  # LibreOffice headless: every printed form's DOCX must convert (tests/documents)
  command -v soffice >/dev/null 2>&1 || { need+=(libreoffice-writer-nogui) && missing+=("LibreOffice (soffice)"); }
  command -v objdump >/dev/null 2>&1 || { need+=(binutils) && missing+=(objdump); }
  # PyInstaller copies Python's shared library into the bundle: a self-built Python (--enable-shared) has
  # it in its LIBDIR; Debian's python3 is linked statically and ships it apart, in libpythonX.Y.
  local libdir soname
  read -r libdir soname < <("$PYTHON" -c 'import sysconfig as s; print(s.get_config_var("LIBDIR") or "-", s.get_config_var("INSTSONAME") or "-")' 2>/dev/null || echo "- -")
  case "$soname" in
    *.so*) ;;
    *) soname="libpython${py_minor}.so.1.0" ;; # a static build names its .a here
  esac
  if [ -n "$py_minor" ] && ! has_lib "$soname" && [ ! -e "$libdir/$soname" ]; then
    missing+=("$soname (Python's shared library, for PyInstaller)")
    maybe+=("libpython${py_minor}")
  fi
}

if [ "$mode" != venv ]; then
  check_run_deps
fi
if [ "$mode" = test ]; then
  check_test_deps
fi

if [ ${#need[@]} -eq 0 ] && [ ${#maybe[@]} -eq 0 ]; then
  exit 0
fi
join_missing() {
  local out
  out=$(printf '%s, ' "${missing[@]}")
  echo "${out%, }"
}
# Each package once, in the order first needed.
mapfile -t need < <(printf '%s\n' "${need[@]}" | awk 'NF && !seen[$0]++')
wanted="${need[*]} ${maybe[*]}"
wanted=${wanted# }
wanted=${wanted% }

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing for this step: $(join_missing)." >&2
  echo "This is not a Debian-like system (no apt-get): install them with your package manager" \
    "(Debian names: ${wanted}) and run make again." >&2
  exit 1
fi
if [ "$(id -u)" != "0" ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "Missing system packages: ${wanted}." >&2
    echo "Install them as root and run make again:  su -c 'apt-get update && apt-get install -y ${wanted}'" >&2
    exit 1
  fi
  echo "Installing system packages through sudo: ${wanted}" >&2
  sudo_cmd=(sudo)
else
  sudo_cmd=()
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 update -qq
# pythonX.Y-venv and libpythonX.Y exist only for the Pythons Debian ships (python3-venv alone serves a
# system python3); a self-built Python without them is told below what will not work.
for pkg in "${maybe[@]}"; do
  if apt-get -s install "$pkg" >/dev/null 2>&1; then # or a virtual name with one provider (Ubuntu's t64 renames)
    need+=("$pkg")
  fi
done
if [ ${#need[@]} -gt 0 ]; then
  [ ${#sudo_cmd[@]} -gt 0 ] || echo "Installing system packages: ${need[*]}"
  if ! out=$("${sudo_cmd[@]}" apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}" 2>&1); then
    echo "$out" >&2
    exit 1
  fi
fi
for pkg in "${need[@]}"; do
  # The Debian postgresql package starts a cluster of its own; the tests start throwaway ones instead.
  if [ "$pkg" = postgresql ]; then
    "${sudo_cmd[@]}" service postgresql stop >/dev/null 2>&1 || true
  fi
done
if ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
  echo "$PYTHON still has no ensurepip: \`$PYTHON -m venv\` will fail;" \
    "run make with PYTHON=/usr/bin/python3 or install venv support for this Python" >&2
  exit 1
fi
if [ "$mode" = test ]; then
  libs=$("$ldconfig_bin" -p 2>/dev/null || true)
  need=()
  missing=()
  maybe=()
  check_test_deps
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Still missing after installing: $(join_missing)." >&2
    echo "(A Python built without --enable-shared: run make with PYTHON=/usr/bin/python3 instead.)" >&2
    exit 1
  fi
fi
