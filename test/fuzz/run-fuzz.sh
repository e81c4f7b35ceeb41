#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs one libFuzzer harness for a while over a corpus folder seeded from the checked-in seeds.
# Usage: run-fuzz.sh [--fresh] HARNESS SEEDS WORKDIR SECONDS
#   --fresh   start from the seeds alone (the ctest smoke run); without it the corpus in
#             WORKDIR/corpus keeps what earlier runs found (tools/fern fuzz)
# New inputs go to WORKDIR/corpus, a crashing input to WORKDIR/crashes/ (named in the output),
# libFuzzer's log to WORKDIR/log. Exits non-zero on a crash, leak, timeout or out-of-memory.
set -u
fresh=0
[ "${1:-}" = --fresh ] && { fresh=1; shift; }
harness=${1:?usage: run-fuzz.sh [--fresh] HARNESS SEEDS WORKDIR SECONDS}
seeds=${2:?no seed folder}
work=${3:?no work folder}
seconds=${4:?no time}
name=$(basename "$harness")
case $harness in */*) ;; *) harness=./$harness ;; esac
[ -x "$harness" ] || { echo "run-fuzz.sh: no harness $harness (is clang installed?)"; exit 2; }

[ "$fresh" = 1 ] && rm -rf "$work/corpus"
mkdir -p "$work/corpus" "$work/crashes"
cp -n "$seeds"/* "$work/corpus/"
before=$(ls "$work/crashes" | wc -l)
# -timeout: one input may take 10 s (ASan, a loaded machine); -rss_limit_mb and -malloc_limit_mb
# keep a runaway allocation a finding instead of a stuck machine.
"$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
	-print_final_stats=1 -artifact_prefix="$work/crashes/" "$work/corpus" >"$work/log" 2>&1
status=$?
runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/log" | grep -o '[0-9]*$')
corpus=$(ls "$work/corpus" | wc -l)
if [ "$status" -eq 0 ]; then
	echo "$name: ${runs:-?} inputs in ${seconds} s, no crash; corpus $corpus files in $work/corpus"
	exit 0
fi
echo "$name: FAILED (exit $status) after ${runs:-?} inputs; the end of $work/log:"
tail -n 60 "$work/log"
echo "--- crashing input(s) in $work/crashes:"
ls -t "$work/crashes" | head -n $(($(ls "$work/crashes" | wc -l) - before)) |
	sed "s|^|  $work/crashes/|"
echo "--- reproduce with: $harness INPUT"
exit 1
