#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots with boot-test.sh and a fresh 1 MiB virtio-blk disk image whose sectors 0..7 hold the
# host pattern, then checks the image after QEMU exits: sectors 0..7 unchanged, sectors 8..15
# written by Fern with pattern seed 0xa5, sectors 256..383 (one 64 KiB bulk write) with seed
# 0xb7, the rest still zero.
#   block-test.sh [--read-only] BOOT-TEST-ARGS... -- QEMU-ARGS...
# --read-only attaches the disk read-only: the image must come back exactly as it went in.
# The pattern (as in test/programs/svc_client.c): byte i of sector s = (s*7 + i*13 + seed) & 0xff.
set -uo pipefail
here=$(dirname "$0")
readonly_opt='' written=8 bulk=128
if [ "${1:-}" = --read-only ]; then
	readonly_opt=',readonly=on' written=0 bulk=0
	shift
fi
img=$(mktemp --suffix=.img)
want=$(mktemp)
trap 'rm -f "$img" "$want"' EXIT

# pattern SEED FIRST COUNT: COUNT sectors of the pattern starting at sector FIRST.
pattern() {
	LC_ALL=C awk -v seed="$1" -v first="$2" -v count="$3" 'BEGIN {
		for (s = first; s < first + count; s++)
			for (i = 0; i < 512; i++)
				printf "%c", (s * 7 + i * 13 + seed) % 256
	}'
}

truncate -s 1M "$img"
pattern 90 0 8 | dd of="$img" conv=notrunc status=none # seed 0x5a
"$here/boot-test.sh" "$@" -drive "file=$img,if=none,format=raw,id=d0$readonly_opt" \
	-device virtio-blk-device,drive=d0 || exit 1

{
	pattern 90 0 8
	pattern 165 8 $written
	head -c $(((256 - 8 - written) * 512)) /dev/zero
	pattern 183 256 $bulk
	head -c $((1048576 - (256 + bulk) * 512)) /dev/zero
} >"$want"
if ! cmp "$want" "$img"; then
	echo "FAIL: the disk image after the run is not what Fern should have left"
	cmp -l "$want" "$img" | head -5
	exit 1
fi
echo "PASS: disk image: host pattern kept in sectors 0..7, Fern's pattern in $written sectors from 8 and $bulk from 256"
