# SPDX-License-Identifier: MIT
# A FAT32 volume whose boot sector is damaged (bytes per sector 768): reported as corrupt, the
# rest keeps running, the disk is not written.
prepare() {
	mkfs.fat -F 32 -C "$1" 65536 >/dev/null
	printf 'hello\n' >"$work/README"
	mcopy -i "$1" "$work/README" ::README
	printf '\000\003' | dd of="$1" bs=1 seek=11 conv=notrunc 2>/dev/null
	cp "$1" "$work/before.img"
}

verify() {
	cmp "$img" "$work/before.img" || fail "the disk was written to"
	echo "the disk is untouched"
}
