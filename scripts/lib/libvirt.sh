# libvirt daemons for tests and the demo. Source it; do not run it.
# shellcheck shell=bash
#
# No service manager runs on these machines: virtlogd must run before libvirtd (without it a domain
# start fails on /run/libvirt/virtlogd-sock). lvx_libvirt_start starts each daemon only when it is not
# already running (a live pid in its pidfile and its socket present) and records the pids it started in
# STATE_DIR/libvirt-started.pids; lvx_libvirt_stop STATE_DIR ends exactly those pids, nothing else.

LVX_VIRTLOGD_PIDFILE=/run/virtlogd.pid
LVX_VIRTLOGD_SOCKET=/run/libvirt/virtlogd-sock
LVX_LIBVIRTD_PIDFILE=/run/libvirtd.pid
LVX_LIBVIRTD_SOCKET=/run/libvirt/libvirt-sock

# Prints the pid from a pidfile when that process is alive.
_lvx_libvirt_live_pid() {
  local pid
  pid=$(cat "$1" 2>/dev/null) || return 1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && printf '%s\n' "$pid"
}

# _lvx_libvirt_start_one NAME PIDFILE SOCKET STATE_DIR
_lvx_libvirt_start_one() {
  local name=$1 pidfile=$2 socket=$3 state=$4 pid i
  if _lvx_libvirt_live_pid "$pidfile" >/dev/null && [ -S "$socket" ]; then
    lvx_log "$name already running (pid $(cat "$pidfile")): left alone"
    return 0
  fi
  command -v "$name" >/dev/null || { lvx_log "error: $name is not installed (libvirt-daemon-system)"; return 1; }
  "$name" -d || { lvx_log "error: $name -d failed"; return 1; }
  for i in $(seq 1 100); do
    if pid=$(_lvx_libvirt_live_pid "$pidfile") && [ -S "$socket" ]; then
      printf '%s %s\n' "$name" "$pid" >>"$state/libvirt-started.pids"
      lvx_log "$name started (pid $pid)"
      return 0
    fi
    sleep 0.1
  done
  lvx_log "error: $name did not come up ($pidfile, $socket)"
  return 1
}

# lvx_libvirt_start STATE_DIR: virtlogd, then libvirtd; waits until qemu:///system answers.
lvx_libvirt_start() {
  local state=${1:?state directory}
  mkdir -p "$state"
  _lvx_libvirt_start_one virtlogd "$LVX_VIRTLOGD_PIDFILE" "$LVX_VIRTLOGD_SOCKET" "$state" || return 1
  _lvx_libvirt_start_one libvirtd "$LVX_LIBVIRTD_PIDFILE" "$LVX_LIBVIRTD_SOCKET" "$state" || return 1
  local i
  for i in $(seq 1 100); do
    virsh -q -c qemu:///system version >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  lvx_log "error: libvirtd does not answer on qemu:///system"
  return 1
}

# lvx_libvirt_stop STATE_DIR: ends the daemons this state directory recorded (libvirtd first), by pid.
lvx_libvirt_stop() {
  local state=${1:?state directory} file name pid i
  file="$state/libvirt-started.pids"
  [ -f "$file" ] || return 0
  tac "$file" | while read -r name pid; do
    kill -0 "$pid" 2>/dev/null || continue
    kill -TERM "$pid" 2>/dev/null
    for i in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null
    lvx_log "$name (pid $pid) stopped"
  done
  rm -f "$file"
}

# lvx_libvirt_destroy_leftovers DIR: destroys the transient domains a test run recorded in
# DIR/libvirt-domains (tests normally destroy their own; this covers a test host that died first).
lvx_libvirt_destroy_leftovers() {
  local dir=${1:?work directory} f
  for f in "$dir"/libvirt-domains/*; do
    [ -e "$f" ] || continue
    virsh -q -c qemu:///system destroy "${f##*/}" >/dev/null 2>&1 || true
    rm -f "$f"
  done
}

# lvx_libvirt_create_guest NAME DEVICE CONSOLE GUEST_DIR "lvx.* PARAMS" [--paused]
# Starts the project's test guest as a transient libvirt domain (type qemu, TCG): DEVICE (a block device
# or a symlink to one) holds its qcow2 disk with error_policy='stop' (ENOSPC pauses the VM), the console
# goes to the file CONSOLE, qemu runs as root without relabelling the guest files.
lvx_libvirt_create_guest() {
  local name=$1 dev=$2 console=$3 guest=$4 params=$5 paused=${6:-}
  local kernel="$guest/vmlinuz" xml rc
  [ -f "$guest/vmlinux" ] && kernel="$guest/vmlinux"
  xml=$(mktemp /tmp/lvx-domain.XXXXXX)
  cat >"$xml" <<EOF
<domain type='qemu'>
  <name>$name</name>
  <memory unit='MiB'>256</memory>
  <vcpu>1</vcpu>
  <os>
    <type arch='x86_64' machine='pc'>hvm</type>
    <kernel>$kernel</kernel>
    <initrd>$guest/initramfs.cpio.gz</initrd>
    <cmdline>console=ttyS0 panic=-1 loglevel=4 $params</cmdline>
  </os>
  <on_poweroff>destroy</on_poweroff>
  <on_reboot>destroy</on_reboot>
  <on_crash>destroy</on_crash>
  <devices>
    <disk type='block' device='disk'>
      <driver name='qemu' type='qcow2' cache='none' io='threads' error_policy='stop'/>
      <source dev='$dev'/>
      <target dev='vda' bus='virtio'/>
    </disk>
    <serial type='file'><source path='$console'/><target port='0'/></serial>
    <memballoon model='none'/>
  </devices>
  <seclabel type='static' model='dac' relabel='no'><label>+0:+0</label></seclabel>
</domain>
EOF
  # shellcheck disable=SC2086 # $paused is empty or one flag
  virsh -q -c qemu:///system create "$xml" $paused >/dev/null
  rc=$?
  rm -f "$xml"
  return $rc
}
