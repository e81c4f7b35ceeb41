# SPDX-License-Identifier: MIT
# The hostile suite (labels qemu and hostile): a hostile program (spec name "hostile") beside
# the witness and its checker (test/programs/hostile, test/specs/hostile), in the EL0 and the
# EL1 domain. The checker prints PASS when the witness answered every call within 100 ms, the
# hostile program said it was done and its memory came back; the kernel must not panic and the
# machine must power off. Under -icount shift=0,sleep=off guest time follows guest instructions,
# so the 100 ms bound means the same on an idle and on a loaded host.
set(hostile_qemu ${virt} -icount shift=0,sleep=off)
set(hostile_ok --expect "checker. PASS" --expect "powering off" --reject "FAIL"
  --reject "ANOMALY")

# fern_hostile_test(NAME [TIMEOUT s] [OPTIONS more-options...]): qemu.hostile-NAME-user/kernel.
function(fern_hostile_test name)
  cmake_parse_arguments(PARSE_ARGV 1 H "" "TIMEOUT" "OPTIONS")
  if(NOT H_TIMEOUT)
    set(H_TIMEOUT 20)
  endif()
  foreach(isolation user kernel)
    fern_domain_name(${isolation} domain)
    fern_boot_test(hostile-${name}-${isolation} TIMEOUT ${H_TIMEOUT} OPTIONS ${hostile_ok}
      --expect "started hostile in the ${domain} domain" ${H_OPTIONS}
      QEMU ${hostile_qemu} -initrd ${testfs}/hostile-${name}-${isolation}.cpio)
    set_tests_properties(qemu.hostile-${name}-${isolation} PROPERTIES LABELS "qemu;hostile")
  endforeach()
endfunction()

# The system-call fuzzer, one test per seed (more: tools/fern sysfuzz).
foreach(seed 1 2 3)
  fern_hostile_test(sysfuzz-${seed} TIMEOUT 60
    OPTIONS --expect ".hostile. seed ${seed}: 200000 calls made")
endforeach()

# Targeted floods, regression tests for issue 11: each fails on a kernel without its fix.
fern_hostile_test(logflood OPTIONS --expect ".hostile. logged 800 lines") # finding 2
fern_hostile_test(timer-period) # finding 3
fern_hostile_test(timer-storm OPTIONS --expect ".hostile. 240 timers at 100 us") # finding 3
fern_hostile_test(nest-chain OPTIONS --expect ".hostile. the chain is closed") # finding 1
fern_hostile_test(nest-park OPTIONS --expect ".hostile. 1000[0-9][0-9] channel ends parked") # 1
fern_hostile_test(map-loop OPTIONS --expect ".hostile. 50000 maps and unmaps") # finding 4
fern_hostile_test(map-many OPTIONS --expect ".hostile. 3500 mappings kept") # finding 4
fern_hostile_test(map-big OPTIONS --expect ".hostile. 4 maps and unmaps") # finding 5
fern_hostile_test(queueflood OPTIONS --expect ".hostile. 3840 messages of 2048 bytes queued") # 6
fern_hostile_test(lostwake OPTIONS --expect ".hostile. the receiver woke for the message") # 7
fern_hostile_test(probe OPTIONS --expect ".hostile. [0-9]+ probes, 0 mismatches")

# The EL1 domain's trust model (docs/architecture.md): what it does not contain. Label trust
# only: not in `ctest -L qemu` nor `tools/fern test`; run with `ctest -L trust -V`. In the EL0
# domain both probes fault and the program ends, the rest of the system unharmed; in the EL1
# domain they succeed.
foreach(probe irq-mask linear-write)
  fern_boot_test(trust-${probe}-user OPTIONS --expect "startup: 9 of 9 instances started"
    --expect "program hostile .EL0. faulted" --expect "powering off"
    QEMU ${hostile_qemu} -initrd ${testfs}/hostile-trust-${probe}-user.cpio)
  set_tests_properties(qemu.trust-${probe}-user PROPERTIES LABELS trust)
endforeach()
fern_boot_test(trust-irq-mask-kernel TIMEOUT 40 OPTIONS --expect "started hostile in the EL1 domain"
  --expect ".hostile. interrupts were masked for 2[5-9][0-9] ms"
  --expect ".checker. FAIL: the checker did not run for" --expect "powering off"
  QEMU ${hostile_qemu} -initrd ${testfs}/hostile-trust-irq-mask-kernel.cpio)
fern_boot_test(trust-linear-write-kernel OPTIONS --expect "started hostile in the EL1 domain"
  --expect ".hostile. linear map: read (0|0x[0-9a-f]+), wrote 0x6665726e68657265, read back 0x6665726e68657265"
  --expect "powering off"
  QEMU ${hostile_qemu} -initrd ${testfs}/hostile-trust-linear-write-kernel.cpio)
set_tests_properties(qemu.trust-irq-mask-kernel qemu.trust-linear-write-kernel
  PROPERTIES LABELS trust)
