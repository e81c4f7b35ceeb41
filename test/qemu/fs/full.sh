# SPDX-License-Identifier: MIT
# A full disk (FAT16, 512-byte clusters): a write that does not fit fails with "no space left",
# and the files already there are untouched.
prepare() {
	mkfs.fat -F 16 -s 1 -n FULL -C "$1" 4200 >/dev/null
	printf 'keep me\n' >"$work/keep.txt"
	mcopy -i "$1" "$work/keep.txt" ::keep.txt
	local free
	free=$(mdir -i "$1" :: | sed -n 's/^ *\([0-9 ]*\) bytes free.*/\1/p' | tr -d ' ')
	[ -n "$free" ] || fail "cannot read the free space: $(mdir -i "$1" ::)"
	head -c $((free - 1024)) /dev/urandom >"$work/filler.bin" # leaves two clusters
	mcopy -i "$1" "$work/filler.bin" ::filler.bin
}

verify() {
	fsck_clean
	file_is keep.txt "keep me"
	file_same filler.bin "$work/filler.bin"
}
