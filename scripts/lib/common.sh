# Shared helpers for the project's scripts. Source it; do not run it.
# shellcheck shell=bash

LVX_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export LVX_ROOT
export LVM_SUPPRESS_FD_WARNINGS=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

lvx_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
lvx_die() { lvx_log "error: $*"; exit 1; }

# Debian packages every part of the project needs at run or test time.
LVX_APT_PACKAGES=(lvm2 qemu-system-x86 qemu-utils busybox-static cpio kmod iproute2 util-linux
  procps postgresql postgresql-contrib docker-compose xz-utils
  libvirt-daemon-system libvirt-clients libvirt-daemon-driver-qemu)

# Installs what is missing, idempotently (nothing is fetched when all is there).
lvx_install_deps() {
  local missing=()
  local p
  for p in "${LVX_APT_PACKAGES[@]}" "$@"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if ((${#missing[@]})); then
    [ "$(id -u)" = 0 ] || lvx_die "missing packages (${missing[*]}): run as root to install them"
    lvx_log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v dotnet >/dev/null || lvx_die "the .NET SDK (dotnet) is not on PATH"
  local pgbin
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$pgbin" ] && case ":$PATH:" in *":$pgbin:"*) ;; *) PATH="$PATH:$pgbin" ;; esac
  export PATH
}
