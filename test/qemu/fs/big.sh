# SPDX-License-Identifier: MIT
# A 4 MiB file (FAT32, 512-byte clusters) copied and compared through the shell: cp reads it
# and writes the copy, cmp reads both back; after an orderly power-off the copy on the image
# is byte for byte the original (mtype), and fsck.fat -n is content.
prepare() {
	mkfs.fat -F 32 -n BIG -C "$1" 65536 >/dev/null
	head -c 4194304 /dev/urandom >"$work/big.bin"
	mcopy -i "$1" "$work/big.bin" ::big.bin
}

verify() {
	fsck_clean
	file_same big.bin "$work/big.bin"
	file_same copy.bin "$work/big.bin"
}
