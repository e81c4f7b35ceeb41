#!/bin/sh
# SPDX-License-Identifier: MIT
# Checks that a program ELF is one the kernel's loader can run: an AArch64 PIE with no
# interpreter or shared libraries, only R_AARCH64_RELATIVE relocations, all of them into a
# writable segment, and no writable+executable segment. Deletes a failing file so the build
# stays failed. Usage: check-program.sh READELF FILE
set -eu
readelf=$1
elf=$2

fail() {
	echo "check-program: $elf: $*" >&2
	rm -f "$elf"
	exit 1
}

header=$("$readelf" -hW "$elf") || fail "not an ELF file"
echo "$header" | grep -q 'Type:[[:space:]]*DYN' || fail "not a PIE (ELF type is not DYN)"
echo "$header" | grep -q 'Machine:[[:space:]]*AArch64' || fail "not an AArch64 ELF"

segments=$("$readelf" -lW "$elf")
if echo "$segments" | grep -q '^[[:space:]]*INTERP[[:space:]]'; then
	fail "has PT_INTERP (link with --no-dynamic-linker)"
fi
# Program header lines: Type Offset VirtAddr PhysAddr FileSiz MemSiz Flg... Align. The flags
# ("R E", "RW ") are split by awk, so join fields 7 .. NF-1.
wx=$(echo "$segments" | awk '$2 ~ /^0x/ && NF >= 8 {
	f = ""; for (i = 7; i < NF; i++) f = f $i
	if (f ~ /W/ && f ~ /E/) print $1 " at " $3 }')
[ -z "$wx" ] || fail "writable and executable segment: $wx"

dynamic=$("$readelf" -dW "$elf")
for tag in NEEDED TEXTREL JMPREL PLTREL REL RELR; do
	echo "$dynamic" | grep -q "(${tag})" || continue
	case $tag in
	NEEDED) fail "needs a shared library (DT_NEEDED): there is no dynamic linker" ;;
	TEXTREL) fail "relocations in a read-only segment (DT_TEXTREL)" ;;
	JMPREL | PLTREL) fail "PLT relocations (DT_$tag): there is no dynamic linker" ;;
	*) fail "DT_$tag relocations: the loader applies only RELA" ;;
	esac
done
if echo "$dynamic" | grep -q '(FLAGS).*TEXTREL'; then
	fail "relocations in a read-only segment (DF_TEXTREL)"
fi

relocs=$("$readelf" -rW "$elf")
sections=$(echo "$relocs" | sed -n "s/^Relocation section '\([^']*\)'.*/\1/p")
for s in $sections; do
	[ "$s" = .rela.dyn ] || fail "relocation section $s (only .rela.dyn is applied)"
done
bad=$(echo "$relocs" | awk '$3 ~ /^R_/ && $3 != "R_AARCH64_RELATIVE" && $3 != "R_AARCH64_NONE" {
	print $3 }' | sort -u | tr '\n' ' ')
[ -z "$bad" ] || fail "relocation types the loader does not apply: $bad"

# Every relocation must patch a writable PT_LOAD (the loader refuses the rest).
writable=$(echo "$segments" | awk '$1 == "LOAD" {
	f = ""; for (i = 7; i < NF; i++) f = f $i
	if (f ~ /W/) print $3, $6 }')
[ -n "$writable" ] || writable="0x0 0x0"
echo "$relocs" | awk '$3 ~ /^R_AARCH64_RELATIVE$/ { print "0x" $1 }' | while read -r off; do
	inside=no
	while read -r vaddr memsz; do
		if [ $((off)) -ge $((vaddr)) ] && [ $((off + 8)) -le $((vaddr + memsz)) ]; then
			inside=yes
			break
		fi
	done <<-EOT
		$writable
	EOT
	[ $inside = yes ] || fail "relocation at $off is outside every writable segment"
done
