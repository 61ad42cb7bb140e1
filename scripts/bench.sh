#!/usr/bin/env bash
# The benchmark: N SIMULATED hosts x M SIMULATED volumes (real HostMailbox on real mailbox files, one real LV
# per volume) against the real coordinator process, a throw-away PostgreSQL and LVM on a sparse loop PV; the
# tuned timings, then the reference's as the baseline, plus the raw lvextend rate of the same VG.
#
#   scripts/bench.sh                          # defaults: every phase, 50 hosts x 4 volumes, about 8 minutes
#   scripts/bench.sh --hosts 250 --volumes 4  # the large run
#   scripts/bench.sh --json out.json          # also write the report as JSON
#   scripts/bench.sh --help                   # every option
#   scripts/bench.sh --compare a.json b.json [FILTER]  # two JSON reports, field by field
#
# Phases (--phases, comma-separated, default all): latency (tuned vs the reference's timings in --rounds
# interleaved rounds, each run with its own raw lvextend measurement), growth (fixed 2.5 GiB chunks vs the
# agent's rate-adaptive policy over a mix of write rates, --growth-*), idle (the coordinator with --idle-hosts
# idle hosts), failover (the leader SIGKILLed under load, --failover-*). E.g.
#   scripts/bench.sh --phases growth --growth-seconds 60
#   scripts/bench.sh --phases idle,failover
#
# The coordinator runs as it ships: published ReadyToRun (cached between runs);
# --coordinator-dir DIR runs another build instead, e.g. the plain one next to LvExtend.Bench.dll.
# Installs what it needs, builds Release, and removes everything it created (coordinator, loop device, VG,
# PostgreSQL, files) on exit, failure and Ctrl-C included. Must run as root (loop devices, LVM).
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$LVX_ROOT/scripts/lib/pg.sh"

[ "$(id -u)" = 0 ] || lvx_die "run as root: the benchmark needs loop devices and LVM"
lvx_install_deps
cd "$LVX_ROOT"

project=bench/LvExtend.Bench/LvExtend.Bench.csproj
lvx_log "building $project (Release)"
dotnet build "$project" -c Release -v q -nologo || lvx_die "build failed"
dll=$(dotnet msbuild "$project" -nologo -getProperty:TargetPath -p:Configuration=Release) || lvx_die "cannot locate the build output"
[ -f "$dll" ] || lvx_die "build output $dll not found"

for arg in "$@"; do
  case "$arg" in -h | --help | -\?) exec dotnet "$dll" --help ;; esac
done
# Two JSON reports compared field by field (nothing is created).
[ "${1:-}" = --compare ] && exec dotnet "$dll" "$@"

# The coordinator as it ships: published for the machine's runtime, so ReadyToRun compiled with tiered compilation
# off (Spm.Coordinator.csproj). Framework-dependent, next to the benchmark's build (under $LVX_ARTIFACTS when set),
# where it stays between runs: the publish is incremental. Not with --coordinator-dir DIR (that build runs).
publish_coordinator=true
for arg in "$@"; do
  case "$arg" in --coordinator-dir | --coordinator-dir=*) publish_coordinator=false ;; esac
done
coordinator_args=()
if $publish_coordinator; then
  case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64) rid=linux-arm64 ;;
    *) lvx_die "no .NET runtime identifier for $(uname -m)" ;;
  esac
  coordinator_dir="$(dirname "$dll")/published-coordinator-$rid"
  lvx_log "publishing src/Spm.Coordinator (Release, $rid, ReadyToRun) to $coordinator_dir"
  dotnet publish src/Spm.Coordinator/Spm.Coordinator.csproj -c Release -r "$rid" --self-contained false -v q -nologo \
    -o "$coordinator_dir" || lvx_die "publishing the coordinator failed"
  coordinator_args=(--coordinator-dir "$coordinator_dir")
fi

work=$(mktemp -d /tmp/lvx-bench.XXXXXX)
chmod 755 "$work"
bench_pid=

# Ends a process this run started, by pid, if it is still there and is what we think it is.
stop_pid() {
  local pid=$1 what=$2 i
  kill -0 "$pid" 2>/dev/null || return 0
  grep -qa -- "$what" "/proc/$pid/cmdline" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || return 0; sleep 1; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  trap - INT TERM
  if [ -n "$bench_pid" ]; then
    stop_pid "$bench_pid" LvExtend.Bench
    wait "$bench_pid" 2>/dev/null
  fi
  # A coordinator the benchmark could not stop writes its pid here while it runs (the failover phase's two
  # coordinators one level deeper).
  local pidfile
  for pidfile in "$work"/run/*/coordinator.pid "$work"/run/*/*/coordinator.pid; do
    [ -f "$pidfile" ] && stop_pid "$(cat "$pidfile")" Spm.Coordinator
  done
  lvx_pg_stop "$work/pg"
  # Loop devices over files of this run (the VG lives only in that file).
  local dev file
  while IFS= read -r dev; do
    file=$(losetup -n -O BACK-FILE "$dev" 2>/dev/null | sed 's/ *(deleted)//')
    case "$file" in "$work"/*) losetup -d "$dev" 2>/dev/null || true ;; esac
  done < <(losetup -n -O NAME 2>/dev/null)
  rm -rf "$work"
}
trap cleanup EXIT
trap 'lvx_log "interrupted: cleaning up"; exit 130' INT TERM

export LVX_TEST_PG
LVX_TEST_PG=$(lvx_pg_start "$work/pg") || lvx_die "PostgreSQL did not start"
lvx_log "PostgreSQL for the benchmark: $LVX_TEST_PG"

# In the background so that INT/TERM reach this script at once; the trap stops the benchmark (SIGTERM:
# it cancels and cleans up), then everything else.
dotnet "$dll" --work-dir "$work/run" "${coordinator_args[@]}" "$@" &
bench_pid=$!
wait "$bench_pid"
status=$?
bench_pid=
exit "$status"
