# SPDX-License-Identifier: MIT
# Isolation between a service's clients (issue 11), in both domains:
# - qemu.abuse-*: the conformance harness (test/programs/svc_abuse.c) sends every service of the
#   default system malformed, oversized and out-of-order messages, unwanted handles, floods and
#   early closes; each must keep answering a well-behaved connection, and no handle may leak.
# - qemu.many-*: one program holds 40 connections to rtc (the old table held 24) while another
#   must still be served.
foreach(isolation user kernel)
  fern_domain_name(${isolation} domain)
  set(services rtc entropy gpio serial console fs block)
  set(served)
  foreach(service IN LISTS services)
    list(APPEND served --expect "svc-abuse. ${service}: served through every abuse")
  endforeach()
  add_test(NAME qemu.abuse-${isolation}
    COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/abuse-test.sh --timeout 40 ${done} ${fail_reject}
            --expect "started fs in the ${domain} domain" ${served}
            --expect "svc-abuse. done: 0 failures"
            -- -kernel ${image} ${virt} -smp 2 ${modern} -device virtio-rng-device
            -initrd ${testfs}/abuse-${isolation}.cpio -append poweroff)
  set_tests_properties(qemu.abuse-${isolation} PROPERTIES LABELS qemu TIMEOUT 60)
  fern_boot_test(many-${isolation} OPTIONS ${done} ${fail_reject}
    --expect "started rtc in the ${domain} domain"
    --expect "svc-hold. hold: 40 connections to rtc, every one answered"
    --expect "svc-witness. witness: rtc answered while svc-hold holds [0-9]+ handles"
    --expect "svc-hold. done: 0 failures" --expect "svc-witness. done: 0 failures"
    QEMU ${virt} -initrd ${testfs}/many-${isolation}.cpio)
endforeach()
