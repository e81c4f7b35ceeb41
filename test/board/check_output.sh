#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs a command and checks its exit status and its output (stdout and stderr together).
# Usage: check_output.sh EXIT [PATTERN...] -- COMMAND [ARG...]
#   EXIT     the expected exit status, or "nonzero"
#   PATTERN  an extended regular expression some output line must match; "!REGEX": no line may
# A sanitizer report in the output always fails the check.
set -u
expect=${1:?usage: check_output.sh EXIT [PATTERN...] -- COMMAND [ARG...]}
shift
patterns=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
	patterns+=("$1")
	shift
done
[ $# -gt 1 ] || { echo "check_output.sh: no command after --" >&2; exit 2; }
shift

output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
echo "--- exit status $status"

fail=0
complain() { echo "FAIL: $*"; fail=1; }
if [ "$expect" = nonzero ]; then
	[ "$status" -ne 0 ] || complain "expected a non-zero exit status"
elif [ "$status" -ne "$expect" ]; then
	complain "expected exit status $expect"
fi
grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' <<<"$output" &&
	complain "sanitizer report"
for pattern in ${patterns[@]+"${patterns[@]}"}; do
	if [ "${pattern#!}" != "$pattern" ]; then
		grep -qE -- "${pattern#!}" <<<"$output" && complain "output matches '${pattern#!}'"
	else
		grep -qE -- "$pattern" <<<"$output" || complain "no output line matches '$pattern'"
	fi
done
exit "$fail"
