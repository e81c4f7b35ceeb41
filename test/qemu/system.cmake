# SPDX-License-Identifier: MIT
# The spec-declared system: the startup task binding drivers, each driver's service checked by a
# test client (test/programs/svc_client.c) in both isolation domains, supervision. The test
# compositions are boot filesystems from test/specs, passed with -initrd.
set(testfs ${CMAKE_BINARY_DIR}/test-bootfs)
set(virt -M virt -cpu cortex-a57 -m 512M)
set(fail_reject --reject ": FAIL: ") # svc_client's failure lines

# The default image starts the default system from its embedded boot filesystem.
fern_boot_test(system-default OPTIONS ${done} --expect "boot filesystem: the embedded archive"
  --expect "startup: bound rtc to /pl031@9010000"
  --expect "started rtc in the EL0 domain" --expect "\\[rtc\\] PL031 real-time clock"
  QEMU ${virt})

# Bad specs (the build's check skipped) are each reported by name at boot; the rest starts.
fern_boot_test(bad-specs OPTIONS ${done} ${fail_reject}
  --expect "startup: skipping spec bad-field.spec: unknown property 'priorty'"
  --expect "startup: skipping spec bad-program.spec: program: \"no-such-program\" is not in"
  --expect "startup: skipping spec bad-uses: uses/clock: no spec provides service \"no-such-service\""
  --expect "startup: 3 specs" --expect "svc-drivers\\] rtc: time [0-9]+"
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
  # Console: typed bytes come back through the console service (the PL011 driver's receive
  # interrupt, a READ, a WRITE), and the kernel log still reaches the line through it.
  fern_boot_test(console-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "started console in the ${domain} domain"
    --send-after "console: type a line" "hello fern\\r"
    --send-after "echo: hello fern" "quit\\r"
    --expect "^echo: hello fern$" --expect "^echo: quit$"
    --expect "svc-console \\(EL0\\) exited with code 0"
    QEMU ${virt} -initrd ${testfs}/console-${isolation}.cpio)
endforeach()
