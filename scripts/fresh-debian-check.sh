#!/usr/bin/env bash
# Proves the README's Quick start on a fresh Debian 12: a debootstrap minbase root with only python3,
# python3-venv, make and git (Debian's own Python 3.11), a clean clone of this repository's committed
# HEAD, then, as the first commands there:
#   1. as a desktop user without sudo, `make run` stops at once and says which packages to install as root;
#   2. as root, `make run ARGS=--self-check` (it installs what the app needs, which starts and paints every
#      tab); a second `make run ARGS=--self-check` installs nothing;
#   3. in a new root from the same base, as root, `make test` with MOS_REQUIRE_PG=1 (PostgreSQL tests must
#      run, not skip).
# Slow (minutes for the root and the venv, then the whole suite); needs root (debootstrap, chroot, mounts)
# and reaches Debian's archive and PyPI. `make fresh-check` runs it; it is not part of `make test`.
#   sudo bash scripts/fresh-debian-check.sh [--keep] [--no-cache] [--skip-test]
#     --keep       leave the roots in place (their paths are printed) to look around: chroot DIR /bin/bash
#     --no-cache   build the base root anew instead of unpacking the cached one (a tarball of debootstrap +
#                  the four packages, used for 7 days, in $MOS_FRESH_CACHE, default /var/cache/mos-fresh-check)
#     --skip-test  steps 1 and 2 only
# The apt mirror is the one this machine uses (its /etc/apt sources), else deb.debian.org. Mounts (/proc,
# /sys, /dev, /dev/pts, /dev/shm) and processes left in the roots are cleaned up on any exit; the logs of
# each step stay in the printed folder. Exit status 0 when every step passed.
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
keep=0
use_cache=1
skip_test=0
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    --no-cache) use_cache=0 ;;
    --skip-test) skip_test=1 ;;
    *)
      echo "usage: $0 [--keep] [--no-cache] [--skip-test]" >&2
      exit 2
      ;;
  esac
done

if [ "$(id -u)" != 0 ]; then
  echo "fresh-debian-check needs root (debootstrap, chroot, mounts): sudo make fresh-check" >&2
  exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || {
    echo "debootstrap is missing: install it (Debian package debootstrap)" >&2
    exit 1
  }
  echo "Installing debootstrap (Debian package) to build the fresh root"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

SUITE=bookworm
BASE_PACKAGES=(python3 python3-venv make git)

# --- The host's Debian mirrors (deb822 .sources or one-line .list), else the public ones.
host_uri() { # $1: a regex the URI must match
  cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -v '^[[:space:]]*#' | grep -oE '(https?|file)://[^[:space:]]+' | grep -E "$1" | head -n1 || true
}
mirror=$(host_uri '/debian/?$')
mirror=${mirror:-http://deb.debian.org/debian}
security=$(host_uri '/debian-security/?$')
security=${security:-http://deb.debian.org/debian-security}

# This machine's network may intercept TLS with a CA of its own, named to pip here by PIP_CERT (or
# REQUESTS_CA_BUNDLE, SSL_CERT_FILE, pip.conf's cert): like resolv.conf it is part of the network, so pip
# in the roots is given the same bundle. A machine whose network needs none passes none.
network_ca=${PIP_CERT:-${REQUESTS_CA_BUNDLE:-${SSL_CERT_FILE:-}}}
if [ -z "$network_ca" ]; then
  network_ca=$(sed -nE 's/^[[:space:]]*cert[[:space:]]*=[[:space:]]*(.+[^[:space:]])[[:space:]]*$/\1/p' \
    /etc/pip.conf "${XDG_CONFIG_HOME:-$HOME/.config}/pip/pip.conf" "$HOME/.pip/pip.conf" 2>/dev/null | head -n1)
fi
[ -f "$network_ca" ] || network_ca=

work=$(mktemp -d "${TMPDIR:-/tmp}/mos-fresh.XXXXXX")
logs=$work/logs
mkdir -p "$logs"
root= # the root in use: $work/root-run (steps 1 and 2), then $work/root-test (step 3)
cache_dir=${MOS_FRESH_CACHE:-/var/cache/mos-fresh-check}
base_tar=$cache_dir/$SUITE-minbase-$(printf '%s-' "${BASE_PACKAGES[@]}" | md5sum | cut -c1-8).tar.gz

mounted() { grep -q " $1 " /proc/mounts; }

# Ends the processes still running inside the root (a server a test left, a timed-out step: by id, the
# root's own only), unmounts and removes it (keeps it with --keep). Returns 1 when a mount is left.
release_root() {
  local pid m
  if [ -z "$root" ] || [ ! -d "$root" ]; then
    return 0
  fi
  for pid in /proc/[0-9]*; do
    if [ "$(readlink "$pid/root" 2>/dev/null)" = "$root" ]; then
      kill -9 "${pid#/proc/}" 2>/dev/null || true
    fi
  done
  sleep 1
  for m in dev/shm dev/pts dev sys proc; do
    if mounted "$root/$m"; then
      umount "$root/$m" 2>/dev/null || umount -l "$root/$m"
    fi
  done
  if grep -q " $root/" /proc/mounts; then
    echo "fresh-check: mounts left under $root, not removing it:" >&2
    grep " $root/" /proc/mounts >&2
    return 1
  fi
  if [ "$keep" = 1 ]; then
    echo "fresh-check: root kept in $root (chroot $root /bin/bash)"
  else
    rm -rf --one-file-system "$root"
  fi
  root=
}

cleanup() {
  local status=$?
  set +e
  trap - INT TERM
  release_root
  rm -rf --one-file-system "$work/base" "$work/base.tar.gz"
  echo "fresh-check: logs in $logs"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

step_start=0
begin() {
  step_start=$SECONDS
  echo "=== $* ($(date +%H:%M:%S))"
}
took() { echo $((SECONDS - step_start)); }

# --- 0. The base root: debootstrap minbase + the four packages, kept as a tarball (in the cache for 7
# days: building it takes minutes) from which each root below starts.
if [ "$use_cache" = 1 ] && [ -n "$(find "$base_tar" -mtime -7 2>/dev/null)" ]; then
  echo "=== base root from the cache $base_tar"
else
  begin "debootstrap --variant=minbase $SUITE from $mirror, then ${BASE_PACKAGES[*]}"
  base=$work/base
  if ! debootstrap --variant=minbase "$SUITE" "$base" "$mirror" >"$logs/debootstrap.log" 2>&1; then
    tail -n 30 "$logs/debootstrap.log" >&2
    exit 1
  fi
  {
    echo "deb $mirror $SUITE main"
    echo "deb $mirror $SUITE-updates main"
    echo "deb $security $SUITE-security main"
  } >"$base/etc/apt/sources.list"
  cp /etc/resolv.conf "$base/etc/resolv.conf"
  install_base="apt-get update -qq && apt-get install -y -qq --no-install-recommends ${BASE_PACKAGES[*]}"
  if ! chroot "$base" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
    sh -c "$install_base && apt-get clean" >"$logs/base-packages.log" 2>&1; then
    tail -n 30 "$logs/base-packages.log" >&2
    exit 1
  fi
  if [ "$use_cache" = 1 ]; then
    mkdir -p "$cache_dir"
    tar -C "$base" --numeric-owner -cpzf "$base_tar.tmp" . && mv "$base_tar.tmp" "$base_tar"
  else
    base_tar=$work/base.tar.gz
    tar -C "$base" --numeric-owner -cpzf "$base_tar" .
  fi
  rm -rf --one-file-system "$base"
  echo "    $(took) s"
fi

# A root ready to use ($1: its folder's name): the base unpacked, name resolution for apt and pip, the
# kernel's file systems, a private /dev/shm (PostgreSQL's shared memory), a clean clone of the committed
# HEAD for root and one for a desktop user (desk, no sudo).
prepare_root() {
  root=$work/$1
  mkdir -p "$root"
  tar -C "$root" --numeric-owner -xpzf "$base_tar"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  [ -z "$network_ca" ] || cp "$network_ca" "$root/etc/network-ca.pem"
  if [ ! -s "$root/etc/hosts" ]; then
    printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$root/etc/hosts"
  fi
  mount -t proc proc "$root/proc"
  mount -t sysfs sysfs "$root/sys"
  mount --bind /dev "$root/dev"
  mount --make-private "$root/dev"
  mount --bind /dev/pts "$root/dev/pts"
  mount --make-private "$root/dev/pts"
  mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
  git clone --quiet --no-hardlinks "$repo" "$root/root/mos-desktop"
  chroot "$root" useradd --create-home --shell /bin/bash desk
  git clone --quiet --no-hardlinks "$repo" "$root/home/desk/mos-desktop"
  chroot "$root" chown -R desk:desk /home/desk/mos-desktop
  head=$(git -C "$root/root/mos-desktop" rev-parse --short HEAD)
  echo "    $1: clone of $head ($(git -C "$root/root/mos-desktop" log -1 --format="%<(80,trunc)%s" HEAD | sed "s/ *$//"))"
}

# Runs "$@" in the root with a login's environment and nothing of this machine's (no PIP_* settings, no
# pyenv, no display, no QT_QPA_PLATFORM). $1: the user.
in_root() {
  local user=$1 home=/root
  shift
  [ "$user" = root ] || home=/home/$user
  local network=()
  [ -z "$network_ca" ] || network=(PIP_CERT=/etc/network-ca.pem)
  chroot "$root" /usr/bin/env -i HOME="$home" USER="$user" LOGNAME="$user" SHELL=/bin/bash TERM=dumb \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${network[@]}" \
    runuser -u "$user" -- "$@"
}

failed=()
prepare_root root-run
echo "    $(chroot "$root" python3 --version) ($(chroot "$root" readlink -f /usr/bin/python3)); sudo:" \
  "$(chroot "$root" sh -c 'command -v sudo || echo none')"
[ -z "$network_ca" ] || echo "    pip is given this network's CA bundle ($network_ca) as PIP_CERT"

# --- 1. A desktop user without sudo: a clear message, nothing half-done.
begin "1. make run as a user without sudo"
status=0
in_root desk bash -c 'cd ~/mos-desktop && timeout 600 make run ARGS=--self-check' >"$logs/1-user-run.log" 2>&1 ||
  status=$?
if [ "$status" != 0 ] && grep -q "Install them as root" "$logs/1-user-run.log"; then
  echo "    refused with the message, $(took) s:"
  grep -E "Missing|Install them" "$logs/1-user-run.log" | cut -c1-240 | sed 's/^/    | /'
else
  echo "    FAILED (exit $status, expected a refusal naming the packages):" >&2
  tail -n 20 "$logs/1-user-run.log" | sed 's/^/    | /' >&2
  failed+=("1-user-run")
fi

# --- 2. make run as the first command (root installs the libraries), then again (nothing to install).
begin "2. make run ARGS=--self-check (the first command, as root)"
status=0
in_root root bash -c 'cd ~/mos-desktop && timeout 1800 make run ARGS=--self-check' >"$logs/2-run.log" 2>&1 ||
  status=$?
run_seconds=$(took)
if [ "$status" = 0 ]; then
  echo "    passed in $run_seconds s"
  tail -n 12 "$logs/2-run.log" | sed 's/^/    | /'
else
  echo "    FAILED (exit $status) after $run_seconds s:" >&2
  tail -n 30 "$logs/2-run.log" | sed 's/^/    | /' >&2
  failed+=("2-run")
fi
begin "2b. make run ARGS=--self-check again"
status=0
in_root root bash -c 'cd ~/mos-desktop && timeout 600 make run ARGS=--self-check' >"$logs/2b-run-again.log" 2>&1 ||
  status=$?
if [ "$status" = 0 ] && ! grep -qiE "installing|apt-get|pip install" "$logs/2b-run-again.log"; then
  echo "    passed in $(took) s, nothing installed"
else
  echo "    FAILED (exit $status, or it installed something again):" >&2
  tail -n 20 "$logs/2b-run-again.log" | sed 's/^/    | /' >&2
  failed+=("2b-run-again")
fi

# --- 3. make test as the first command, in a new root from the same base.
test_seconds=-
if [ "$skip_test" = 0 ]; then
  release_root
  prepare_root root-test
  begin "3. make test (the first command, as root; MOS_REQUIRE_PG=1)"
  status=0
  in_root root bash -c 'cd ~/mos-desktop && MOS_REQUIRE_PG=1 timeout 4800 make test' >"$logs/3-test.log" 2>&1 ||
    status=$?
  test_seconds=$(took)
  summary=$(grep -E "^=+ .*(passed|failed|error).* =+$" "$logs/3-test.log" | tail -n 1 || true)
  if [ "$status" = 0 ]; then
    echo "    passed in $test_seconds s: $summary"
  else
    echo "    FAILED (exit $status) after $test_seconds s: ${summary:-no pytest summary}" >&2
    grep -E "^(FAILED|ERROR) " "$logs/3-test.log" | cut -c1-240 | sed 's/^/    | /' >&2 || true
    [ -n "$summary" ] || tail -n 30 "$logs/3-test.log" | sed 's/^/    | /' >&2
    failed+=("3-test")
  fi
fi

echo "=== fresh Debian $SUITE: make run ${run_seconds} s, make test ${test_seconds} s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fresh-check FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fresh-check passed"
