# SPDX-License-Identifier: MIT
# The spec-declared system: the startup task binding drivers, each driver's service checked by a
# test client (test/programs/svc_client.c) in both isolation domains, supervision. The test
# compositions are boot filesystems from test/specs, passed with -initrd.
# (Regexes say "." for a literal [ or ]: an unbalanced bracket stops CMake splitting a list.)
set(testfs ${CMAKE_BINARY_DIR}/test-bootfs)
set(virt -M virt -cpu cortex-a57 -m 512M)
set(fail_reject --reject ": FAIL: ") # svc_client's failure lines
set(modern -global virtio-mmio.force-legacy=false)

# The default image starts the default system from its embedded boot filesystem.
fern_boot_test(system-default OPTIONS ${done} --expect "boot filesystem: the embedded archive"
  --expect "startup: bound rtc to /pl031@9010000"
  --expect "started rtc in the EL0 domain" --expect ".rtc. PL031 real-time clock"
  QEMU ${virt})

# Bad specs (the build's check skipped) are each reported by name at boot; the rest starts.
fern_boot_test(bad-specs OPTIONS ${done} ${fail_reject}
  --expect "startup: skipping spec bad-field.spec: unknown property 'priorty'"
  --expect "startup: skipping spec bad-program.spec: program: \"no-such-program\" is not in"
  --expect "startup: skipping spec bad-uses: uses/clock: no spec provides service \"no-such-service\""
  --expect "startup: 9 specs" --expect "svc-drivers. rtc: time [0-9]+"
  QEMU ${virt} -initrd ${testfs}/bad-specs.cpio)

# A corrupt boot filesystem is reported by name and nothing from it starts; the kernel runs on.
set(corrupt ${CMAKE_CURRENT_BINARY_DIR}/corrupt-bootfs.cpio)
add_custom_command(OUTPUT ${corrupt}
  COMMAND sh -c "head -c 70000 \"$1\" > \"$2\"" sh ${testfs}/drivers-user.cpio ${corrupt}
  DEPENDS kernel_image VERBATIM)
add_custom_target(corrupt_bootfs ALL DEPENDS ${corrupt})
fern_boot_test(bad-archive OPTIONS ${done}
  --expect "error: boot filesystem \\(the initrd at 0x[0-9a-f]+\\) is corrupt, nothing from it will start: "
  --expect "startup: 0 specs" --reject "started "
  QEMU ${virt} -initrd ${CMAKE_CURRENT_BINARY_DIR}/corrupt-bootfs.cpio)

# Specs whose blobs crash or hang Debian's libfdt (a header saying version 15, a property length
# of 0xfffffff4: test/board/fdt_corrupt.c) come in an initrd: each is refused by name, the rest of
# the system starts.
include(${CMAKE_SOURCE_DIR}/cmake/specs.cmake)
find_program(FERN_CPIO cpio REQUIRED)
set(bad_fdt ${CMAKE_CURRENT_BINARY_DIR}/bad-fdt-specs)
fern_compile_specs(bad_fdt_source "${bad_fdt}" ${CMAKE_SOURCE_DIR}/test/spec/good/uart.dts)
add_custom_command(OUTPUT ${bad_fdt}.cpio
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${bad_fdt}/made" "${bad_fdt}/staging"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${bad_fdt}/made" "${bad_fdt}/staging"
  COMMAND make_bad_fdt ${bad_fdt_source} "${bad_fdt}/made"
  COMMAND "${CMAKE_COMMAND}" -E copy "${bad_fdt}/made/version-15.dtb"
          "${bad_fdt}/staging/bad-version.spec"
  COMMAND "${CMAKE_COMMAND}" -E copy "${bad_fdt}/made/huge-length.dtb"
          "${bad_fdt}/staging/bad-length.spec"
  COMMAND "${CMAKE_COMMAND}" -E copy ${testfs}/drivers-user.cpio ${bad_fdt}.cpio.tmp
  COMMAND sh -c "cd \"$1\" && ls | \"$2\" --quiet -o -A -H newc -F \"$3\"" sh
          "${bad_fdt}/staging" "${FERN_CPIO}" ${bad_fdt}.cpio.tmp
  COMMAND "${CMAKE_COMMAND}" -E rename ${bad_fdt}.cpio.tmp ${bad_fdt}.cpio
  DEPENDS kernel_image make_bad_fdt ${bad_fdt_source} VERBATIM)
add_custom_target(bad_fdt_specs ALL DEPENDS ${bad_fdt}.cpio)
fern_boot_test(bad-fdt-specs OPTIONS ${done} ${fail_reject}
  --expect "startup: skipping spec bad-version.spec: not a valid device tree blob: at byte 20: version older than 16"
  --expect "startup: skipping spec bad-length.spec: not a valid device tree blob: at byte [0-9]+: property length runs past the structure block"
  --expect "svc-drivers. done: 0 failures"
  QEMU ${virt} -initrd ${bad_fdt}.cpio)

foreach(isolation user kernel)
  fern_domain_name(${isolation} domain)
  # RTC: the time the driver reports through its service is the host's, within 5 s.
  add_test(NAME qemu.rtc-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/host-time-check.sh "svc-drivers. rtc: time " 5
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
  # A restart that fails because memory ran out is retried, with back-off, until memory is
  # back (it was never retried).
  fern_boot_test(starve-${isolation} TIMEOUT 40 OPTIONS ${done} ${fail_reject}
    --expect "startup: svc-starve kills rtc"
    --expect "startup: cannot restart rtc: .*no-memory; trying again in [0-9]+ ms"
    --expect "starve-rtc: held [0-9]+ objects; giving memory back"
    --expect "starve-rtc: rtc works again once memory is back"
    --expect "svc-starve. done: 0 failures"
    QEMU ${virt} -initrd ${testfs}/starve-${isolation}.cpio)
  # Start order: a client whose spec name sorts before its provider's still gets a working
  # channel at boot.
  fern_boot_test(start-order-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "aaa-early. rtc: time [0-9]+" --expect "aaa-early. done: 0 failures"
    QEMU ${virt} -initrd ${testfs}/order-${isolation}.cpio)
  # System control over the startup channel: the process report lists the drivers with their
  # domain, the device tree reads back, bad names get errors, and kill / stop / start work.
  fern_boot_test(control-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "control: ps: +ID +NAME +DOMAIN +STATE +PRIO +THREADS +HANDLES +MEMORY"
    --expect "control: ps: +[0-9]+ +rtc +${domain} +(waiting|ready|running) +8 +1 +[0-9]+ +[0-9]+ KiB"
    --expect "control: dt: [0-9]+ bytes, magic d00dfeed, packed"
    --expect "control: report nosuch: not-found" --expect "control: kill nosuch: not-found"
    --expect "control: start rtc while it runs: exists"
    --expect "startup: svc-control kills rtc" --expect "startup: restarting rtc"
    --expect "control: rtc restarted after kill"
    --expect "startup: svc-control stops rtc" --expect "startup: rtc stopped"
    --expect "control: open rtc after stop: peer-closed"
    --expect "startup: svc-control starts rtc"
    --expect "control: rtc works again after stop and start"
    --expect "svc-control. done: 0 failures"
    QEMU ${virt} -initrd ${testfs}/control-${isolation}.cpio)
  # Console: typed lines come back through the console server (over the serial service: the
  # PL011 driver's receive interrupt, a READ, a WRITE), and the kernel log still reaches the
  # line through it.
  fern_boot_test(console-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "started console in the ${domain} domain"
    --send-after "console: type a line" "hello fern\\r"
    --send-after "echo: hello fern" "quit\\r"
    --expect "^echo: hello fern$" --expect "^echo: quit$"
    --expect "svc-console \\(EL0\\) exited with code 0"
    QEMU ${virt} -initrd ${testfs}/console-${isolation}.cpio)
  # The power button, without bootargs poweroff (-append " ": CMake drops an empty argument):
  # QEMU's system_powerdown raises PL061 pin 3, the gpio service reports the edge, gpio-keys
  # asks the startup task for power-off, and every service answers the shutdown before PSCI
  # SYSTEM_OFF ends QEMU with status 0.
  fern_boot_test(powerdown-${isolation} OPTIONS
    --expect "started gpio in the ${domain} domain" --expect "started keys in the ${domain} domain"
    --expect ".gpio. PL061 GPIO: 8 pins"
    --monitor-after ".keys. watching 1 of 1 keys" system_powerdown
    --expect ".keys. key \"GPIO Key Poweroff\" [(]code 116[)] pressed"
    --expect "startup: keys asks for power-off" --expect "startup: shutting down"
    --expect "powering off" --reject "did not answer the shutdown" --reject "startup: bootargs"
    --reject "gpio service lost"
    QEMU ${virt} -initrd ${testfs}/system-${isolation}.cpio -append " ")
  # virtio-rng: random bytes through the entropy service, not all the same.
  fern_boot_test(virtio-rng-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "started entropy in the ${domain} domain"
    --expect ".entropy. virtio entropy device"
    --expect "svc-rng. rng: 32 bytes [0-9a-f]{64} \\(not constant\\)"
    --expect "svc-rng. done: 0 failures"
    QEMU ${virt} ${modern} -device virtio-rng-device -initrd ${testfs}/rng-${isolation}.cpio)
  # virtio-blk: the client reads the host's pattern, writes its own with 8 writes in flight and
  # flushes; the orderly power-off flushes again; block-test.sh checks the image afterwards.
  add_test(NAME qemu.virtio-blk-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/block-test.sh --timeout 20 ${done} ${fail_reject}
            --expect "started block in the ${domain} domain"
            --expect ".block. virtio block device: 1048576 bytes, write cache"
            --expect "svc-block. block-read: capacity 1048576 bytes, host pattern read back"
            --expect "svc-block. block-write: 8 writes in flight, flushed"
            --expect "svc-block. block-bulk: 64 KiB written in one request, read back by 4"
            --expect "svc-block. block-errors: misaligned, too long and out-of-range"
            --expect "svc-block. done: 0 failures"
            --expect ".block. shutdown: write cache flushed"
            -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/block-${isolation}.cpio
            -append poweroff)
  set_tests_properties(qemu.virtio-blk-${isolation} PROPERTIES LABELS qemu TIMEOUT 40)
  # A read-only disk (VIRTIO_BLK_F_RO): reads work, writes are denied, the image is unchanged.
  add_test(NAME qemu.virtio-blk-ro-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/block-test.sh --read-only --timeout 20 ${done}
            ${fail_reject} --expect ".block. virtio block device: 1048576 bytes, read-only"
            --expect "svc-block-ro. block-read: capacity 1048576 bytes, host pattern"
            --expect "svc-block-ro. block-ro: a write to the read-only disk is denied"
            --expect "svc-block-ro. done: 0 failures"
            -- -kernel ${image} ${virt} ${modern} -initrd ${testfs}/block-ro-${isolation}.cpio
            -append poweroff)
  set_tests_properties(qemu.virtio-blk-ro-${isolation} PROPERTIES LABELS qemu TIMEOUT 40)
  # A legacy (version 1) transport is refused with advice, and the rest of the system runs.
  fern_boot_test(virtio-legacy-${isolation} OPTIONS ${done} ${fail_reject}
    --expect ".entropy. /virtio_mmio@[0-9a-f]+: legacy virtio-mmio transport .* refused: .*-global virtio-mmio.force-legacy=false"
    --expect "startup: entropy refused its device; not restarting it"
    --expect "svc-drivers. done: 0 failures"
    QEMU ${virt} -device virtio-rng-device -initrd ${testfs}/drivers-${isolation}.cpio)
endforeach()
