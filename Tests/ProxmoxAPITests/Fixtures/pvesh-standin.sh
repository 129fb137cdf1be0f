#!/bin/sh
# Stand-in for PVE's pvesh in the tests: records its arguments, answers like pvesh does.
# PVESH_STANDIN_LOG names the file that receives one line per call (arguments separated by '|').
printf '%s' "$1" >> "$PVESH_STANDIN_LOG"
shift_args="$*"
for argument in "$@"; do :; done
(IFS='|'; printf '|%s\n' "$*") >> "$PVESH_STANDIN_LOG"
case "$1 $2" in
  "get /version")
    printf '{"release":"8.4","repoid":"06a4bc2d","version":"8.4.1"}\n' ;;
  "get /cluster/nextid")
    printf '"101"\n' ;;
  "create /nodes/pve/lxc")
    case "$shift_args" in
      *"--vmid 100"*)
        printf '400 Parameter verification failed.\nvmid: VM 100 already exists\nnet0: invalid format - missing key in comma-separated list property\n\npvesh create <api_path> --vmid <integer> [OPTIONS] [FORMAT_OPTIONS]\n' >&2
        exit 255 ;;
      *)
        printf '"UPID:pve:0002A1B3:00F1E2D3:6B08A0D7:vzcreate:101:root@pam:"\n' ;;
    esac ;;
  "set /nodes/pve/lxc/101/config")
    printf '\n' ;;
  "delete /nodes/pve/lxc/105")
    printf "CT 105 does not exist\n" >&2
    exit 2 ;;
  *)
    printf "No '%s' handler defined for '%s'\n" "$1" "$2" >&2
    exit 2 ;;
esac
