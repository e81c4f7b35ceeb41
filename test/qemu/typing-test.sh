#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Types many short commands at the shell in 8-byte bursts, as a paste does, and checks every
# one is answered: the console's input must never stop (issue 11, finding 2:
# it stopped for good after a few hundred, as the PL011 driver lost receive interrupts).
#
#   typing-test.sh COUNT [--step-timeout SECONDS] [--group N] -- QEMU-ARGS...
# --group: commands typed back to back before waiting for their answers (default 16).
set -uo pipefail
count=$1
shift
step_timeout=5 group=16
while [ $# -gt 0 ] && [ "$1" != -- ]; do
	case $1 in
	--step-timeout) step_timeout=$2; shift 2 ;;
	--group) group=$2; shift 2 ;;
	*) echo "typing-test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ "${1:-}" = -- ] && shift

log=$(mktemp) fifos=$(mktemp -d)
qemu_pid= reader_pid=
cleanup() {
	[ -n "$qemu_pid" ] && { kill -9 "$qemu_pid"; wait "$qemu_pid"; } 2>/dev/null
	[ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null
	rm -rf "$log" "$fifos"
}
trap cleanup EXIT
fail() {
	echo "FAIL: $*"
	echo "----- console (last 40 lines) -----"
	tr -d '\r' <"$log" | tail -n 40
	echo "-------------------"
	exit 1
}

mkfifo "$fifos/ser.in" "$fifos/ser.out"
echo "qemu-system-aarch64 $*"
qemu-system-aarch64 "$@" -display none -no-reboot -monitor none \
	-chardev "pipe,id=ser,path=$fifos/ser" -serial chardev:ser </dev/null \
	>"$fifos/qemu.txt" 2>&1 &
qemu_pid=$!
cat "$fifos/ser.out" >>"$log" &
reader_pid=$!
exec 3<>"$fifos/ser.in"

# Waits until the log from byte $2 on has a line that is exactly $1.
wait_line() {
	local deadline=$((SECONDS + step_timeout))
	while ! tail -c +$(($2 + 1)) "$log" | tr -d '\r' | grep -qx -- "$1"; do
		kill -0 "$qemu_pid" 2>/dev/null || fail "QEMU ended"
		grep -q PANIC "$log" && fail "PANIC"
		[ $SECONDS -ge $deadline ] && return 1
		sleep 0.01
	done
}


deadline=$((SECONDS + 20))
until tr -d '\r' <"$log" | grep -q '^fern> '; do
	[ $SECONDS -ge $deadline ] && fail "no shell prompt"
	sleep 0.05
done
# Commands go in groups of $group typed back to back (under the console's 256 bytes of
# type-ahead), each group's bytes in 8-byte writes with no pause between them; then every
# command of the group must be answered before the next group.
for ((first = 1; first <= count; first += group)); do
	last=$((first + group - 1))
	[ $last -gt "$count" ] && last=$count
	text=
	for ((i = first; i <= last; i++)); do
		text+="echo t$i"$'\r'
	done
	mark=$(stat -c %s "$log")
	for ((k = 0; k < ${#text}; k += 8)); do
		printf '%s' "${text:k:8}" >&3
	done
	wait_line "t$last" "$mark" || fail "command $last of $count was not answered within ${step_timeout}s"
	for ((i = first; i <= last; i++)); do
		tail -c +$((mark + 1)) "$log" | tr -d '\r' | grep -qx -- "t$i" ||
			fail "command $i of $count was not answered"
	done
done
echo "PASS: $count commands typed in 8-byte bursts, every one answered"
