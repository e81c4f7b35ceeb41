# SPDX-License-Identifier: MIT
# Killing the block driver, then the filesystem server, from the shell: each is restarted by
# its spec and files read again; the volume is clean afterwards.
prepare() {
	mkfs.fat -F 32 -n FERN -C "$1" 65536 >/dev/null
	printf 'Welcome to Fern.\n' >"$work/README"
	mcopy -i "$1" "$work/README" ::README
}

verify() {
	fsck_clean
	file_is README "Welcome to Fern."
	file_is after.txt "written after two restarts"
}
