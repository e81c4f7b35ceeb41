#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots with boot-test.sh and a FAT disk image made here with mkfs.fat and mcopy/mmd, then checks
# what Fern left on it with the host's tools: fsck.fat -n finds nothing wrong, mtype reads the
# files Fern wrote byte for byte, and mdir lists exactly the expected names.
#   fs-test.sh 16|32|zero BOOT-TEST-ARGS... -- QEMU-ARGS...
# "zero" attaches 1 MiB of zeros instead (no FAT volume) and expects it back unchanged.
set -uo pipefail
here=$(dirname "$0")
bits=$1
shift
export MTOOLS_SKIP_CHECK=1 LC_ALL=C.UTF-8 PATH="/usr/sbin:/sbin:$PATH"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
img=$dir/disk.img
fail() { echo "FAIL: $*"; exit 1; }

if [ "$bits" = zero ]; then
	truncate -s 1M "$img"
	"$here/boot-test.sh" "$@" -drive "file=$img,if=none,format=raw,id=d0" \
		-device virtio-blk-device,drive=d0 || exit 1
	cmp "$img" <(head -c 1048576 /dev/zero) || fail "Fern wrote to a disk it could not mount"
	echo "PASS: the disk that is not FAT is left as it was"
	exit 0
fi
if [ "$bits" = 32 ]; then size=34816; else size=16384; fi
mkfs.fat -F "$bits" -s 1 -C "$img" "$size" >/dev/null || fail "mkfs.fat"
printf 'Hello from the host\n' >"$dir/hello.txt"
mmd -i "$img" ::/Docs &&
	mcopy -i "$img" "$dir/hello.txt" "::/Docs/A long name from the host.txt" &&
	mcopy -i "$img" "$dir/hello.txt" ::/delete-me.txt || fail "mcopy"

"$here/boot-test.sh" "$@" -drive "file=$img,if=none,format=raw,id=d0" \
	-device virtio-blk-device,drive=d0 || exit 1

fsck=$(fsck.fat -n "$img" 2>&1)
[ $? -eq 0 ] && [ "$(printf '%s\n' "$fsck" | wc -l)" -eq 2 ] ||
	fail "fsck.fat -n finds the image not clean:
$fsck"
{ seq -f 'line %g' 0 999; echo 'appended by Fern'; } >"$dir/want.txt"
mtype -i "$img" "::/Fern/Renamed by Fern.txt" >"$dir/got.txt" || fail "mtype"
cmp "$dir/want.txt" "$dir/got.txt" || fail "the file Fern wrote reads back wrong with mtype"
[ "$(mtype -i "$img" "::/after restart.txt")" = "written after the restart" ] ||
	fail "the file written after the block driver's restart reads back wrong"
listing=$(mdir -i "$img" -b -/ ::/ | sort)
want=$(printf '%s\n' ::/Docs/ "::/Docs/A long name from the host.txt" ::/Fern/ \
	"::/Fern/Renamed by Fern.txt" "::/after restart.txt" | sort)
[ "$listing" = "$want" ] || fail "mdir lists
$listing
instead of
$want"
echo "PASS: fsck.fat -n clean; mtype and mdir see what Fern wrote"
