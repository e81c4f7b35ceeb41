#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The system benchmark, under exact instruction counting (bootargs pmu: the whole system's
# instructions since boot): boot to the shell prompt and to all instances started, then 4 MiB
# read (cold, cached) and written through the filesystem on a fresh FAT32 disk, by
# test/programs/filebench.c; afterwards the file it wrote is checked on the host with mtype.
# Prints both consoles (BENCH lines among them).
#   system-bench.sh KERNEL-IMAGE BENCH-FS-CPIO
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
image=$1 cpio=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export MTOOLS_SKIP_CHECK=1
mkfs=$(command -v mkfs.fat || echo /sbin/mkfs.fat)
"$mkfs" -F 32 -n FERN -C "$tmp/disk.img" 65536 >/dev/null || exit 1
yes 'fern bench data 0123456789abcdef' | head -c 4194304 >"$tmp/big.dat"
mcopy -i "$tmp/disk.img" "$tmp/big.dat" ::BIG.DAT || exit 1
# sleep=on: while the guest waits for the disk (whose requests the host serves in its own
# time), the virtual clock keeps real time instead of leaping to the next timer, so that a
# busy host cannot make the guest's 5 s request timeouts expire. Instruction counts stay
# exact: the PMU counts instructions, not time.
qemu=(-kernel "$image" -M virt,dtb-randomness=off -cpu cortex-a57 -smp 1 -m 512M
	-icount shift=0,sleep=on -rtc clock=vm -global virtio-mmio.force-legacy=false
	-device virtio-rng-device -device virtio-blk-device,drive=d0)
boot=$here/../qemu/boot-test.sh

# The default system (embedded boot filesystem) to its prompt; the disk is left unchanged.
"$boot" --timeout 60 --until 'BENCH boot-to-prompt' --expect 'BENCH boot-all-started' -- \
	"${qemu[@]}" -drive "file=$tmp/disk.img,if=none,format=raw,id=d0,snapshot=on" \
	-append pmu || exit 1
# The file benchmark (the default system without the shell, and filebench), then power-off.
"$boot" --timeout 120 --expect 'filebench: done' --reject 'filebench: FAIL' -- \
	"${qemu[@]}" -drive "file=$tmp/disk.img,if=none,format=raw,id=d0" \
	-initrd "$cpio" -append "pmu poweroff" || exit 1
mtype -i "$tmp/disk.img" ::NEW.DAT >"$tmp/new.dat" || exit 1
if ! cmp "$tmp/big.dat" "$tmp/new.dat"; then
	echo "FAIL: /NEW.DAT on the disk is not the 4 MiB filebench wrote"
	exit 1
fi
echo "PASS: /NEW.DAT on the disk holds the 4 MiB filebench wrote (mtype)"
