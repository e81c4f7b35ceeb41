# SPDX-License-Identifier: MIT
# The filesystem server on a FAT16 and a FAT32 disk that fs-test.sh makes with mkfs.fat and
# mcopy: the test client (svc_client, checks "fs fs-restart") reads the host's files, writes,
# appends, renames and removes its own, then makes the block driver fault; after the orderly
# power-off (the server unmounts cleanly) fs-test.sh checks the image with fsck.fat, mtype and
# mdir.
foreach(isolation user kernel)
  fern_domain_name(${isolation} domain)
  if(isolation STREQUAL "user") # each FAT type in one domain
    set(bits 32)
  else()
    set(bits 16)
  endif()
  add_test(NAME qemu.fs-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fs-test.sh ${bits} --timeout 30 ${done} ${fail_reject}
            --expect "started fs in the ${domain} domain"
            --expect ".fs. FAT${bits} volume: [0-9]+ KiB"
            --expect "svc-fs. fs-read: the host's long-named file and directory read back"
            --expect "svc-fs. fs-write: wrote, appended, renamed and removed"
            --expect "svc-fs. fs-restart: files work again after the block driver's restart"
            --expect ".fs. reconnected to the block service"
            --expect "svc-fs. done: 0 failures"
            --expect ".fs. shutdown: volume unmounted cleanly"
            -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/fs-${isolation}.cpio
            -append poweroff)
  set_tests_properties(qemu.fs-${isolation} PROPERTIES LABELS qemu TIMEOUT 50)
endforeach()
# Durability (docs/filesystem.md): what a SYNC answered is on the disk after a power cut.
add_test(NAME qemu.fs-durability
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fs-durable-test.sh --timeout 30 ${fail_reject}
          --expect ".fs. FAT32 volume"
          -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/fs-durable.cpio)
set_tests_properties(qemu.fs-durability PROPERTIES LABELS qemu TIMEOUT 50)
# A disk that is not FAT: one clear log line, CORRUPT answers, the system runs on and the disk
# is left alone.
add_test(NAME qemu.fs-not-fat
  COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/fs-test.sh zero --timeout 30 ${done} ${fail_reject}
          --expect ".fs. cannot mount the disk: no boot signature \\(bytes 510-511 are 00 00, not 55 aa\\)"
          --expect "svc-fs-corrupt. fs-corrupt: a non-FAT disk is refused with corrupt, twice"
          --expect "svc-fs-corrupt. done: 0 failures"
          -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/fs-corrupt.cpio -append poweroff)
set_tests_properties(qemu.fs-not-fat PROPERTIES LABELS qemu TIMEOUT 50)
