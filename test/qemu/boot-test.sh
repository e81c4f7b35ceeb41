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
# The serial console goes to a log printed on failure. QEMU is always killed on the way out.
set -uo pipefail

expects=() rejects=('PANIC' 'boot failed') until='' want_exit=0 timeout=20
while [ $# -gt 0 ]; do
	case $1 in
	--expect) expects+=("$2"); shift 2 ;;
	--reject) rejects+=("$2"); shift 2 ;;
	--allow-panic) rejects=(); shift ;;
	--until) until=$2; shift 2 ;;
	--exit) want_exit=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "boot-test.sh: unknown option $1" >&2; exit 2 ;;
	esac
done

log=$(mktemp)
qemu_pid=
cleanup() {
	[ -n "$qemu_pid" ] && kill -9 "$qemu_pid" 2>/dev/null
	rm -f "$log" "$log.qemu"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $*"
	echo "----- console -----"
	cat "$log"
	echo "-------------------"
	exit 1
}

echo "qemu-system-aarch64 $*"
qemu-system-aarch64 "$@" -display none -monitor none -serial "file:$log" -no-reboot \
	</dev/null >>"$log.qemu" 2>&1 &
qemu_pid=$!
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
	if [ -n "$until" ] && grep -Eq -- "$until" "$log"; then
		break
	fi
	[ $SECONDS -ge $deadline ] && fail "no result within ${timeout}s"
	sleep 0.05
done
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
