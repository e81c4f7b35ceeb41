#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A scripted session on the serial console: boots QEMU, then plays a script of typed lines and
# expected output, like a person at the prompt.
#
#   session-test.sh [--timeout SECONDS] [--step-timeout SECONDS] SCRIPT -- QEMU-ARGS...
#
# SCRIPT has one step per line (blank lines and lines starting with # are skipped):
#   > TEXT          type TEXT and Enter (after the previous step)
#   send TEXT       type TEXT as it is (printf escapes: \003 is Ctrl-C, \033[A the up arrow)
#   expect REGEX    wait until the output since the last thing typed matches (extended regex)
#   reject REGEX    fail if the output since the last thing typed matches (checked at once and
#                   again before the next thing is typed)
#   expect-now S    wait until the output since the last thing typed shows a time as
#                   YYYY-MM-DD HH:MM:SS that is within S seconds of the host's clock (UTC)
#   expect-file F   wait until the output since the last thing typed holds the lines of file F
#                   (in $SESSION_FILES) in order, one after another
#   monitor CMD     give CMD to QEMU's monitor (e.g. system_powerdown)
#   wait-exit       wait for QEMU to end by itself (after poweroff); it must exit with 0
# A session always fails on PANIC. The console log is printed on failure. QEMU is always
# killed on the way out.
set -uo pipefail

timeout=60 step_timeout=15
while [ $# -gt 0 ]; do
	case $1 in
	--timeout) timeout=$2; shift 2 ;;
	--step-timeout) step_timeout=$2; shift 2 ;;
	--) shift; break ;;
	-*) echo "session-test.sh: unknown option $1" >&2; exit 2 ;;
	*) script=$1; shift ;;
	esac
done
[ -r "${script:-}" ] || { echo "session-test.sh: no script" >&2; exit 2; }
[ "${1:-}" = -- ] && shift

log=$(mktemp) fifos=$(mktemp -d)
qemu_pid= reader_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null
	[ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null
	rm -rf "$log" "$fifos"
}
trap cleanup EXIT

step_no=0 step=''
fail() {
	echo "FAIL: step $step_no ($step): $*"
	echo "----- console -----"
	tr -d '\r' <"$log"
	echo "-------------------"
	exit 1
}

mkfifo "$fifos/ser.in" "$fifos/ser.out" "$fifos/mon.in" "$fifos/mon.out"
echo "qemu-system-aarch64 $*"
qemu-system-aarch64 "$@" -display none -no-reboot \
	-chardev "pipe,id=ser,path=$fifos/ser" -serial chardev:ser \
	-chardev "pipe,id=mon,path=$fifos/mon" -mon chardev=mon,mode=readline \
	</dev/null >"$fifos/qemu.txt" 2>&1 &
qemu_pid=$!
cat "$fifos/ser.out" >>"$log" &
reader_pid=$!
exec 3<>"$fifos/ser.in" 4<>"$fifos/mon.in" 5<>"$fifos/mon.out"
end=$((SECONDS + timeout))
mark=0             # bytes of the log before the last thing typed
rejects=('PANIC') # checked over the whole log
window_rejects=()  # checked over the output since the last thing typed

since_mark() { tail -c +$((mark + 1)) "$log" | tr -d '\r'; }

# Whether text from the command "$2..." matches regex $1. grep reads to the end (no -q): under
# pipefail an early exit would kill the writer with SIGPIPE and fail a pipeline that matched
# (it did, with endless output such as hexdump's).
matches() {
	local regex=$1
	shift
	"$@" | grep -E -- "$regex" >/dev/null
}
whole_log() { tr -d '\r' <"$log"; }

check_rejects() {
	for r in "${rejects[@]}"; do
		matches "$r" whole_log && fail "the console shows '$r'"
	done
	for r in ${window_rejects[@]+"${window_rejects[@]}"}; do
		matches "$r" since_mark && fail "the output shows '$r'"
	done
}

type_text() {
	check_rejects
	window_rejects=()
	mark=$(stat -c %s "$log")
	printf '%b' "$1" >&3
}

wait_for() {
	local deadline=$((SECONDS + step_timeout))
	[ $deadline -gt $end ] && deadline=$end
	while ! matches "$1" since_mark; do
		check_rejects
		kill -0 "$qemu_pid" 2>/dev/null || { sleep 0.1; matches "$1" since_mark && return;
			fail "QEMU ended before '$1' showed"; }
		[ $SECONDS -ge $deadline ] && fail "'$1' did not show in time"
		sleep 0.05
	done
}

# Whether the output since the mark holds file $1's lines, consecutively.
holds_file() {
	local first n start
	first=$(head -n 1 "$1") n=$(wc -l <"$1")
	since_mark >"$fifos/out.txt"
	for start in $(grep -n -Fx -- "$first" "$fifos/out.txt" | cut -d: -f1); do
		tail -n +"$start" "$fifos/out.txt" | head -n "$n" | cmp -s - "$1" && return 0
	done
	return 1
}

wait_for_file() {
	local deadline=$((SECONDS + step_timeout))
	[ -r "$1" ] || fail "no file $1"
	while ! holds_file "$1"; do
		check_rejects
		[ $SECONDS -ge $deadline ] && fail "the lines of $1 did not show in time"
		sleep 0.1
	done
}

# Waits for a date in the output and checks it against the host's clock.
wait_for_now() {
	local stamp=''
	wait_for '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}'
	stamp=$(since_mark | grep -Eo '[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}' | tail -n 1)
	local guest host
	guest=$(date -u -d "$stamp" +%s) || fail "cannot read the time '$stamp'"
	host=$(date -u +%s)
	local diff=$((guest > host ? guest - host : host - guest))
	[ $diff -le "$1" ] || fail "the guest says $stamp, $diff s away from the host's $(date -u '+%F %T')"
	echo "time: the guest's $stamp is within $diff s of the host's clock"
}

wait_exit() {
	while kill -0 "$qemu_pid" 2>/dev/null; do
		check_rejects
		[ $SECONDS -ge $end ] && fail "QEMU did not end in time"
		sleep 0.05
	done
	wait "$qemu_pid"
	local status=$?
	qemu_pid=
	[ $status -eq 0 ] || fail "QEMU exited with $status: $(cat "$fifos/qemu.txt")"
}

while IFS= read -r line || [ -n "$line" ]; do
	case $line in '' | '#'*) continue ;; esac
	step_no=$((step_no + 1)) step=$line
	case $line in
	'> '*) type_text "${line#> }\r" ;;
	'send '*) type_text "${line#send }" ;;
	'expect '*) wait_for "${line#expect }" ;;
	'expect-now '*) wait_for_now "${line#expect-now }" ;;
	'expect-file '*) wait_for_file "${SESSION_FILES:-.}/${line#expect-file }" ;;
	'reject '*) window_rejects+=("${line#reject }"); check_rejects ;;
	'monitor '*) printf '%s\n' "${line#monitor }" >&4 ;;
	wait-exit) wait_exit ;;
	*) fail "unknown step" ;;
	esac
done <"$script"
step='end'
check_rejects
sleep 0.1
kill "$reader_pid" 2>/dev/null
reader_pid=
echo "PASS"
tr -d '\r' <"$log"
