# Removes what a test run or the demo may leave behind in its own work directory: the child
# processes recorded in DIR/pids (ended by their id, never by a name pattern) and the loop
# devices whose backing files live under DIR. Another run's resources are never touched. Source it.
# shellcheck shell=bash

# lvx_cleanup_leftovers DIR
lvx_cleanup_leftovers() {
  local dir=${1:?work directory}
  local f pid
  for f in "$dir"/pids/*; do
    [ -e "$f" ] || continue
    pid=${f##*/}
    case "$pid" in *[!0-9]*|'') continue ;; esac
    kill -CONT "$pid" 2>/dev/null
    kill -KILL "$pid" 2>/dev/null
    rm -f "$f"
  done
  local line dev file
  while IFS= read -r line; do
    dev=${line%%:*}
    file=$(losetup -n -O BACK-FILE "$dev" 2>/dev/null | sed 's/ *(deleted)//')
    case "$file" in
      "$dir"/*) losetup -d "$dev" 2>/dev/null || true ;;
    esac
  done < <(losetup -a 2>/dev/null)
}
