# A throw-away PostgreSQL server in a temporary directory. Source it; do not run it.
# shellcheck shell=bash

# lvx_pg_start DIR [PORT] [LISTEN] [CIDR]: initdb + start; prints the connection string.
# LISTEN is the address to listen on; CIDR, when given, may connect too (trust: test and demo only).
lvx_pg_start() {
  local dir=$1 port=${2:-0} listen=${3:-127.0.0.1} cidr=${4:-}
  if [ "$port" = 0 ]; then
    port=$((20000 + RANDOM % 20000))
    while ss -Htln "sport = :$port" | grep -q .; do port=$((20000 + RANDOM % 20000)); done
  fi
  mkdir -p "$dir"
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$dir"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" initdb -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; return 1; }
  [ -n "$cidr" ] && echo "host all all $cidr trust" >>"$dir/data/pg_hba.conf"
  "${run[@]}" pg_ctl -D "$dir/data" -l "$dir/server.log" -w -t 60 \
    -o "-p $port -k $dir -c listen_addresses=$listen -c fsync=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null || { cat "$dir/server.log" >&2; return 1; }
  echo "$port" >"$dir/port"
  echo "Host=$listen;Port=$port;Username=postgres;Database=postgres;Pooling=true;Timeout=5;Command Timeout=30"
}

# lvx_pg_stop DIR: stops the server and removes the directory.
lvx_pg_stop() {
  local dir=$1
  [ -d "$dir/data" ] || { rm -rf "$dir"; return 0; }
  local run=()
  [ "$(id -u)" = 0 ] && run=(runuser -u postgres --)
  "${run[@]}" pg_ctl -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
