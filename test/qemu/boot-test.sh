#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots the kernel in QEMU and checks what it prints on the serial console.
#
#   boot-test.sh [options] -- QEMU-ARGS...
#     --expect REGEX     the console must show a line matching REGEX (extended regex; repeatable)
#     --reject REGEX     fail at once if a line matches (default: PANIC|boot failed); repeatable
#     --allow-panic      drop the default reject patterns (for tests of the fault reporter)
#     --until REGEX      stop QEMU and pass once a line matches (for boots that halt on purpose)
#     --exit N           expected QEMU exit status (default 0: PSCI SYSTEM_OFF)
#     --timeout SECONDS  give up after this long (default 20)
#     --send-after REGEX TEXT     once a line matches REGEX, type TEXT on the serial input
#                                 (printf escapes such as \r work)
#     --monitor-after REGEX CMD   once a line matches REGEX, give CMD to QEMU's monitor
#                                 (e.g. system_powerdown)
# Actions run in the order given, each after the previous one.
# The serial console goes to a log printed on failure. QEMU is always killed on the way out.
set -uo pipefail

expects=() rejects=('PANIC' 'boot failed') until='' want_exit=0 timeout=20
act_when=() act_kind=() act_text=()
while [ $# -gt 0 ]; do
	case $1 in
	--expect) expects+=("$2"); shift 2 ;;
	--reject) rejects+=("$2"); shift 2 ;;
	--allow-panic) rejects=(); shift ;;
	--until) until=$2; shift 2 ;;
	--exit) want_exit=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--send-after) act_when+=("$2") act_kind+=(serial) act_text+=("$3"); shift 3 ;;
	--monitor-after) act_when+=("$2") act_kind+=(monitor) act_text+=("$3"); shift 3 ;;
	--) shift; break ;;
	*) echo "boot-test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

log=$(mktemp)
fifos=$(mktemp -d)
qemu_pid= reader_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null
	[ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null
	rm -rf "$log" "$log.qemu" "$fifos"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "----- console -----"
	cat "$log"
	echo "-------------------"
	exit 1
}

# With actions, the serial port and the monitor are FIFO pairs (QEMU's pipe chardev opens
# NAME.in and NAME.out read-write, so neither side blocks on open).
io=(-monitor none -serial "file:$log")
if [ ${#act_when[@]} -gt 0 ]; then
	mkfifo "$fifos/ser.in" "$fifos/ser.out" "$fifos/mon.in" "$fifos/mon.out"
	io=(-chardev "pipe,id=ser,path=$fifos/ser" -serial chardev:ser
		-chardev "pipe,id=mon,path=$fifos/mon" -mon chardev=mon,mode=readline)
fi
echo "qemu-system-aarch64 $*"
qemu-system-aarch64 "$@" -display none "${io[@]}" -no-reboot </dev/null >>"$log.qemu" 2>&1 &
qemu_pid=$!
if [ ${#act_when[@]} -gt 0 ]; then
	cat "$fifos/ser.out" >>"$log" &
	reader_pid=$!
	exec 3<>"$fifos/ser.in" 4<>"$fifos/mon.in" 5<>"$fifos/mon.out"
fi
next_act=0
deadline=$((SECONDS + timeout))
status=
while :; do
	if ! kill -0 "$qemu_pid" 2>/dev/null; then
		wait "$qemu_pid"
		status=$?
		qemu_pid=
		break
	fi
	for r in "${rejects[@]}"; do
		grep -Eq -- "$r" "$log" && { sleep 0.2; fail "console shows '$r'"; }
	done
	if [ $next_act -lt ${#act_when[@]} ] && grep -Eq -- "${act_when[$next_act]}" "$log"; then
		if [ "${act_kind[$next_act]}" = serial ]; then
			printf -- "${act_text[$next_act]}" >&3
		else
			printf '%s\n' "${act_text[$next_act]}" >&4
		fi
		next_act=$((next_act + 1))
	fi
	if [ -n "$until" ] && grep -Eq -- "$until" "$log"; then
		break
	fi
	[ $SECONDS -ge $deadline ] && fail "no result within ${timeout}s"
	sleep 0.05
done
if [ -n "$reader_pid" ]; then
	sleep 0.1 # the reader drains what QEMU wrote last
	kill "$reader_pid" 2>/dev/null
	reader_pid=
fi
[ $next_act -lt ${#act_when[@]} ] && fail "never saw '${act_when[$next_act]}' to act on"
cat "$log.qemu" >>"$log" 2>/dev/null
rm -f "$log.qemu"

# The console ends lines with CR LF; match on plain lines so that '$' anchors work.
tr -d '\r' <"$log" >"$log.txt" && mv "$log.txt" "$log"
for r in "${rejects[@]}"; do
	grep -Eq -- "$r" "$log" && fail "console shows '$r'"
done
for e in "${expects[@]}"; do
	grep -Eq -- "$e" "$log" || fail "console never showed '$e'"
done
if [ -z "$until" ] && [ "$status" != "$want_exit" ]; then
	fail "QEMU exited with $status, expected $want_exit"
fi
echo "PASS"
cat "$log"
