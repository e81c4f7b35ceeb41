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
    set(H_TIMEOUT 30)
  endif()
  foreach(isolation user kernel)
    if(isolation STREQUAL "user")
      set(domain EL0)
    else()
      set(domain EL1)
    endif()
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
