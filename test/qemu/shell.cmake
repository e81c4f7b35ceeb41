# SPDX-License-Identifier: MIT
# The shell (servers/shell) in scripted sessions over the serial console: each step types a
# command once the previous output is there. The default image, booted without bootargs
# poweroff (-append " ": CMake drops an empty argument), ends with the shell's poweroff.
# (The log has CR LF line ends while the test runs: --send-after patterns cannot end in $.)
set(virt -M virt -cpu cortex-a57 -m 512M)
set(modern -global virtio-mmio.force-legacy=false)

# help, uptime, date (RTC), random (entropy service), an unknown command, a bad argument, a
# missing service, then poweroff through the startup task.
fern_boot_test(shell-basics TIMEOUT 30 OPTIONS
  --expect "started shell in the EL0 domain"
  --send-after "^fern> " "help\\r"
  --send-after "poweroff +shut the system down" "uptime\\r"
  --send-after "^up [0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{3}" "date\\r"
  --send-after "^20[0-9]{2}-[01][0-9]-[0-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-5][0-9] UTC" "random 8\\r"
  --send-after "^[0-9a-f]{16}" "nosuch\\r"
  --send-after "^nosuch: unknown command [(]try help[)]" "random 0\\r"
  --send-after "^random: 0: not a count from 1 to 256" "cat /svc/nothing\\r"
  --send-after "^cat: /svc/nothing: not found" "echo 'two  spaces' x\\r"
  --send-after "^two  spaces x" "poweroff\\r"
  --expect "startup: shell asks for power-off" --expect "powering off"
  --reject "did not answer the shutdown"
  QEMU ${virt} ${modern} -device virtio-rng-device -append " ")

# Sessions at the prompt (session-test.sh scripts in test/qemu/shell/), in the default image.
function(fern_shell_session name)
  add_test(NAME qemu.shell-${name} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/session-test.sh
    --timeout 60 ${CMAKE_CURRENT_SOURCE_DIR}/shell/${name}.session --
    -kernel ${image} ${virt} ${modern} -device virtio-rng-device)
  set_tests_properties(qemu.shell-${name} PROPERTIES LABELS qemu TIMEOUT 90)
endfunction()
fern_shell_session(system)
fern_shell_session(reboot)
# RAM in use as a user boots it: with the run disk mounted (left unchanged: snapshot).
add_test(NAME qemu.shell-ram COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/session-test.sh
  --timeout 60 ${CMAKE_CURRENT_SOURCE_DIR}/shell/ram.session --
  -kernel ${image} ${virt} ${modern} -device virtio-rng-device
  -drive file=${CMAKE_BINARY_DIR}/disk.img,if=none,format=raw,id=d0,snapshot=on
  -device virtio-blk-device,drive=d0)
set_tests_properties(qemu.shell-ram PROPERTIES LABELS "qemu;perf-budget" TIMEOUT 90)
