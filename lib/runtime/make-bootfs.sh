#!/bin/sh
# SPDX-License-Identifier: MIT
# Packs files into a reproducible cpio "newc" archive, each under a plain name (no folders),
# owned by 0:0, mode 0644, mtime 0, in name order. ELF files lose their debugging sections
# (the build folder keeps the full ones for gdb); symbols stay.
# Usage: make-bootfs.sh CPIO OBJCOPY OUT STAGING_DIR NAME=FILE...
# A later NAME=FILE replaces an earlier one; NAME= (no file) drops NAME.
set -eu
cpio=$1
objcopy=$2
out=$3
stage=$4
shift 4

rm -rf "$stage"
mkdir -p "$stage"
for entry in "$@"; do
	name=${entry%%=*}
	file=${entry#*=}
	if [ -z "$file" ]; then
		rm -f "$stage/$name"
		continue
	fi
	magic=$(head -c 4 "$file" | od -An -tx1 | tr -d ' \n')
	if [ "$magic" = 7f454c46 ]; then
		"$objcopy" --strip-debug "$file" "$stage/$name"
	else
		cp "$file" "$stage/$name"
	fi
	chmod 0644 "$stage/$name"
	touch -d @0 "$stage/$name"
done
(cd "$stage" && ls -A | LC_ALL=C sort |
	"$cpio" --quiet -o -H newc --reproducible -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
