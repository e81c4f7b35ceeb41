#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The performance gate: runs the benchmark (QEMU with exact instruction counting) and checks
# every figure, and the kernel's text size, against a budget file (test/perf/budget*.txt). A
# figure over its budget, or a budgeted figure the benchmark no longer prints, fails with its
# name.
#
#   check-budget.sh BUDGET KERNEL-ELF READELF -- QEMU-ARGS...
#   check-budget.sh BUDGET KERNEL-ELF READELF --run COMMAND ARGS...   (a benchmark script)
set -uo pipefail
budget=$1 elf=$2 readelf=$3
shift 3
if [ "${1:-}" = --run ]; then
	shift
	out=$(timeout 300 "$@" 2>&1 | tr -d '\r')
else
	[ "${1:-}" = -- ] && shift
	out=$(timeout 120 qemu-system-aarch64 "$@" -nographic </dev/null 2>&1 | tr -d '\r')
fi
declare -A figure
while read -r name value; do
	figure[$name]=$value
done < <(sed -n 's/.*BENCH \([a-z0-9-]*\) \([0-9]*\) instructions.*/\1 \2/p' <<<"$out")
# readelf -SW: [Nr] Name Type Address Off Size ...; the size is hexadecimal.
text=$("$readelf" -SW "$elf" | sed -n 's/.* \.text *PROGBITS *[0-9a-f]* [0-9a-f]* \([0-9a-f]*\) .*/\1/p')
[ -n "$text" ] && figure[kernel-text-bytes]=$((16#$text))

failed=0
while read -r name limit _; do
	case $name in '' | '#'*) continue ;; esac
	value=${figure[$name]:-}
	if [ -z "$value" ]; then
		echo "FAIL: $name: the benchmark printed no figure for it"
		failed=1
	elif [ "$value" -gt "$limit" ]; then
		echo "FAIL: $name: $value is over its budget of $limit"
		failed=1
	else
		echo "ok: $name: $value (budget $limit)"
	fi
done <"$budget"
if [ "$failed" -ne 0 ]; then
	echo "----- benchmark console -----"
	echo "$out" | tail -n 40
	exit 1
fi
echo PASS
