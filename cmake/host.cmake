# SPDX-License-Identifier: MIT
# Host pass settings: host libfdt, dtc, QEMU, and sanitizers for everything built for the host.
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_EXTENSIONS ON)
if(NOT CMAKE_BUILD_TYPE)
  set(CMAKE_BUILD_TYPE RelWithDebInfo CACHE STRING "Build type" FORCE)
endif()

find_path(FERN_HOST_LIBFDT_INCLUDE libfdt.h)
find_library(FERN_HOST_LIBFDT NAMES fdt)
if(NOT FERN_HOST_LIBFDT OR NOT FERN_HOST_LIBFDT_INCLUDE)
  message(FATAL_ERROR "Host libfdt not found: install libfdt-dev (tools/fern deps does it).")
endif()
add_library(host_libfdt UNKNOWN IMPORTED)
set_target_properties(host_libfdt PROPERTIES IMPORTED_LOCATION "${FERN_HOST_LIBFDT}"
  INTERFACE_INCLUDE_DIRECTORIES "${FERN_HOST_LIBFDT_INCLUDE}")

find_program(FERN_DTC dtc REQUIRED)
find_program(FERN_QEMU qemu-system-aarch64)
set(FERN_UBOOT "/usr/lib/u-boot/qemu_arm64/u-boot.bin" CACHE FILEPATH "U-Boot for QEMU virt")

# Host code (tools and unit tests) always runs with AddressSanitizer and UBSan: it parses
# untrusted device trees, and the tests exist to catch exactly these bugs.
option(FERN_HOST_SANITIZERS "Build host tools and tests with ASan and UBSan" ON)
add_compile_options(-Wall -Wextra -Werror=implicit-function-declaration)
if(FERN_HOST_SANITIZERS)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
