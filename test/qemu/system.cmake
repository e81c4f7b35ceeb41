# SPDX-License-Identifier: MIT
# The spec-declared system: the startup task binding drivers, each driver's service checked by a
# test client (test/programs/svc_client.c) in both isolation domains, supervision. The test
# compositions are boot filesystems from test/specs, passed with -initrd.
set(testfs ${CMAKE_BINARY_DIR}/test-bootfs)
set(virt -M virt -cpu cortex-a57 -m 512M)
set(fail_reject --reject "svc_client.*FAIL" --reject "svc-[a-z]+\\] .*FAIL")
set(modern -global virtio-mmio.force-legacy=false)

# The default image starts the default system from its embedded boot filesystem.
fern_boot_test(system-default OPTIONS ${done} --expect "boot filesystem: the embedded archive"
  --expect "startup: bound rtc to /pl031@9010000"
  --expect "started rtc in the EL0 domain" --expect "\\[rtc\\] PL031 real-time clock"
  QEMU ${virt})

foreach(isolation user kernel)
  if(isolation STREQUAL "user")
    set(domain EL0)
  else()
    set(domain EL1)
  endif()
  # RTC: the time the driver reports through its service is the host's, within 5 s.
  add_test(NAME qemu.rtc-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/host-time-check.sh "svc-drivers\\] rtc: time " 5
            --timeout 20 ${done} ${fail_reject} --expect "started rtc in the ${domain} domain"
            --expect "boot filesystem: the initrd at"
            -- -kernel ${image} ${virt} -initrd ${testfs}/drivers-${isolation}.cpio
            -append poweroff)
  set_tests_properties(qemu.rtc-${isolation} PROPERTIES LABELS qemu TIMEOUT 40)
  # Supervision: the RTC driver faults on request (a null load, then a load just past its
  # MMIO mapping), is restarted per its spec, and its client reconnects.
  fern_boot_test(restart-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "started rtc in the ${domain} domain"
    --expect "program rtc \\(${domain}\\) faulted: .* at address 0x0,"
    --expect "startup: restarting rtc \\(restart 1 of 3\\)"
    --expect "crash-rtc: rtc works again after its restart"
    --expect "startup: restarting rtc \\(restart 2 of 3\\)"
    --expect "mmio-rtc: rtc works again after its restart"
    QEMU ${virt} -initrd ${testfs}/restart-${isolation}.cpio)
  # virtio-rng: random bytes through the entropy service, not all the same.
  fern_boot_test(virtio-rng-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "started entropy in the ${domain} domain"
    --expect "\\[entropy\\] virtio entropy device"
    --expect "svc-rng\\] rng: 32 bytes [0-9a-f]{64} \\(not constant\\)"
    --expect "svc-rng\\] done: 0 failures"
    QEMU ${virt} ${modern} -device virtio-rng-device -initrd ${testfs}/rng-${isolation}.cpio)
  # virtio-blk: the client reads the host's pattern, writes its own with 8 writes in flight and
  # flushes; the orderly power-off flushes again; block-test.sh checks the image afterwards.
  add_test(NAME qemu.virtio-blk-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/block-test.sh --timeout 20 ${done} ${fail_reject}
            --expect "started block in the ${domain} domain"
            --expect "\\[block\\] virtio block device: 1048576 bytes, write cache"
            --expect "svc-block\\] block-read: capacity 1048576 bytes, host pattern read back"
            --expect "svc-block\\] block-write: 8 writes in flight, flushed"
            --expect "svc-block\\] block-errors: misaligned, too long and out-of-range"
            --expect "svc-block\\] done: 0 failures"
            --expect "\\[block\\] shutdown: write cache flushed"
            -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/block-${isolation}.cpio
            -append poweroff)
  set_tests_properties(qemu.virtio-blk-${isolation} PROPERTIES LABELS qemu TIMEOUT 40)
  # A read-only disk (VIRTIO_BLK_F_RO): reads work, writes are denied, the image is unchanged.
  add_test(NAME qemu.virtio-blk-ro-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/block-test.sh --read-only --timeout 20 ${done}
            ${fail_reject} --expect "\\[block\\] virtio block device: 1048576 bytes, read-only"
            --expect "svc-block-ro\\] block-read: capacity 1048576 bytes, host pattern"
            --expect "svc-block-ro\\] block-ro: a write to the read-only disk is denied"
            --expect "svc-block-ro\\] done: 0 failures"
            -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/block-ro-${isolation}.cpio
            -append poweroff)
  set_tests_properties(qemu.virtio-blk-ro-${isolation} PROPERTIES LABELS qemu TIMEOUT 40)
  # A legacy (version 1) transport is refused with advice, and the rest of the system runs.
  fern_boot_test(virtio-legacy-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "\\[entropy\\] /virtio_mmio@[0-9a-f]+: legacy virtio-mmio transport .* refused: .*-global virtio-mmio.force-legacy=false"
    --expect "startup: entropy refused its device; not restarting it"
    --expect "svc-drivers\\] done: 0 failures"
    QEMU ${virt} -device virtio-rng-device -initrd ${testfs}/drivers-${isolation}.cpio)
endforeach()
