#!/usr/bin/env bash
# Regenerates the fixture host trees under hosts/ (see README.md). Run from this folder.
set -euo pipefail
cd "$(dirname "$0")"
H=hosts
cur=

host() {
  cur=$H/$1; rm -rf "$cur"; mkdir -p "$cur/_probe/commands"
  echo "# device nodes of fixture host $1: type major:minor path" > "$cur/_probe/devices"
  echo "# symbolic links of fixture host $1: path -> target" > "$cur/_probe/links"
}
file() { mkdir -p "$(dirname "$cur/$1")"; cat > "$cur/$1"; }
# link TARGET /path : a declared symbolic link (real links would give SwiftPM cycles to loop on)
link() { echo "/${2#/} -> $1" >> "$cur/_probe/links"; }
ups() { local n; n=$(tr -cd / <<<"$1" | wc -c); printf '../%.0s' $(seq 1 $((n + 1))); }
# dev TYPE MAJOR:MINOR /path : a declared device node
dev() { echo "$1 $2 $3" >> "$cur/_probe/devices"; }
cmd() { cat > "$cur/_probe/commands/$1.out"; }
missing() { : > "$cur/_probe/commands/$1.missing"; }
hang() { : > "$cur/_probe/commands/$1.hang"; }

# pci ADDR VENDOR DEVICE CLASS DRIVER [PARENT]
pci() {
  local addr=$1 parent=${6:-pci0000:00}
  local rel="devices/$parent/$addr" d="$cur/sys/devices/$parent/$addr"
  mkdir -p "$d" "$cur/sys/bus/pci/devices"
  echo "$2" > "$d/vendor"; echo "$3" > "$d/device"; echo "$4" > "$d/class"
  link "../../../$rel" "sys/bus/pci/devices/$addr"
  if [ -n "$5" ]; then
    mkdir -p "$cur/sys/bus/pci/drivers/$5"
    link "$(ups "$rel")bus/pci/drivers/$5" "sys/$rel/driver"
  fi
}
# drm NAME ADDR MINOR [PARENT]: sysfs entry, /dev/dri node, by-path link
drm() {
  local name=$1 addr=$2 parent=${4:-pci0000:00}
  local d="$cur/sys/devices/$parent/$addr/drm/$name"
  mkdir -p "$d" "$cur/sys/class/drm"
  echo "226:$3" > "$d/dev"
  link "../../../$addr" "sys/devices/$parent/$addr/drm/$name/device"
  link "../../devices/$parent/$addr/drm/$name" "sys/class/drm/$name"
  dev c "226:$3" "/dev/dri/$name"
  local kind=card; [[ $name == renderD* ]] && kind=render
  link "../$name" "dev/dri/by-path/pci-$addr-$kind"
}

pve() {
  case $1 in
    8.4) echo "pve-manager/8.4.1/2a5fa54a8503f96d (running kernel: 6.8.12-9-pve)" ;;
    9.1) echo "pve-manager/9.1.1/42db4a6cf33dac83 (running kernel: 6.17.2-1-pve)" ;;
    7.4) echo "pve-manager/7.4-17/513c62be (running kernel: 5.15.149-1-pve)" ;;
  esac | cmd pveversion
}

# A plain PVE node: root, amd64, Europe/Berlin, roomy key limits, a NIC, vmbr0, tun.
base() {
  pve "${1:-8.4}"
  echo amd64 | cmd "dpkg --print-architecture"
  echo "Europe/Berlin" | file etc/timezone
  link ../usr/share/zoneinfo/Europe/Berlin etc/localtime
  printf 'Name:\tprobe\nUmask:\t0022\nState:\tR (running)\nPid:\t4243\nPPid:\t4242\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n' | file proc/self/status
  echo bash | file proc/4242/comm
  echo 200 | file proc/sys/kernel/keys/maxkeys
  echo 20000 | file proc/sys/kernel/keys/maxbytes
  printf '    0:    67 66/66 40/1000000 699/25000000\n100000:     3 3/3 3/200 36/20000\n' | file proc/key-users
  pci 0000:00:00.0 0x8086 0x3e0f 0x060000 ""
  pci 0000:00:1f.6 0x8086 0x15bc 0x020000 e1000e
  dev c 10:200 /dev/net/tun
  file etc/network/interfaces <<'IF'
auto lo
iface lo inet loopback

iface eno1 inet manual

auto vmbr0
iface vmbr0 inet static
	address 192.168.1.11/24
	gateway 192.168.1.1
	bridge-ports eno1
	bridge-stp off
	bridge-fd 0
#LAN (main bridge)

source /etc/network/interfaces.d/*
IF
}

lspci_common='00:00.0 Host bridge [0600]: Intel Corporation 8th Gen Core Processor Host Bridge/DRAM Registers [8086:3e0f] (rev 0d)
00:1f.6 Ethernet controller [0200]: Intel Corporation Ethernet Connection (7) I219-LM [8086:15bc] (rev 10)'

corosync() { echo "totem { cluster_name: homelab }" | file etc/pve/corosync.conf; }
pvecm_status() {
  cmd "pvecm status" <<PVECM
Cluster information
-------------------
Name:             homelab
Config Version:   3
Transport:        knet
Secure auth:      on

Quorum information
------------------
Date:             Thu Nov 26 21:00:00 2026
Quorum provider:  corosync_votequorum
Nodes:            $2
Node ID:          0x00000001
Ring ID:          1.2c
Quorate:          $1

Votequorum information
----------------------
Expected votes:   3
Highest expected: 3
Total votes:      $2
Quorum:           2 $( [ "$1" = No ] && echo "Activity blocked" )
Flags:            $( [ "$1" = Yes ] && echo Quorate )

Membership information
----------------------
    Nodeid      Votes Name
0x00000001          1 192.168.1.11 (local)
PVECM
}

# ---------------------------------------------------------------- no-gpu
host no-gpu
base 8.4
cmd "lspci -nn" <<<"$lspci_common"
file etc/network/interfaces.d/lab <<'IF'
# VLAN-aware lab bridge, no ports
auto vmbr1
iface vmbr1 inet manual
	bridge-ports none
	bridge-stp off
	bridge-fd 0
	bridge-vlan-aware yes
	bridge-vids 2-4094
#Lab VLANs

auto vmbr2
iface vmbr2 inet manual
	ovs_type OVSBridge
	ovs_ports eno2

iface eno2 inet manual

auto vmbr3
iface vmbr3 inet manual
	bridge_ports eno3
# old underscore spelling
IF
file root/.ssh/authorized_keys <<'KEYS'
# admin keys
ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKFixtureKeyNumberOne000000000000000000000 alice@laptop
command="/usr/bin/backup",no-pty,no-port-forwarding ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQDFixtureRsaKey backup@nas
ssh-dss AAAAB3NzaC1kc3MAAACBAOldDsaKeyNotAccepted old@box
KEYS
printf 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYFixture bob@desk\r\n' | file root/.ssh/id_ecdsa.pub
echo "-----BEGIN OPENSSH PRIVATE KEY-----" | file root/.ssh/id_ed25519
echo "|1|hashed ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKnownHost" | file root/.ssh/known_hosts
printf 'sk-ssh-ed25519@openssh.com AAAAGnNrLXNzaC1lZDI1NTE5QG9wZW5zc2guY29tFixture yubikey\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKFixtureKeyNumberOne000000000000000000000 alice@laptop\n' | file etc/ssh/authorized_keys.d/admins

# ---------------------------------------------------------------- intel-igpu
host intel-igpu
base 9.1
pci 0000:00:02.0 0x8086 0x4680 0x030000 i915
drm card0 0000:00:02.0 0
drm renderD128 0000:00:02.0 128
cmd "lspci -nn" <<EOF2
00:02.0 VGA compatible controller [0300]: Intel Corporation AlderLake-S GT1 [8086:4680] (rev 0c)
$lspci_common
EOF2
corosync
pvecm_status Yes 3
file etc/pve/sdn/vnets.cfg <<'SDN'
vnet: iot
	zone lab
	alias IoT devices
	tag 30

vnet: dmz
	zone lab
	tag 40
SDN

# ---------------------------------------------------------------- amd-dgpu (behind PCIe switch; run through sudo)
host amd-dgpu
base 8.4
chain=pci0000:00/0000:00:01.1/0000:01:00.0/0000:02:00.0
pci 0000:03:00.0 0x1002 0x73bf 0x030000 amdgpu "$chain"
pci 0000:03:00.1 0x1002 0xab28 0x040300 snd_hda_intel "$chain"
drm card0 0000:03:00.0 0 "$chain"
drm renderD128 0000:03:00.0 128 "$chain"
dev c 235:0 /dev/kfd
echo sudo | file proc/4242/comm
cmd "lspci -nn" <<EOF2
03:00.0 VGA compatible controller [0300]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21 [Radeon RX 6800/6800 XT / 6900 XT] [1002:73bf] (rev c1)
03:00.1 Audio device [0403]: Advanced Micro Devices, Inc. [AMD/ATI] Navi 21/23 HDMI/DP Audio Controller [1002:ab28]
$lspci_common
EOF2

# ---------------------------------------------------------------- nvidia-loaded (nvidia-drm modeset too)
nvidia_nodes() {
  dev c 195:0 /dev/nvidia0
  dev c 195:255 /dev/nvidiactl
  dev c 195:254 /dev/nvidia-modeset
  dev c 510:0 /dev/nvidia-uvm
  dev c 510:1 /dev/nvidia-uvm-tools
  dev c 511:1 /dev/nvidia-caps/nvidia-cap1
  dev c 511:2 /dev/nvidia-caps/nvidia-cap2
  echo "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024
GCC version:  gcc version 12.2.0 (Debian 12.2.0-14)" | file proc/driver/nvidia/version
  printf 'Model: \t\t NVIDIA GeForce RTX 3090\nIRQ:   \t\t 160\nGPU UUID: \t GPU-1c2b\nVideo BIOS: \t 94.02.42.00.a9\nBus Type: \t PCIe\nDMA Size: \t 47 bits\nDevice Minor: \t 0\nBus Location: \t 0000:01:00.0\n' | file proc/driver/nvidia/gpus/0000:01:00.0/information
}
host nvidia-loaded
base 8.4
pci 0000:01:00.0 0x10de 0x2204 0x030000 nvidia pci0000:00/0000:00:01.0
drm card0 0000:01:00.0 0 pci0000:00/0000:00:01.0
drm renderD128 0000:01:00.0 128 pci0000:00/0000:00:01.0
nvidia_nodes
cmd "lspci -nn" <<EOF2
01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)
$lspci_common
EOF2

# ---------------------------------------------------------------- nvidia-no-driver
host nvidia-no-driver
base 8.4
pci 0000:01:00.0 0x10de 0x1eb8 0x030200 "" pci0000:00/0000:00:01.0
cmd "lspci -nn" <<EOF2
01:00.0 3D controller [0302]: NVIDIA Corporation TU104GL [Tesla T4] [10de:1eb8] (rev a1)
$lspci_common
EOF2

# ---------------------------------------------------------------- intel-nvidia (nvidia-drm took card0/renderD128; pvecm hangs)
host intel-nvidia
base 8.4
pci 0000:00:02.0 0x8086 0x3e92 0x030000 i915
pci 0000:01:00.0 0x10de 0x2204 0x030000 nvidia pci0000:00/0000:00:01.0
drm card0 0000:01:00.0 0 pci0000:00/0000:00:01.0
drm renderD128 0000:01:00.0 128 pci0000:00/0000:00:01.0
drm card1 0000:00:02.0 1
drm renderD129 0000:00:02.0 129
echo connected | file sys/devices/pci0000:00/0000:00:02.0/drm/card1/card1-HDMI-A-1/status
link ../../devices/pci0000:00/0000:00:02.0/drm/card1/card1-HDMI-A-1 sys/class/drm/card1-HDMI-A-1
echo "drm 1.1.0 20060810" | file sys/class/drm/version
nvidia_nodes
cmd "lspci -nn" <<EOF2
00:02.0 VGA compatible controller [0300]: Intel Corporation CoffeeLake-S GT2 [UHD Graphics 630] [8086:3e92]
01:00.0 VGA compatible controller [0300]: NVIDIA Corporation GA102 [GeForce RTX 3090] [10de:2204] (rev a1)
$lspci_common
EOF2
corosync
hang "pvecm status"

# ---------------------------------------------------------------- renumbered (the only card is card1/renderD129)
host renumbered
base 8.4
pci 0000:00:02.0 0x8086 0x46a6 0x030000 i915
drm card1 0000:00:02.0 1
drm renderD129 0000:00:02.0 129
cmd "lspci -nn" <<EOF2
00:02.0 VGA compatible controller [0300]: Intel Corporation Alder Lake-P GT2 [Iris Xe Graphics] [8086:46a6] (rev 0c)
$lspci_common
EOF2

# ---------------------------------------------------------------- coral (Coral PCIe TPU, plus a BMC VGA that is not a GPU to pass)
host coral
base 8.4
pci 0000:04:00.0 0x1ac1 0x089a 0x088000 apex pci0000:00/0000:00:1c.0
dev c 120:0 /dev/apex_0
pci 0000:05:00.0 0x1a03 0x2000 0x030000 ast pci0000:00/0000:00:1c.4
drm card0 0000:05:00.0 0 pci0000:00/0000:00:1c.4
cmd "lspci -nn" <<EOF2
04:00.0 System peripheral [0880]: Global Unichip Corp. Coral Edge TPU [1ac1:089a]
05:00.0 VGA compatible controller [0300]: ASPEED Technology, Inc. ASPEED Graphics Family [1a03:2000] (rev 41)
$lspci_common
EOF2

# ---------------------------------------------------------------- usb-serial (no tun module; 32-bit ARM userland)
host usb-serial
base 8.4
sed -i '\|/dev/net/tun|d' "$cur/_probe/devices"
echo armhf | cmd "dpkg --print-architecture"
dev c 188:0 /dev/ttyUSB0
dev c 188:1 /dev/ttyUSB1
dev c 166:0 /dev/ttyACM0
echo "a regular file, not a device" | file dev/ttyUSB9
link ../../ttyUSB0 dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0
link ../../ttyACM0 dev/serial/by-id/usb-dresden_elektronik_ingenieurtechnik_GmbH_ConBee_II_DE2123456-if00
link ../../ttyUSB1 dev/serial/by-path/pci-0000:00:14.0-usb-0:2:1.0-port0
cmd "lspci -nn" <<<"$lspci_common"

# ---------------------------------------------------------------- pve-7.4 (old, not quorate, key limits nearly used; no lspci)
host pve-7.4
base 7.4
pci 0000:00:02.0 0x8086 0x3e92 0x030000 i915
drm card0 0000:00:02.0 0
drm renderD128 0000:00:02.0 128
printf '# pci.ids excerpt\n10de  NVIDIA Corporation\n\t1eb8  TU104GL [Tesla T4]\n8086  Intel Corporation\n\t3e0f  8th Gen Core Processor Host Bridge/DRAM Registers\n\t3e92  CoffeeLake-S GT2 [UHD Graphics 630]\n\t\t1028 0869  Vostro 3470\n\t46a6  Alder Lake-P GT2 [Iris Xe Graphics]\nC 03  Display controller\n' | file usr/share/misc/pci.ids
missing "lspci -nn"
printf '    0:    67 66/66 40/1000000 699/25000000\n1100000:     1 1/1 1/200 9/20000\n100000:   120 190/190 150/200 19500/20000\n' | file proc/key-users
corosync
pvecm_status No 1

# ---------------------------------------------------------------- not-pve (a workstation: no PVE, not root, no key limits, no lspci, no bridges)
host not-pve
missing pveversion
echo arm64 | cmd "dpkg --print-architecture"
missing "lspci -nn"
printf 'Name:\tlxc-build\nPid:\t9001\nPPid:\t9000\nUid:\t1000\t1000\t1000\t1000\n' | file proc/self/status
echo zsh | file proc/9000/comm
link ../usr/share/zoneinfo/America/New_York etc/localtime
pci 0000:00:02.0 0x8086 0x9a49 0x030000 i915
drm card0 0000:00:02.0 0
drm renderD128 0000:00:02.0 128
echo "# no bridges on a workstation" | file etc/network/interfaces
find "$H" -type d -empty -delete
