#!/usr/bin/env bash
# Builds the Debian packages: lvextend-coordinator, lvextend-agent and lvx (amd64, self-contained .NET:
# see docs/packaging.md for why). Needs dotnet, dpkg-deb and NuGet (runtime packs); nothing else from the network.
#
#   scripts/package.sh [--out DIR] [--version VERSION]
#
# Prints the paths of the three .deb files, one a line, on stdout.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

out="$LVX_ROOT/artifacts/packages"
version="${LVX_PACKAGE_VERSION:-}"
while (($#)); do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --version) version="$2"; shift 2 ;;
    *) lvx_die "unknown argument '$1' (use --out DIR, --version VERSION)" ;;
  esac
done
command -v dpkg-deb >/dev/null || lvx_die "dpkg-deb is missing (apt-get install dpkg)"
if [ -z "$version" ]; then
  # 1.0.0+<commits>.g<sha>: grows with every commit, so packages upgrade in order.
  version="1.0.0+$(git -C "$LVX_ROOT" rev-list --count HEAD).g$(git -C "$LVX_ROOT" rev-parse --short=7 HEAD)"
fi
mkdir -p "$out"
out=$(cd "$out" && pwd)
stage=$(mktemp -d /tmp/lvx-package.XXXXXX)
trap 'rm -rf "$stage"' EXIT
debian="$LVX_ROOT/deploy/debian"
maintainer="LvExtend developers <lvextend-dev@example.org>"
# What the self-contained .NET runtime links against (Debian 12 names; glibc >= 2.27 for .NET 10).
runtime_depends="libc6 (>= 2.27), libgcc-s1, libstdc++6, libssl3, libicu72, zlib1g"

# publish PROJECT DEST: a self-contained linux-x64 build into DEST. The daemons' projects make it ReadyToRun
# (precompiled; see Spm.Coordinator.csproj and Hsm.Agent.csproj).
publish() {
  lvx_log "dotnet publish $1"
  dotnet publish "$LVX_ROOT/$1" -c Release -r linux-x64 --self-contained true -nologo -v q \
    -p:PublishSingleFile=false -p:SatelliteResourceLanguages=en -o "$2" >&2
  # Symbols and XML docs are for developers, not for the hosts.
  find "$2" -type f \( -name '*.pdb' -o -name '*.xml' -o -name '*.dbg' \) -delete
  # The runtime's optional LTTng trace provider needs liblttng-ust.so.0, which Debian 12 does not have
  # (Microsoft documents deleting it when LTTng tracing is not wanted).
  rm -f "$2/libcoreclrtraceptprovider.so"
  # NuGet leaves group/other write bits on some runtime files; packages ship 0755/0644.
  find "$2" -type d -exec chmod 0755 {} +
  find "$2" -type f -exec chmod 0644 {} +
}

# docs ROOT PACKAGE: copyright and changelog where Debian policy wants them.
docs() {
  local dir="$1/usr/share/doc/$2"
  install -d -m 0755 "$dir"
  install -m 0644 "$debian/copyright" "$dir/copyright"
  printf '%s (%s) unstable; urgency=medium\n\n  * Built from commit %s.\n\n -- %s  %s\n' \
    "$2" "$version" "$(git -C "$LVX_ROOT" rev-parse HEAD)" "$maintainer" \
    "$(date -R -d "@$(git -C "$LVX_ROOT" log -1 --format=%ct)")" | gzip -9n >"$dir/changelog.gz"
  chmod 0644 "$dir/changelog.gz"
}

# control ROOT PACKAGE DEPENDS DESCRIPTION LONG: DEBIAN/control with the installed size.
control() {
  local root="$1" size
  install -d -m 0755 "$root/DEBIAN"
  size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
  {
    printf 'Package: %s\nVersion: %s\nArchitecture: amd64\nMaintainer: %s\n' "$2" "$version" "$maintainer"
    printf 'Installed-Size: %s\nDepends: %s\nSection: admin\nPriority: optional\n' "$size" "$3"
    printf 'Homepage: https://example.invalid/lvextend\nDescription: %s\n%s\n' "$4" "$5"
  } >"$root/DEBIAN/control"
}

# md5sums ROOT: DEBIAN/md5sums of every shipped file (dpkg --verify uses it).
md5sums() {
  (cd "$1" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$1/DEBIAN/md5sums"
  chmod 0644 "$1/DEBIAN/md5sums"
}

# daemon PACKAGE PROJECT DIRNAME BINARY UNIT CONFIG DEPENDS DESCRIPTION LONG
daemon() {
  local package="$1" project="$2" dir="$3" binary="$4" unit="$5" config="$6"
  local root="$stage/$package"
  publish "$project" "$root/usr/lib/lvextend/$dir"
  chmod 0755 "$root/usr/lib/lvextend/$dir/$binary" "$root/usr/lib/lvextend/$dir/createdump"
  install -d -m 0755 "$root/lib/systemd/system" "$root/etc/lvextend" "$root/var/lib/lvextend"
  sed -e "s|/opt/lvextend/$dir|/usr/lib/lvextend/$dir|g" \
      -e "s|file:///opt/lvextend/docs/operations.md|file:///usr/share/doc/$package/operations.md|" \
      "$LVX_ROOT/deploy/systemd/$unit" >"$root/lib/systemd/system/$unit"
  chmod 0644 "$root/lib/systemd/system/$unit"
  install -m 0640 "$debian/config/$config" "$root/etc/lvextend/$config"
  docs "$root" "$package"
  install -m 0644 "$LVX_ROOT/docs/operations.md" "$root/usr/share/doc/$package/operations.md"
  control "$root" "$package" "$7" "$8" "$9"
  echo "/etc/lvextend/$config" >"$root/DEBIAN/conffiles"
  local script
  for script in postinst prerm postrm; do
    sed -e "s|@PACKAGE@|$package|g" -e "s|@CONFIG@|$config|g" -e "s|@UNIT@|$unit|g" \
      "$debian/maintscripts/$script.in" >"$root/DEBIAN/$script"
    chmod 0755 "$root/DEBIAN/$script"
  done
  if [ -f "$debian/lintian/$package" ]; then
    install -d -m 0755 "$root/usr/share/lintian/overrides"
    install -m 0644 "$debian/lintian/$package" "$root/usr/share/lintian/overrides/$package"
  fi
  build "$package"
}

build() {
  md5sums "$stage/$1"
  local file="$out/${1}_${version}_amd64.deb"
  dpkg-deb --root-owner-group -Zgzip --build "$stage/$1" "$file" >&2
  echo "$file"
}

daemon lvextend-coordinator src/Spm.Coordinator/Spm.Coordinator.csproj coordinator Spm.Coordinator \
  lvx-coordinator.service coordinator.json "lvm2, postgresql-client, adduser, passwd, $runtime_depends" \
  "LvExtend coordinator: serves thin LV extension requests of a pool" \
" The coordinator (Spm.Coordinator) holds the pool's leadership through a
 PostgreSQL lease, reads the hosts' extension requests from the shared
 on-disk mailbox, extends the logical volumes with lvm2 and answers.
 Self-contained: the .NET runtime is included."

daemon lvextend-agent src/Hsm.Agent/Hsm.Agent.csproj agent Hsm.Agent \
  lvx-agent.service agent.json "lvm2, libvirt0, adduser, passwd, $runtime_depends" \
  "LvExtend agent: extends VM disks ahead of their guests" \
" The agent (Hsm.Agent) watches the write watermark of each VM disk on thin
 logical volumes through libvirt and asks the coordinator for more space
 before the guest runs out of it.
 Self-contained: the .NET runtime is included."

# lvx: the CLI, /usr/bin/lvx and its bash completion (generated by the lvx just built).
root="$stage/lvx"
publish src/Lvx/Lvx.csproj "$root/usr/lib/lvextend/lvx"
chmod 0755 "$root/usr/lib/lvextend/lvx/lvx" "$root/usr/lib/lvextend/lvx/createdump"
install -d -m 0755 "$root/usr/bin" "$root/usr/share/bash-completion/completions"
ln -s ../lib/lvextend/lvx/lvx "$root/usr/bin/lvx"
"$root/usr/lib/lvextend/lvx/lvx" completion bash >"$root/usr/share/bash-completion/completions/lvx"
chmod 0644 "$root/usr/share/bash-completion/completions/lvx"
docs "$root" lvx
control "$root" lvx "$runtime_depends" "LvExtend command line: status, requests, live view, admin" \
" lvx reads and administers an LvExtend pool: the coordinator's status,
 hosts, requests and audit trail, extensions and added PVs, the agents'
 VMs, a live view, and the on-disk mailbox.
 Self-contained: the .NET runtime is included."
if [ -f "$debian/lintian/lvx" ]; then
  install -d -m 0755 "$root/usr/share/lintian/overrides"
  install -m 0644 "$debian/lintian/lvx" "$root/usr/share/lintian/overrides/lvx"
fi
build lvx
