#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Durability: boots with a fresh FAT32 disk until the test client says its files are written
# and synced, then kills QEMU at once (a power cut: no shutdown, and the filesystem is kept
# busy, so no idle sync either). Afterwards fsck.fat -n must find the volume consistent and
# mtype must read both files byte for byte.
#   fs-durable-test.sh BOOT-TEST-ARGS... -- QEMU-ARGS...
set -uo pipefail
here=$(dirname "$0")
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8 PATH="/usr/sbin:/sbin:$PATH"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
img=$dir/disk.img
fail() { echo "FAIL: $*"; exit 1; }
mkfs.fat -F 32 -s 1 -C "$img" 34816 >/dev/null || fail "mkfs.fat"
"$here/boot-test.sh" --until "fs-durable: 2 files written and synced" "$@" \
	-drive "file=$img,if=none,format=raw,id=d0" -device virtio-blk-device,drive=d0 || exit 1

fsck=$(fsck.fat -n "$img" 2>&1)
# After the kill the volume may say it is in use (the unsynced writes cleared its clean bit
# only in the server's cache) but nothing else may be wrong.
problems=$(printf '%s\n' "$fsck" | grep -v -e '^fsck.fat' -e '^/' -e 'dirty bit' -e 'Automatically removing' -e 'umounted' -e '^ *[0-9]* files')
[ -z "$problems" ] || fail "fsck.fat -n finds problems after the power cut:
$fsck"
# The pattern (as in test/programs/svc_client.c): byte i of sector s = (s*7 + i*13 + seed) & 0xff.
pattern() {
	LC_ALL=C awk -v seed="$1" -v count="$2" 'BEGIN {
		for (s = 0; s < count; s++)
			for (i = 0; i < 512; i++)
				printf "%c", (s * 7 + i * 13 + seed) % 256
	}'
}
pattern 17 200 >"$dir/keep1"
pattern 119 600 >"$dir/keep2"
mtype -i "$img" ::/KEEP1.TXT >"$dir/got1" || fail "mtype KEEP1.TXT: the synced file is missing"
mtype -i "$img" "::/keep/second file.bin" >"$dir/got2" || fail "mtype: the synced second file is missing"
cmp "$dir/keep1" "$dir/got1" || fail "KEEP1.TXT after the power cut is not what was synced"
cmp "$dir/keep2" "$dir/got2" || fail "the second file after the power cut is not what was synced"
echo "PASS: after SYNC and a power cut, fsck.fat -n is content and both files read back whole"
