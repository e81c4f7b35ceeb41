#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# A filesystem scenario: makes a disk image with the host's dosfstools and mtools, boots Fern
# with it as the virtio-blk disk, plays a shell session at the prompt, and checks the image
# afterwards with fsck.fat and mtools.
#
#   disk-session.sh SCENARIO -- QEMU-ARGS...
#
# test/qemu/fs/SCENARIO.sh defines prepare IMG (make the image) and verify IMG (check it after
# the session; fail with an error message and a non-zero status); test/qemu/fs/SCENARIO.session
# is the session script (test/qemu/session-test.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
scenario=${1:?scenario}
shift
[ "${1:-}" = -- ] && shift
export PATH=$PATH:/usr/sbin:/sbin MTOOLS_SKIP_CHECK=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
img=$work/disk.img
export SESSION_FILES=$work

fail() {
	echo "FAIL: $scenario: $*"
	exit 1
}
# Helpers for scenarios: the image must be clean, and a file on it must hold what is expected.
fsck_clean() {
	local out
	out=$(fsck.fat -n "$img" 2>&1) || fail "fsck.fat -n reports errors:"$'\n'"$out"
	echo "$out" | grep -qiE "dirty|differ|lost|invalid|bad|corrupt" && fail "fsck.fat -n:"$'\n'"$out"
	echo "fsck.fat -n: clean ($(echo "$out" | tail -n 1))"
}
file_is() { # PATH-ON-IMAGE EXPECTED-CONTENT
	local got
	got=$(mtype -i "$img" "::$1" 2>&1) || fail "mtype ::$1: $got"
	[ "$got" = "$2" ] || fail "::$1 holds '$got', expected '$2'"
	echo "mtype ::$1: as expected"
}
file_same() { # PATH-ON-IMAGE HOST-FILE
	mcopy -i "$img" "::$1" "$work/copy" || fail "mcopy ::$1"
	cmp "$work/copy" "$2" || fail "::$1 differs from $2"
	rm -f "$work/copy"
	echo "::$1: identical"
}
absent() {
	mdir -i "$img" "::$1" >/dev/null 2>&1 && fail "::$1 still exists"
	echo "::$1: gone"
}

# shellcheck source=/dev/null
. "$here/fs/$scenario.sh"
prepare "$img"
"$here/session-test.sh" --timeout 90 "$here/fs/$scenario.session" -- "$@" \
	-drive "if=none,format=raw,file=$img,id=disk" -device virtio-blk-device,drive=disk
verify "$img"
echo "PASS: $scenario"
