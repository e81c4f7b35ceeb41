#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Boots with boot-test.sh and a scratch FAT32 disk made here (the conformance harness abuses
# the fs and block services on it, so it is thrown away after).
#   abuse-test.sh BOOT-TEST-ARGS... -- QEMU-ARGS...
set -uo pipefail
here=$(dirname "$0")
export PATH="/usr/sbin:/sbin:$PATH"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
img=$dir/disk.img
mkfs.fat -F 32 -s 1 -C "$img" 34816 >/dev/null || { echo "FAIL: mkfs.fat"; exit 1; }
exec "$here/boot-test.sh" "$@" -drive "file=$img,if=none,format=raw,id=d0" \
	-device virtio-blk-device,drive=d0
