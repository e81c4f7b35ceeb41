# SPDX-License-Identifier: MIT
# A FAT16 volume with six files in its root, one of which (victim.txt) names a first cluster far
# outside the volume (issue 11, finding 12: rm of it wrote zeros past the FAT and five of the
# other root entries vanished). rm must fail with corrupt, say once in the log what was wrong,
# and leave the disk exactly as it was.
prepare() {
	mkfs.fat -F 16 -s 1 -C "$1" 16384 >/dev/null
	local name
	for name in one two three four five victim; do
		printf '%s\n' "$name" >"$work/$name.txt"
		mcopy -i "$1" "$work/$name.txt" "::$name.txt"
	done
	local at
	at=$(grep -obUa "VICTIM  TXT" "$1" | head -n 1 | cut -d: -f1)
	[ -n "$at" ] || fail "no short entry VICTIM  TXT on the image"
	printf '\360\377' | dd of="$1" bs=1 seek=$((at + 26)) conv=notrunc 2>/dev/null # 0xfff0
	cp "$1" "$work/before.img"
	mdir -b -/ -i "$1" ::/ | sort >"$work/before.txt"
}

verify() {
	cmp "$img" "$work/before.img" || fail "the disk was written to"
	mdir -b -/ -i "$img" ::/ | sort | cmp - "$work/before.txt" || fail "mdir lists other names"
	echo "the disk is untouched; mdir lists every name"
}
