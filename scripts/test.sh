#!/usr/bin/env bash
# Runs the whole test suite on this machine: installs what it needs (apt-get, dotnet restore),
# starts a throw-away PostgreSQL, builds the guest image, runs every test project, cleans up.
# The last line it prints is "tests: N passed, N failed".
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$LVX_ROOT/scripts/lib/pg.sh"
source "$LVX_ROOT/scripts/lib/cleanup.sh"
source "$LVX_ROOT/scripts/lib/packages.sh"
source "$LVX_ROOT/scripts/lib/libvirt.sh"

# lintian and promtool (Debian's prometheus) serve the deployment checks only.
lvx_install_deps lintian prometheus
cd "$LVX_ROOT"

work=$(mktemp -d /tmp/lvx-test.XXXXXX)
chmod 755 "$work"
# Every resource a test creates (temp dirs, loop backing files, recorded child pids) lives under
# $work/tmp, so that cleanup removes this run's leftovers and nothing of a concurrent run.
export LVX_TEST_TMP="$work/tmp"
mkdir -p "$LVX_TEST_TMP"
chmod 755 "$LVX_TEST_TMP"
cleanup() {
  lvx_libvirt_destroy_leftovers "$LVX_TEST_TMP"
  lvx_libvirt_stop "$work/libvirt"
  lvx_cleanup_leftovers "$LVX_TEST_TMP"
  lvx_pg_stop "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

export LVX_TEST_PG
LVX_TEST_PG=$(lvx_pg_start "$work/pg") || lvx_die "PostgreSQL did not start"
lvx_log "PostgreSQL for tests: $LVX_TEST_PG"
# virtlogd + libvirtd for the libvirt VM source tests (started only when not running; stopped in cleanup).
export LVX_LIBVIRT_STATE="$work/libvirt"
lvx_libvirt_start "$LVX_LIBVIRT_STATE" || lvx_die "libvirtd did not start"

if [ -x scripts/build-guest.sh ]; then
  export LVX_GUEST_DIR="$LVX_ROOT/.work/guest"
  scripts/build-guest.sh "$LVX_GUEST_DIR" || lvx_die "the qemu guest image could not be built"
fi

dotnet restore LvExtend.sln >/dev/null || lvx_die "dotnet restore failed"
dotnet build LvExtend.sln -c Release --no-restore -v q -nologo || lvx_die "build failed"

out="$work/test-output.txt"
dotnet test LvExtend.sln -c Release --no-build --nologo \
  --blame-hang-timeout 8m "$@" 2>&1 | tee "$out"
status=${PIPESTATUS[0]}

passed=0 failed=0
while IFS= read -r line; do
  f=$(sed -nE 's/.*Failed: *([0-9]+),.*/\1/p' <<<"$line")
  p=$(sed -nE 's/.*Passed: *([0-9]+),.*/\1/p' <<<"$line")
  failed=$((failed + ${f:-0})); passed=$((passed + ${p:-0}))
done < <(grep -E '^(Passed|Failed)!' "$out")
# Deployment checks: the compose file must be valid (no Docker engine runs here, so only its config),
# and the scripts must parse.
check() { # name command...
  local name=$1; shift
  if "$@" >"$work/check.log" 2>&1; then
    passed=$((passed + 1)); echo "deployment check passed: $name"
  else
    failed=$((failed + 1)); echo "deployment check FAILED: $name"; cat "$work/check.log"
  fi
}
check "docker-compose.yml is valid" env LVX_ADMIN_TOKEN=ci LVX_PV=/dev/null docker-compose -f docker-compose.yml config -q
for f in scripts/*.sh scripts/lib/*.sh .ci/run; do check "$f parses" bash -n "$f"; done
# The Debian packages (build, lintian, install into a throw-away root, the installed binaries) and the
# monitoring files (promtool); each prints "deployment check passed|FAILED: NAME".
lvx_deployment_checks "$work/deploy" >"$work/deploy.out" 2>&1
cat "$work/deploy.out"
passed=$((passed + $(grep -c '^deployment check passed:' "$work/deploy.out")))
failed=$((failed + $(grep -c '^deployment check FAILED:' "$work/deploy.out")))
grep -q '^deployment check FAILED:' "$work/deploy.out" && tail -n 40 "$work/deploy/deployment-checks.log"

# A crashed or hung test host reports no summary: count it as a failure.
if [ "$status" != 0 ] && [ "$failed" = 0 ]; then failed=1; fi
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$status" = 0 ]
