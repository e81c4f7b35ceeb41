# SPDX-License-Identifier: MIT
# The console server (servers/console, docs/console.md): keys typed on the serial line at a
# test client's numbered prompts (test/specs/svc-console-edit.dts) come back as edited lines.
# Typed text goes through printf: \x5b stands for "[" (CMake would take a bare one for a list
# bracket), so ESC [ D is \x1b\x5bD.
set(esc "\\x1b\\x5b")
foreach(isolation user kernel)
  fern_domain_name(${isolation} domain)
  fern_boot_test(console-edit-${isolation} TIMEOUT 30 OPTIONS ${done} ${fail_reject}
    --expect "started console in the ${domain} domain"
    # Ctrl-U, Backspace, Left, insert, Ctrl-A, Ctrl-E.
    --send-after "edit 1> " "junk\\x15abX\\x7f${esc}Dz\\x01<\\x05>\\r"
    --expect "^line 1: <azb>$"
    # Up (history), Left, Backspace, Home, Delete.
    --send-after "edit 2> " "${esc}A${esc}D${esc}D\\x7f${esc}H${esc}3~\\r"
    --expect "^line 2: ab>$"
    # Ctrl-C at a READ: echoed, the READ fails.
    --send-after "edit 3> " "xyz\\x03"
    --expect "xyz\\^C$" --expect "^line 3: interrupted$"
    # Up twice walks back past the latest line; the interrupted one is not in the history.
    --send-after "edit 4> " "${esc}A${esc}A\\r"
    --expect "^line 4: <azb>$"
    # Ctrl-C while the client is busy: GETATTR interrupt sees it, type-ahead before it is
    # dropped; a second one refuses a WRITE; type-ahead after it waits for the next READ.
    --send-after "edit 5> " "busy\\r"
    --send-after "busy 1: press Ctrl-C" "lost\\x03"
    --expect "^busy 1: interrupt seen$"
    --send-after "busy 2: press Ctrl-C" "\\x03"
    --send-after "busy 2: WRITE interrupted" "ahead\\r"
    --expect "^busy 2: WRITE interrupted$" --expect "^line 6: ahead$"
    # Ctrl-D on an empty line ends the input.
    --send-after "edit 7> " "\\x04"
    --expect "^line 7: end of input$"
    --expect "svc-edit \\(EL0\\) exited with code 0"
    QEMU ${virt} -initrd ${testfs}/console-edit-${isolation}.cpio)
  # The serial driver faults and is restarted: the console server reconnects, the kernel's
  # lines about it reach the line, and typed lines still come back.
  fern_boot_test(console-restart-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "program serial \\(${domain}\\) faulted"
    --expect "startup: restarting serial \\(restart 1 of 5\\)"
    --expect "svc-serial. crash-serial: the serial driver is gone"
    --send-after "console: type a line" "still here\\r"
    --send-after "echo: still here" "quit\\r"
    --expect "^echo: still here$" --expect "^echo: quit$"
    --expect "svc-serial \\(EL0\\) exited with code 0"
    QEMU ${virt} -initrd ${testfs}/console-restart-${isolation}.cpio)
endforeach()
# Typing fast: 400 commands at the shell, each typed in 8-byte bursts, must all be answered
# (typing-test.sh). The PL011 driver used to clear its receive interrupt after draining the
# FIFO, losing the interrupt of a byte that landed in between: input stopped for good after
# a hundred or so.
foreach(isolation user kernel)
  set(initrd)
  if(isolation STREQUAL "kernel")
    set(initrd -initrd ${testfs}/system-kernel.cpio)
  endif()
  add_test(NAME qemu.typing-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/typing-test.sh 400 --
            -kernel ${image} ${virt} -global virtio-mmio.force-legacy=false
            -device virtio-rng-device ${initrd})
  set_tests_properties(qemu.typing-${isolation} PROPERTIES LABELS qemu TIMEOUT 90)
endforeach()
