#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots with boot-test.sh and checks that the seconds-since-1970 a line reports are within
# SLACK seconds of the host's clock when the line was printed.
#   host-time-check.sh PREFIX SLACK BOOT-TEST-ARGS...
# PREFIX is a regex that the number follows on the line ("rtc: time ").
set -uo pipefail
prefix=$1 slack=$2
shift 2
here=$(dirname "$0")
start=$(date +%s)
out=$("$here/boot-test.sh" "$@")
status=$?
end=$(date +%s)
echo "$out"
[ $status -eq 0 ] || exit $status
reported=$(echo "$out" | grep -Eo -- "${prefix}[0-9]+" | head -1 | grep -Eo '[0-9]+$')
if [ -z "$reported" ]; then
	echo "FAIL: no line with '${prefix}N'"
	exit 1
fi
if [ "$reported" -lt $((start - slack)) ] || [ "$reported" -gt $((end + slack)) ]; then
	echo "FAIL: reported $reported, host clock was $start..$end (slack ${slack}s)"
	exit 1
fi
echo "PASS: reported $reported, host clock $start..$end"
