#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates the checked-in seed corpora (test/fuzz/corpus/NAME/) from a built tree: board
# configs and QEMU's own device trees (packed), compiled specs, two small PIE programs, small
# cpio archives, and FAT16 and FAT32 volumes in fuzz_fat's sparse form (fat_sparse.c).
# Usage: test/fuzz/make-seeds.sh [BUILD_DIR]   (needs dtc, qemu-system-aarch64, the AArch64
# cross compiler, cpio, mkfs.fat, mtools and cc; run it only when the input formats change)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build=${1:-$root/build}
corpus=$root/test/fuzz/corpus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PATH=/usr/sbin:/sbin:$PATH MTOOLS_SKIP_CHECK=1

rm -rf "$corpus"
mkdir -p "$corpus"/{board,spec,elf,bootfs,fat}

# Boards: every board config, the bind test's board, and QEMU's trees for a few machines
# (dtc -I dtb -O dtb drops QEMU's 1 MiB padding).
cp "$build"/dts/*.dtb "$build"/test/spec/bind/virt-disabled.dtb "$corpus/board/"
for machine in virt virt,gic-version=3 virt,virtualization=on virt,secure=on; do
	qemu-system-aarch64 -M "$machine,dumpdtb=$tmp/dump.dtb" -cpu cortex-a57 -smp 2 \
		-device virtio-rng-device -nographic >/dev/null 2>&1
	for node in /chosen /secure-chosen; do # random on every run
		fdtput -d "$tmp/dump.dtb" "$node" rng-seed kaslr-seed 2>/dev/null || true
	done
	dtc -q -I dtb -O dtb -o "$corpus/board/dump-${machine//[,=]/-}.dtb" "$tmp/dump.dtb"
done

# Specs: the default system's and the spec tests' good ones ...
cp "$build"/target/specs/*.dtb "$corpus/spec/"
for f in "$build"/test/spec/good/*.dtb; do cp "$f" "$corpus/spec/good-$(basename "$f")"; done
# ... and the known-bad blobs (test/board/fdt_corrupt.c), to start from fdt_validate's refusals.
mkdir -p "$tmp/bad"
"$build/test/board/make_bad_fdt" "$build/test/spec/good/uart.dtb" "$tmp/bad"
for f in "$tmp"/bad/*.dtb; do cp "$f" "$corpus/spec/bad-$(basename "$f")"; done

# Programs: test/unit/tiny.c linked with 4 KiB pages and stripped, and a real program stripped.
aarch64-linux-gnu-gcc -nostdlib -nostartfiles -ffreestanding -fPIE -pie -Wl,--no-dynamic-linker \
	-Wl,-z,text -Wl,-z,max-page-size=4096 -Wl,--build-id=none -s \
	-o "$corpus/elf/tiny.elf" "$root/test/unit/tiny.c"
aarch64-linux-gnu-objcopy --strip-all "$build/target/test/programs/exit_code.elf" \
	"$corpus/elf/exit_code.elf"
chmod 644 "$corpus"/elf/*

# Boot filesystems: what make-bootfs.sh writes (plain names, sorted), and what `find . | cpio`
# writes (a "." directory and "./" prefixes).
mkdir -p "$tmp/fs/sub"
cp "$corpus/spec/rtc.dtb" "$tmp/fs/rtc.spec"
printf 'hello\n' >"$tmp/fs/hello.txt"
: >"$tmp/fs/empty"
printf 'x' >"$tmp/fs/sub/one"
find "$tmp/fs" -exec touch -d @0 {} +
(cd "$tmp/fs" && ls -A | LC_ALL=C sort | grep -v sub |
	cpio --quiet -o -H newc --reproducible -R 0:0) >"$corpus/bootfs/plain.cpio"
(cd "$tmp/fs" && find . | LC_ALL=C sort | cpio --quiet -o -H newc --reproducible -R 0:0) \
	>"$corpus/bootfs/find.cpio"

# FAT volumes: the smallest FAT16 and FAT32 (by cluster count) with short and long names,
# a subdirectory, an empty file and a file of several clusters.
cc -O2 -o "$tmp/fat_sparse" "$root/test/fuzz/fat_sparse.c"
printf 'short\n' >"$tmp/short.txt"
seq 1000 | head -c 3000 >"$tmp/multi.bin"
: >"$tmp/empty.txt"
touch -d @0 "$tmp/short.txt" "$tmp/multi.bin" "$tmp/empty.txt"
for fat in "16 4200" "32 33800"; do
	set -- $fat
	img=$tmp/fat$1.img
	mkfs.fat --invariant -F "$1" -s 1 -C "$img" "$2" >/dev/null
	mcopy -m -i "$img" "$tmp/short.txt" ::SHORT.TXT
	mcopy -m -i "$img" "$tmp/multi.bin" "::A long name, multi cluster.bin"
	mcopy -m -i "$img" "$tmp/empty.txt" ::empty.txt
	mmd -i "$img" "::Sub Dir" # (its times are the clock's)
	mcopy -m -i "$img" "$tmp/short.txt" "::Sub Dir/inner file.txt"
	"$tmp/fat_sparse" "$img" "$corpus/fat/fat$1.sparse"
done
# Finding 12 of issue 11 (fuzz_fat's FAT-copies check finds it): EMPTY.TXT's first cluster set
# to 8448, past the volume's 8285; removing it wrote a FAT entry into the second FAT (and the
# root directory) before the range checks.
bad=$corpus/fat/fat16-free-outside-volume.sparse
cp "$corpus/fat/fat16.sparse" "$bad"
entry=$(grep -obaF 'EMPTY   TXT' "$bad" | head -n 1 | cut -d: -f1)
printf '\000\041' | dd of="$bad" bs=1 seek=$((entry + 26)) conv=notrunc status=none
du -sh "$corpus"/*
