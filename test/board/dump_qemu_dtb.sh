#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Dumps the device tree QEMU's virt machine generates for some options into a .dtb file.
# Usage: dump_qemu_dtb.sh QEMU OUT.dtb MACHINE-OPTIONS|'' [QEMU-ARG...]
#   e.g. dump_qemu_dtb.sh qemu-system-aarch64 v3.dtb gic-version=3 -smp 4
set -eu
qemu=$1 out=$2 machine=$3
shift 3
rm -f "$out"
mkdir -p "$(dirname "$out")"
# In -M option values a literal comma is written twice.
"$qemu" -M "virt${machine:+,$machine},dumpdtb=${out//,/,,}" -cpu cortex-a57 "$@" -nographic
[ -s "$out" ] || { echo "dump_qemu_dtb.sh: QEMU wrote no $out" >&2; exit 1; }
