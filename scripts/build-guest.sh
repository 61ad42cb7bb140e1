#!/usr/bin/env bash
# Builds the qemu test guest: a Debian kernel (vmlinuz, not installed on the host) and a busybox
# initramfs whose /init is scripts/guest/init. Usage: scripts/build-guest.sh OUTDIR
# Cached: when OUTDIR already holds a build made from the same scripts (hash), it only prints the
# paths. Output: OUTDIR/vmlinuz, OUTDIR/vmlinux (uncompressed, PVH-bootable: faster under TCG; absent if
# it cannot be extracted), OUTDIR/initramfs.cpio.gz, OUTDIR/kernel-version, OUTDIR/build.hash.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"

[ $# = 1 ] || lvx_die "usage: $0 OUTDIR"
mkdir -p "$1"
out=$(cd "$1" && pwd)
guest_src="$LVX_ROOT/scripts/guest"
hash=$(cat "$LVX_ROOT/scripts/build-guest.sh" "$guest_src"/* | sha256sum | cut -d' ' -f1)

print_paths() {
  echo "guest: $out"
  if [ -s "$out/vmlinux" ]; then echo "kernel: $out/vmlinux"; else echo "kernel: $out/vmlinuz"; fi
  echo "initrd: $out/initramfs.cpio.gz"
}
is_built() {
  [ -s "$out/vmlinuz" ] && [ -s "$out/initramfs.cpio.gz" ] && [ "$(cat "$out/build.hash" 2>/dev/null)" = "$hash" ]
}

if is_built; then print_paths; exit 0; fi

# One build at a time per OUTDIR; a second caller waits and then finds the build done.
exec 9>"$out/.lock"
flock 9
if is_built; then print_paths; exit 0; fi

# Modules to insmod, in this order (Debian builds virtio as modules).
modules=(virtio_ring virtio virtio_pci_modern_dev virtio_pci_legacy_dev virtio_pci virtio_blk)
packages=(qemu-system-x86 qemu-utils busybox-static cpio kmod xz-utils)
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if ((${#missing[@]})); then
  lvx_log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
busybox=$(command -v busybox)
ldd "$busybox" >/dev/null 2>&1 && lvx_die "$busybox is not static (install busybox-static)"

work=$(mktemp -d /tmp/lvx-guest-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
chmod 777 "$work" # apt-get download runs as _apt

kernel_package() { apt-cache depends linux-image-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[^ ]*\)$/\1/p' | head -n 1; }
pkg=$(kernel_package)
if [ -z "$pkg" ]; then
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  pkg=$(kernel_package)
fi
[ -n "$pkg" ] || lvx_die "apt-cache depends linux-image-amd64 names no kernel package"
lvx_log "guest kernel: $pkg"
(cd "$work" && apt-get download -q "$pkg" >/dev/null 2>&1) || lvx_die "apt-get download $pkg failed"
mkdir "$work/kernel"
dpkg-deb --fsys-tarfile "$work"/"$pkg"_*.deb | tar -x -C "$work/kernel" --wildcards \
  './boot/vmlinuz-*' './lib/modules/*/kernel/drivers/virtio/*' './lib/modules/*/kernel/drivers/block/*' \
  './lib/modules/*/modules.builtin' './boot/config-*'
kdir=$(ls -d "$work"/kernel/lib/modules/*/ | head -n 1)
kver=$(basename "$kdir")

root="$work/initramfs"
mkdir -p "$root"/{bin,dev,proc,sys,tmp,modules}
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 755 "$guest_src/init" "$root/init"
mknod -m 600 "$root/dev/console" c 5 1 2>/dev/null || true
: >"$root/modules/order"
for m in "${modules[@]}"; do
  ko=$(find "$kdir" -name "$m.ko*" | head -n 1)
  if [ -z "$ko" ]; then
    grep -q "/$m.ko\$" "$kdir/modules.builtin" || lvx_die "module $m is neither in $pkg nor built in"
    continue
  fi
  case "$ko" in
    *.ko) cp "$ko" "$root/modules/$m.ko" ;;
    *.ko.xz) xz -dc "$ko" >"$root/modules/$m.ko" ;;
    *.ko.zst) zstd -qdc "$ko" >"$root/modules/$m.ko" ;;
    *.ko.gz) gzip -dc "$ko" >"$root/modules/$m.ko" ;;
    *) lvx_die "unknown module format: $ko" ;;
  esac
  echo "$m" >>"$root/modules/order"
done

# The uncompressed kernel boots ~4 s faster under TCG (no decompression): qemu loads an ELF vmlinux
# through its PVH entry point, which Debian's amd64 kernels have (CONFIG_PVH).
extract_vmlinux() { # BZIMAGE OUT
  local pair magic off
  grep -q '^CONFIG_PVH=y' "$work"/kernel/boot/config-* || return 1
  for pair in "fd377a585a00:xz -dc" '1f8b0800:gzip -dc' '28b52ffd:zstd -qdc'; do
    magic=$(sed 's/../\\x&/g' <<<"${pair%%:*}")
    off=$(LC_ALL=C grep -obUaP "$magic" "$1" | head -n 1 | cut -d: -f1)
    [ -n "$off" ] || continue
    tail -c +$((off + 1)) "$1" | ${pair#*:} >"$2" 2>/dev/null || true
    head -c 4 "$2" | cmp -s - <(printf '\177ELF') && return 0
  done
  return 1
}
rm -f "$out/vmlinux"
if extract_vmlinux "$work"/kernel/boot/vmlinuz-* "$work/vmlinux"; then
  mv "$work/vmlinux" "$out/vmlinux"
else
  lvx_log "no PVH vmlinux could be extracted: the guest boots from vmlinuz (slower)"
fi

(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -1) >"$out/initramfs.cpio.gz.new"
cp "$work"/kernel/boot/vmlinuz-* "$out/vmlinuz.new"
mv "$out/initramfs.cpio.gz.new" "$out/initramfs.cpio.gz"
mv "$out/vmlinuz.new" "$out/vmlinuz"
echo "$kver" >"$out/kernel-version"
echo "$hash" >"$out/build.hash"
lvx_log "guest built: kernel $kver"
print_paths
