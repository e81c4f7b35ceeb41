# SPDX-License-Identifier: MIT
# Scripted sessions at the shell prompt (session-test.sh), as a person would type them: the
# filesystem scenarios (disk-session.sh: a disk made by dosfstools and mtools, checked by fsck.fat
# and mtools afterwards). The default system boots from the embedded boot filesystem (EL0
# domain) or, for the kernel variants, from the system-kernel composition (every spec in EL1).
set(session_qemu -M virt -cpu cortex-a57 -m 512M -global virtio-mmio.force-legacy=false
  -device virtio-rng-device)

# fern_fs_session(SCENARIO [kernel]): test/qemu/fs/SCENARIO.{sh,session}.
function(fern_fs_session scenario)
  set(name qemu.session-${scenario})
  set(extra)
  if(ARGV1 STREQUAL "kernel")
    set(name ${name}-kernel)
    set(extra -initrd ${testfs}/system-kernel.cpio)
  endif()
  add_test(NAME ${name} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/disk-session.sh ${scenario} --
    -kernel ${image} ${session_qemu} ${extra})
  set_tests_properties(${name} PROPERTIES LABELS qemu TIMEOUT 120)
endfunction()

fern_fs_session(interop)
fern_fs_session(interop kernel)
fern_fs_session(full)
fern_fs_session(not-fat)
fern_fs_session(bad-bpb)
fern_fs_session(bad-cluster)
fern_fs_session(restart)
fern_fs_session(restart kernel)
fern_fs_session(big)
