# Removes what tests and the demo may leave behind: loop devices whose
# backing files live under /tmp/lvx-*, stray qemu guests started from there. Source it.
# shellcheck shell=bash

lvx_cleanup_leftovers() {
  local prefix=${1:-/tmp/lvx-}
  pkill -f "qemu-system-x86_64.*${prefix}" 2>/dev/null || true
  local line dev file
  while IFS= read -r line; do
    dev=${line%%:*}
    file=$(losetup -n -O BACK-FILE "$dev" 2>/dev/null | sed 's/ *(deleted)//')
    case "$file" in
      "$prefix"*) losetup -d "$dev" 2>/dev/null || true ;;
    esac
  done < <(losetup -a 2>/dev/null)
}
