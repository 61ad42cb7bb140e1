#!/usr/bin/env bash
# The LvExtend demo, on this machine alone: its own PostgreSQL, a VG on loop-device PVs, the shared
# mailbox, two coordinators (leader + standby) and two agents, each in its own network namespace with
# its own address, and qemu guests writing into thin disks at different rates: host-1's guest runs under
# libvirt (its agent uses Agent:VmSource=Libvirt), host-2's as a plain qemu with a QMP socket. A live view shows
# every VM's watermark and LV size and the coordinators' roles; midway the leader is killed to show
# failover. It ends with a summary and the audit history, and removes everything it created (Ctrl-C
# included).
#
#   scripts/demo.sh [--quick] [--no-view]
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
source "$LVX_ROOT/scripts/lib/pg.sh"
source "$LVX_ROOT/scripts/lib/cleanup.sh"
source "$LVX_ROOT/scripts/lib/libvirt.sh"

quick=0 view=1
for a in "$@"; do
  case "$a" in
    --quick) quick=1 ;;
    --no-view) view=0 ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) lvx_die "unknown option $a (try --help)" ;;
  esac
done
[ "$(id -u)" = 0 ] || lvx_die "the demo needs root (loop devices, LVM, network namespaces)"

lvx_install_deps
cd "$LVX_ROOT"

# ---------------------------------------------------------------------------------------------
# Everything the demo creates is named after this id and removed by cleanup().
id=$$
work=$(mktemp -d /tmp/lvx-demo.XXXXXX)
chmod 755 "$work"
bridge=lvxbr$((id % 10000))
net=10.231.$((id % 200 + 20))
declare -A ns_addr=([coord-a]=$net.11 [coord-b]=$net.12 [host-1]=$net.21 [host-2]=$net.22)
pids=()
vg=""
loops=()
domains=()

cleanup() {
  trap - EXIT INT TERM
  lvx_log "cleaning up"
  local p
  for p in "${pids[@]}"; do kill -KILL "$p" 2>/dev/null; done
  local d
  for d in "${domains[@]}"; do virsh -q -c qemu:///system destroy "$d" >/dev/null 2>&1; done
  lvx_libvirt_stop "$work/libvirt"
  sleep 0.3
  local n
  for n in "${!ns_addr[@]}"; do ip netns del "lvx$id-$n" 2>/dev/null; done
  ip link del "$bridge" 2>/dev/null
  # Loop devices activated for the guests' LVs, then the VG and its PVs.
  local l
  for l in $(losetup -a 2>/dev/null | grep "$work" | cut -d: -f1); do losetup -d "$l" 2>/dev/null; done
  if [ -n "$vg" ]; then
    local devs; devs=$(IFS=,; echo "${loops[*]}")
    lvm vgremove -f --devices "$devs" --driverloaded n "$vg" >/dev/null 2>&1
    lvm pvremove -f --devices "$devs" "${loops[@]}" >/dev/null 2>&1
  fi
  for l in "${loops[@]}"; do losetup -d "$l" 2>/dev/null; done
  lvx_pg_stop "$work/pg"
  if [ "${LVX_KEEP:-0}" = 1 ]; then
    mkdir -p "/var/tmp/lvx-demo-logs-$id" && cp "$work"/*.log "$work"/*.console "/var/tmp/lvx-demo-logs-$id/" 2>/dev/null
    lvx_log "logs kept in /var/tmp/lvx-demo-logs-$id"
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'echo; lvx_log "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------
lvx_log "building (dotnet restore + build, guest image)"
export LVX_GUEST_DIR="$LVX_ROOT/.work/guest"
scripts/build-guest.sh "$LVX_GUEST_DIR" >/dev/null || lvx_die "the qemu guest could not be built"
dotnet build src/Spm.Coordinator/Spm.Coordinator.csproj -c Release -v q -nologo -o "$work/bin/coordinator" >/dev/null \
  || lvx_die "the coordinator did not build"
dotnet build src/Hsm.Agent/Hsm.Agent.csproj -c Release -v q -nologo -o "$work/bin/agent" >/dev/null \
  || lvx_die "the agent did not build"
dotnet build src/Lvx/Lvx.csproj -c Release -v q -nologo -o "$work/bin/lvx" >/dev/null || lvx_die "lvx did not build"
lvx() { dotnet "$work/bin/lvx/lvx.dll" "$@"; }

# ---------------------------------------------------------------------------------------------
lvx_log "network: bridge $bridge $net.1/24, one namespace per host"
ip link add "$bridge" type bridge && ip link set "$bridge" up && ip addr add "$net.1/24" dev "$bridge" \
  || lvx_die "could not create the bridge"
i=0
for n in "${!ns_addr[@]}"; do
  i=$((i + 1))
  ns="lvx$id-$n" host_if="lvx${id}v$i" peer_if="lvx${id}p$i"
  ip netns add "$ns" || lvx_die "could not create namespace $ns"
  ip link add "$host_if" type veth peer name "$peer_if"
  ip link set "$peer_if" netns "$ns"
  ip link set "$host_if" master "$bridge" up
  ip -n "$ns" addr add "${ns_addr[$n]}/24" dev "$peer_if"
  ip -n "$ns" link set "$peer_if" up
  ip -n "$ns" link set lo up
done

lvx_log "PostgreSQL on $net.1 (reached over the veths)"
pg=$(lvx_pg_start "$work/pg" 0 "$net.1" "$net.0/24") || lvx_die "PostgreSQL did not start"

lvx_log "libvirt for host-1 (virtlogd + libvirtd, started only if not running)"
lvx_libvirt_start "$work/libvirt" || lvx_die "libvirtd did not start"

# ---------------------------------------------------------------------------------------------
domain=$(cat /proc/sys/kernel/random/uuid)
vg=$domain # as vdsm: the VG is named after the storage domain
lvx_log "VG $vg on two 1 GiB loop PVs (sparse files), inbox and outbox"
mkdir -p "$work/pv" "$work/loop" "$work/dev" "$work/vms/host-1" "$work/vms/host-2"
for i in 1 2; do
  truncate -s 1G "$work/pv/pv$i.img"
  loops+=("$(losetup -f --show "$work/pv/pv$i.img")")
done
devs=$(IFS=,; echo "${loops[*]}")
lvm pvcreate -q --devices "$devs" "${loops[@]}" >/dev/null || lvx_die "pvcreate failed"
lvm vgcreate -q --devices "$devs" --driverloaded n -s 4m "$vg" "${loops[@]}" >/dev/null || lvx_die "vgcreate failed"
truncate -s 16M "$work/inbox" "$work/outbox"

# Two guests, each a thin disk: a 1 GiB qcow2 on an LV that starts at 128 MiB.
declare -A vm_host=([vm-fast]=host-1 [vm-slow]=host-2)
declare -A vm_rate=([vm-fast]=0 [vm-slow]=24)
declare -A vm_write=([vm-fast]=640 [vm-slow]=384)
if [ "$quick" = 1 ]; then vm_write=([vm-fast]=320 [vm-slow]=192); fi
declare -A vm_vol
for vm in "${!vm_host[@]}"; do
  vol=$(cat /proc/sys/kernel/random/uuid)
  vm_vol[$vm]=$vol
  lvm lvcreate -q --devices "$devs" --driverloaded n -an -Zn -L 128m -n "$vol" --addtag lvx_capacity_mib=1024 "$vg" \
    >/dev/null 2>&1 || lvx_die "lvcreate $vol failed"
  # Loop activation, as the agent's loop backend lays it out: <dir>/<vg>/<lv>.img behind /dev/loopN,
  # reached through the symlink <root>/<vg>/<lv>.
  mkdir -p "$work/loop/$vg" "$work/dev/$vg"
  truncate -s 128M "$work/loop/$vg/$vol.img"
  dev=$(losetup -f --show "$work/loop/$vg/$vol.img")
  ln -s "$dev" "$work/dev/$vg/$vol"
  qemu-img create -q -f qcow2 "$dev" 1G || lvx_die "qemu-img create failed"
done

# ---------------------------------------------------------------------------------------------
token=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
# Reads from outside a coordinator's own namespace need the token too: lvx reads LVX_TOKEN.
export LVX_TOKEN=$token
start_coordinator() { # name
  local n=$1 addr=${ns_addr[coord-${1}]}
  ip netns exec "lvx$id-coord-$n" env \
    ConnectionStrings__Postgres="$pg" \
    Coordinator__InstanceId="coordinator-$n" \
    Coordinator__PoolId="$domain" \
    Coordinator__Listen="http://$addr:7411" \
    Coordinator__AdminToken="$token" \
    Coordinator__Mailbox__InboxPath="$work/inbox" \
    Coordinator__Mailbox__OutboxPath="$work/outbox" \
    Coordinator__Mailbox__MaxHosts=8 \
    Coordinator__Domains__0__DomainId="$domain" \
    Coordinator__Domains__0__PhysicalVolumes__0="${loops[0]}" \
    Coordinator__Domains__0__PhysicalVolumes__1="${loops[1]}" \
    Coordinator__Telemetry__MetricsListen="http://$addr:7414" \
    Logging__Console__FormatterName=simple \
    dotnet "$work/bin/coordinator/Spm.Coordinator.dll" >"$work/coordinator-$n.log" 2>&1 &
  pids+=($!)
  disown $! # killed on purpose midway and at cleanup: no job notices
  eval "coord_pid_$n=$!"
}
start_agent() { # host number
  local h=$1 addr=${ns_addr[host-${1}]} source=QmpDirectory
  [ "$h" = 1 ] && source=Libvirt # host-1 finds its VMs through libvirtd, host-2 through QMP sockets
  ip netns exec "lvx$id-host-$h" env \
    Agent__VmSource="$source" \
    Agent__HostId="$h" \
    Agent__PoolId="$domain" \
    Agent__InboxPath="$work/inbox" \
    Agent__OutboxPath="$work/outbox" \
    Agent__VmDirectory="$work/vms/host-$h" \
    Agent__DeviceRoot="$work/dev" \
    Agent__ListenUrl="http://$addr:7412" \
    Agent__Activation__Backend=Loop \
    Agent__Activation__LoopBackingDirectory="$work/loop" \
    Agent__Activation__Devices__0="${loops[0]}" \
    Agent__Activation__Devices__1="${loops[1]}" \
    Agent__Policy__ChunkMib=128 \
    Agent__Policy__UtilizationPercent=20 \
    Agent__Policy__Adaptive__Enabled=false \
    Agent__ResumePrelaunchedVms=true \
    Agent__MetricsListenUrl="http://$addr:7413" \
    dotnet "$work/bin/agent/Hsm.Agent.dll" >"$work/agent-$h.log" 2>&1 &
  pids+=($!)
  disown $!
}
lvx_log "starting coordinators a and b, agents 1 and 2"
start_coordinator a
sleep 1 # let a take the lease first, so the demo is predictable
start_coordinator b
start_agent 1
start_agent 2

coordinators="http://${ns_addr[coord-a]}:7411,http://${ns_addr[coord-b]}:7411"
agents="http://${ns_addr[host-1]}:7412,http://${ns_addr[host-2]}:7412"
wait_for() { # seconds command...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.5
  done
}
wait_for 60 lvx status --coordinator "http://${ns_addr[coord-a]}:7411" \
  || { tail -n 30 "$work/coordinator-a.log"; lvx_die "coordinator a did not come up"; }
for h in 1 2; do
  wait_for 60 lvx agent-status --agent "http://${ns_addr[host-$h]}:7412" \
    || { tail -n 30 "$work/agent-$h.log"; lvx_die "agent $h did not come up"; }
done

# ---------------------------------------------------------------------------------------------
lvx_log "starting the guests"
for vm in "${!vm_host[@]}"; do
  h=${vm_host[$vm]}
  if [ "$h" = host-1 ]; then
    # A transient libvirt domain, started running: the agent arms its threshold from the STARTED event
    # long before the guest's first write (it boots for several seconds).
    # Named like the console file, so that the live view matches them (a clash fails clearly).
    domains+=("$vm")
    lvx_libvirt_create_guest "$vm" "$work/dev/$vg/${vm_vol[$vm]}" "$work/$vm.console" "$LVX_GUEST_DIR" \
      "lvx.write_mib=${vm_write[$vm]} lvx.chunk_mib=4 lvx.rate_mibps=${vm_rate[$vm]} lvx.seed=$RANDOM" \
      || { domains=("${domains[@]/$vm}"); lvx_die "libvirt could not start $vm (a domain of that name already running?)"; }
    continue
  fi
  ip netns exec "lvx$id-$h" qemu-system-x86_64 -accel tcg -m 256 -nographic -no-reboot -nic none \
    -kernel "$LVX_GUEST_DIR/vmlinuz" -initrd "$LVX_GUEST_DIR/initramfs.cpio.gz" \
    -append "console=ttyS0 panic=-1 loglevel=4 lvx.write_mib=${vm_write[$vm]} lvx.chunk_mib=4 lvx.rate_mibps=${vm_rate[$vm]} lvx.seed=$RANDOM" \
    -drive "file=$work/dev/$vg/${vm_vol[$vm]},format=qcow2,if=none,id=d0,node-name=fmt0,file.node-name=prot0,werror=enospc,rerror=stop,cache=none,aio=threads" \
    -device virtio-blk-pci,drive=d0,id=vd0 \
    -qmp "unix:$work/vms/$h/$vm.qmp,server=on,wait=off" -S \
    -display none -serial "file:$work/$vm.console" -monitor none >"$work/$vm.qemu.log" 2>&1 &
  pids+=($!)
  disown $!
done

# The live view runs until every guest has printed its result; midway the leader is killed.
results_done() {
  local vm
  for vm in "${!vm_host[@]}"; do grep -q '^LVX-RESULT' "$work/$vm.console" 2>/dev/null || return 1; done
}
leader_killed=0
kill_leader_when_midway() {
  [ "$leader_killed" = 0 ] || return 0
  local total=0 done_mib=0 vm p
  for vm in "${!vm_host[@]}"; do
    total=$((total + vm_write[$vm]))
    p=$(grep -oE 'LVX-PROGRESS written_mib=[0-9]+' "$work/$vm.console" 2>/dev/null | tail -n1 | grep -oE '[0-9]+$')
    done_mib=$((done_mib + ${p:-0}))
  done
  if [ $((done_mib * 2)) -ge "$total" ]; then
    local leader
    leader=$(lvx status --coordinator "http://${ns_addr[coord-a]}:7411" --json 2>/dev/null | grep -q '"role": *"[Ll]eader"' && echo a || echo b)
    local pidvar="coord_pid_$leader"
    echo "$(date +%T) midway: SIGKILL the leader, coordinator-$leader (pid ${!pidvar})" >>"$work/events.log"
    kill -KILL "${!pidvar}" 2>/dev/null
    leader_killed=1
  fi
}

deadline=$((SECONDS + 900))
if [ "$view" = 1 ] && [ -t 1 ]; then
  lvx watch --coordinators "$coordinators" --agents "$agents" --events "$work/events.log" \
    --consoles "$work" --until-file "$work/finished" &
  view_pid=$!
  pids+=($view_pid)
fi
while ! results_done; do
  [ $SECONDS -lt $deadline ] || { lvx_log "the guests did not finish in time"; break; }
  kill_leader_when_midway
  sleep 1
done
touch "$work/finished"
[ -n "${view_pid:-}" ] && wait "$view_pid" 2>/dev/null

# ---------------------------------------------------------------------------------------------
echo
echo "== Summary"
printf '%-8s %-7s %10s %12s %s\n' VM host written LV result
ok=1
for vm in "${!vm_host[@]}"; do
  res=$(grep -m1 '^LVX-RESULT' "$work/$vm.console" 2>/dev/null || echo "LVX-RESULT none")
  size=$(lvm lvs --devices "$devs" --driverloaded n --noheadings --units m --nosuffix -o lv_size "$vg/${vm_vol[$vm]}" 2>/dev/null | tr -d ' ')
  p=$(grep -oE 'LVX-PROGRESS written_mib=[0-9]+' "$work/$vm.console" 2>/dev/null | tail -n1 | grep -oE '[0-9]+$')
  printf '%-8s %-7s %7s MiB %8s MiB %s\n' "$vm" "${vm_host[$vm]}" "${p:-0}" "${size%.*}" "${res#LVX-RESULT }"
  case "$res" in "LVX-RESULT ok"*) ;; *) ok=0 ;; esac
done
echo
[ -f "$work/events.log" ] && { echo "== Events"; cat "$work/events.log"; echo; }
echo "== Coordinators"
for c in a b; do
  lvx status --coordinator "http://${ns_addr[coord-$c]}:7411" 2>/dev/null || echo "coordinator-$c: down"
done
echo
echo "== Audit history (newest first)"
alive=$(for c in a b; do lvx status --coordinator "http://${ns_addr[coord-$c]}:7411" >/dev/null 2>&1 && echo "$c" && break; done)
lvx history --coordinator "http://${ns_addr[coord-${alive:-b}]}:7411" --limit 30 || true
echo
if [ "$ok" = 1 ]; then
  lvx_log "demo finished: every guest verified its data"
else
  lvx_log "demo finished with a failure (LVX_KEEP=1 keeps the logs)"
  exit 1
fi
