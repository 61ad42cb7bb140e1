# Deployment checks: the Debian packages (build, lintian, install into a throw-away root, lvx --version)
# and the monitoring files (promtool check/test rules, the dashboard's JSON). Source it (after common.sh);
# call lvx_deployment_checks WORKDIR. Prints one line per check:
#   deployment check passed: NAME
#   deployment check FAILED: NAME
# and returns non-zero when any check failed. Needs root for nothing except installing lintian/prometheus.
# shellcheck shell=bash

LVX_DEPLOY_FAILED=0

# lvx_deploy_check NAME COMMAND...: runs COMMAND (output to the log), prints the verdict line.
lvx_deploy_check() {
  local name="$1"
  shift
  if "$@" >>"${LVX_DEPLOY_LOG:-/dev/null}" 2>&1; then
    echo "deployment check passed: $name"
  else
    echo "deployment check FAILED: $name (log: ${LVX_DEPLOY_LOG:-none})"
    LVX_DEPLOY_FAILED=1
  fi
}

# The tools the checks use: lintian and promtool (Debian's prometheus package), installed when missing.
lvx_deploy_tools() {
  local missing=()
  command -v lintian >/dev/null || missing+=(lintian)
  command -v promtool >/dev/null || missing+=(prometheus)
  command -v dpkg-deb >/dev/null || missing+=(dpkg)
  if ((${#missing[@]})); then
    [ "$(id -u)" = 0 ] || { lvx_log "missing ${missing[*]}: run as root to install them"; return 1; }
    lvx_log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# lintian on one package: errors fail the check; every finding (warnings, info) goes to the log and the
# summary line lists the tags, so they are visible. Overrides live in deploy/debian/lintian/PACKAGE with a reason.
lvx_deploy_lintian() {
  local deb="$1" report
  report=$(lintian --no-tag-display-limit --display-info "$deb" 2>&1) || true
  printf '%s\n' "$report"
  local tags
  tags=$(printf '%s\n' "$report" | awk '/^[EWI]: / { print $1 $3 }' | sort | uniq -c | tr -s ' ' | paste -sd, -)
  lvx_log "lintian $(basename "$deb"): ${tags:-clean}"
  ! printf '%s\n' "$report" | grep -q '^E: '
}

# Installs the three packages into ROOT with their maintainer scripts run outside a chroot (DPKG_ROOT set):
# nothing on this machine changes. Dependencies are not installed there (--force-depends); the declared
# ones are checked separately.
lvx_deploy_install() {
  local root="$1"
  shift
  mkdir -p "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/info" "$root/etc" "$root/usr/sbin"
  touch "$root/var/lib/dpkg/status"
  # The staging root's account database: what useradd --prefix edits.
  printf 'root:x:0:0:root:/root:/bin/bash\n' >"$root/etc/passwd"
  printf 'root:x:0:\n' >"$root/etc/group"
  printf 'root:*:19000:0:99999:7:::\n' >"$root/etc/shadow"
  printf 'root:*::\n' >"$root/etc/gshadow"
  chmod 0640 "$root/etc/shadow" "$root/etc/gshadow"
  dpkg --root="$root" --force-script-chrootless --force-depends --force-not-root --log=/dev/null -i "$@"
}

lvx_deploy_depends() {
  local deb="$1" expected="$2" depends
  depends=$(dpkg-deb -f "$deb" Depends)
  local d
  for d in $expected; do
    printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//' | grep -qx "$d" || { echo "$deb: Depends '$depends' lacks $d"; return 1; }
  done
}

lvx_deploy_version() {
  local root="$1" got
  got=$("$root/usr/bin/lvx" --version)
  echo "lvx --version: $got"
  [[ "$got" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]]
}

# The installed lvx refuses a token on the command line (exit 2, the refusal names LVX_TOKEN).
lvx_deploy_token_refused() {
  local root="$1" out rc=0
  out=$("$root/usr/bin/lvx" status --token not-here --coordinator http://127.0.0.1:1 2>&1) || rc=$?
  echo "$out"
  [ "$rc" = 2 ] && printf '%s\n' "$out" | grep -q 'set LVX_TOKEN or pass --token-file FILE'
}

lvx_deploy_installed() {
  local root="$1"
  grep -q '^lvextend:' "$root/etc/passwd" || { echo "no lvextend user"; return 1; }
  local gid
  gid=$(awk -F: '$1 == "lvextend" { print $3 }' "$root/etc/group")
  local f
  for f in coordinator.json agent.json; do
    [ "$(stat -c '%a %u %g' "$root/etc/lvextend/$f")" = "640 0 $gid" ] || { echo "$f: $(stat -c '%a %u %g' "$root/etc/lvextend/$f")"; return 1; }
  done
  dpkg --root="$root" -s lvextend-coordinator lvextend-agent lvx | grep -c '^Status: install ok installed' | grep -qx 3
  dpkg --root="$root" --status lvextend-coordinator | grep -q '^ /etc/lvextend/coordinator.json [0-9a-f]'
  [ -x "$root/usr/lib/lvextend/coordinator/Spm.Coordinator" ] && [ -x "$root/usr/lib/lvextend/agent/Hsm.Agent" ]
  grep -q '^ExecStart=/usr/lib/lvextend/coordinator/Spm.Coordinator$' "$root/lib/systemd/system/lvx-coordinator.service"
  grep -q '^ExecStart=/usr/lib/lvextend/agent/Hsm.Agent$' "$root/lib/systemd/system/lvx-agent.service"
  grep -q 'complete -o default -F _lvx lvx' "$root/usr/share/bash-completion/completions/lvx"
}

# The shipped coordinator config: loopback only, and an empty admin token.
lvx_deploy_safe_defaults() {
  local config="$1"
  python3 - "$config" <<'PY'
import json, re, sys
text = open(sys.argv[1]).read()
data = json.loads(re.sub(r'^\s*//.*$', '', text, flags=re.M))
c = data["Coordinator"]
assert c["AdminToken"] == "", "AdminToken must ship empty"
for key, url in (("Listen", c["Listen"]), ("MetricsListen", c["Telemetry"]["MetricsListen"])):
    assert re.match(r'^https?://(127\.0\.0\.1|\[::1\]|localhost):', url), f"{key} {url} is not loopback"
print("coordinator.json: loopback only, empty admin token")
PY
}

# The installed coordinator refuses to start with the shipped configuration: exit 2 and one
# "configuration error:" line per setting to fill in. The daemon reads /etc/lvextend/coordinator.json of
# this machine, so a copy of the installed directory runs with the shipped file as its appsettings.json,
# in an empty environment (no Coordinator__* variables).
lvx_deploy_refuses() {
  local root="$1" copy="$2"
  if [ -e /etc/lvextend/coordinator.json ]; then
    echo "this machine has /etc/lvextend/coordinator.json, which would override the shipped file"
    return 1
  fi
  rm -rf "$copy"
  cp -a "$root/usr/lib/lvextend/coordinator" "$copy"
  cp "$root/etc/lvextend/coordinator.json" "$copy/appsettings.json"
  local out rc=0
  out=$(cd "$copy" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 60 "$copy/Spm.Coordinator" 2>&1) || rc=$?
  rm -rf "$copy"
  printf '%s\n' "$out" | grep '^configuration error:' || true
  echo "exit code $rc"
  [ "$rc" = 2 ] && printf '%s\n' "$out" | grep -q '^configuration error: Coordinator:PoolId'
}

# The installed daemons' --check-config on the shipped configs: exit 2, problem: lines, no stack trace.
lvx_deploy_check_config() {
  local root="$1" copy="$2" daemon="$3" binary="$4" config="$5"
  if [ -e "/etc/lvextend/$config" ]; then
    echo "this machine has /etc/lvextend/$config, which would override the shipped file"
    return 1
  fi
  rm -rf "$copy"
  cp -a "$root/usr/lib/lvextend/$daemon" "$copy"
  cp "$root/etc/lvextend/$config" "$copy/appsettings.json"
  local out rc=0
  out=$(cd "$copy" && env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin timeout 60 "$copy/$binary" --check-config 2>&1) || rc=$?
  rm -rf "$copy"
  printf '%s\n' "$out" | grep '^problem:' || true
  echo "exit code $rc"
  [ "$rc" = 2 ] && printf '%s\n' "$out" | grep -q '^problem: ' \
    && ! printf '%s\n' "$out" | grep -qE '^[[:space:]]+at |Exception'
}

lvx_deploy_purge() {
  local root="$1"
  dpkg --root="$root" --force-script-chrootless --force-not-root --log=/dev/null --purge lvx lvextend-agent lvextend-coordinator
  [ ! -e "$root/etc/lvextend/coordinator.json" ] && [ ! -e "$root/usr/lib/lvextend/lvx/lvx" ]
}

lvx_deploy_dashboard() {
  python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["uid"] == "lvextend" and d["panels"], "no panels"
for p in d["panels"]:
    assert p["targets"] and all(t["expr"].strip() for t in p["targets"]), p["title"]
print(f'{len(d["panels"])} panels')
PY
}

# lvx_monitoring_checks: promtool on the alert rules and their unit tests, the dashboard's JSON.
lvx_monitoring_checks() {
  local dir="$LVX_ROOT/deploy/prometheus"
  lvx_deploy_check "promtool check rules" promtool check rules "$dir/alerts.yml"
  lvx_deploy_check "promtool test rules" bash -c "cd '$dir' && promtool test rules alerts.test.yml"
  lvx_deploy_check "grafana dashboard JSON" lvx_deploy_dashboard "$LVX_ROOT/deploy/grafana/lvextend.json"
}

# lvx_deployment_checks WORKDIR: every deployment check; WORKDIR holds the packages, the root and the log.
lvx_deployment_checks() {
  local work="$1"
  mkdir -p "$work"
  LVX_DEPLOY_LOG="$work/deployment-checks.log"
  : >"$LVX_DEPLOY_LOG"
  LVX_DEPLOY_FAILED=0
  lvx_deploy_check "tools (lintian, promtool, dpkg-deb)" lvx_deploy_tools
  lvx_monitoring_checks

  local debs=()
  if "$LVX_ROOT/scripts/package.sh" --out "$work/packages" >"$work/packages.list" 2>>"$LVX_DEPLOY_LOG"; then
    mapfile -t debs <"$work/packages.list"
    echo "deployment check passed: build packages ($(cd "$work/packages" && ls -- *.deb | paste -sd' ' -))"
  else
    echo "deployment check FAILED: build packages (log: $LVX_DEPLOY_LOG)"
    LVX_DEPLOY_FAILED=1
    return 1
  fi
  local deb name
  for deb in "${debs[@]}"; do
    name=$(dpkg-deb -f "$deb" Package)
    lvx_deploy_check "lintian $name" lvx_deploy_lintian "$deb"
  done
  lvx_deploy_check "depends lvextend-coordinator" lvx_deploy_depends "$work/packages/"lvextend-coordinator_*.deb "lvm2 postgresql-client adduser"
  lvx_deploy_check "depends lvextend-agent" lvx_deploy_depends "$work/packages/"lvextend-agent_*.deb "lvm2 libvirt0 adduser"

  local root="$work/root"
  rm -rf "$root"
  lvx_deploy_check "dpkg -i into a throw-away root" lvx_deploy_install "$root" "${debs[@]}"
  lvx_deploy_check "installed lvx --version" lvx_deploy_version "$root"
  lvx_deploy_check "installed lvx refuses --token" lvx_deploy_token_refused "$root"
  lvx_deploy_check "installed files, conffiles, user, units" lvx_deploy_installed "$root"
  lvx_deploy_check "coordinator.json safe defaults" lvx_deploy_safe_defaults "$root/etc/lvextend/coordinator.json"
  lvx_deploy_check "installed coordinator refuses the shipped config" lvx_deploy_refuses "$root" "$work/coordinator-copy"
  lvx_deploy_check "installed coordinator --check-config refuses the shipped config" \
    lvx_deploy_check_config "$root" "$work/coordinator-check" coordinator Spm.Coordinator coordinator.json
  lvx_deploy_check "installed agent --check-config refuses the shipped config" \
    lvx_deploy_check_config "$root" "$work/agent-check" agent Hsm.Agent agent.json
  lvx_deploy_check "dpkg --purge" lvx_deploy_purge "$root"
  rm -rf "$root"
  return "$LVX_DEPLOY_FAILED"
}
