# SPDX-License-Identifier: MIT
# A disk that holds no FAT volume: the shell reports it, the rest of the system keeps running,
# and nothing is written to the disk.
prepare() {
	{ yes "not a filesystem" || true; } | head -c 4194304 >"$1" # yes ends by SIGPIPE
	cp "$1" "$work/before.img"
}

verify() {
	cmp "$img" "$work/before.img" || fail "the disk was written to"
	echo "the disk is untouched"
}
