# SPDX-License-Identifier: MIT
# Target pass: the kernel, freestanding AArch64. Produces FERN_OUTPUT_DIR/fern.elf and fern.img.
include("${CMAKE_CURRENT_LIST_DIR}/libfdt-aarch64.cmake")
set(CMAKE_C_STANDARD 11)
set(CMAKE_C_EXTENSIONS ON)
if(NOT FERN_OUTPUT_DIR)
  set(FERN_OUTPUT_DIR "${CMAKE_BINARY_DIR}")
endif()

execute_process(COMMAND ${CMAKE_C_COMPILER} -print-file-name=include
  OUTPUT_VARIABLE FERN_GCC_INCLUDE OUTPUT_STRIP_TRAILING_WHITESPACE)

add_library(libfdt_aarch64 STATIC IMPORTED)
set_target_properties(libfdt_aarch64 PROPERTIES IMPORTED_LOCATION "${FERN_LIBFDT_AARCH64_LIB}"
  INTERFACE_INCLUDE_DIRECTORIES "${FERN_LIBFDT_AARCH64_INCLUDE}")

# Leaf functions keep no frame record: a fault report prints the LR, which names their caller.
# Kernel code never touches FP/SIMD registers (-mgeneral-regs-only); libfdt does, which is why
# it runs only at boot with FP enabled (see docs/architecture.md). -mstrict-align because early
# code runs with the MMU off, where unaligned accesses fault on real hardware.
set(FERN_KERNEL_FLAGS
  -ffreestanding -fno-builtin -nostdinc -isystem${CMAKE_SOURCE_DIR}/lib/include/freestanding
  -isystem${FERN_GCC_INCLUDE}
  -mgeneral-regs-only -mstrict-align -mcmodel=small -fno-pic -fno-pie
  -fno-omit-frame-pointer -fstack-protector-strong
  -ffunction-sections -fdata-sections
  -Wall -Wextra -Werror=implicit-function-declaration -Wno-unused-parameter -O2 -g)
set(CMAKE_C_FLAGS_RELEASE "")
add_compile_options("$<$<COMPILE_LANGUAGE:ASM>:-D__ASSEMBLY__>")
# Everything linked into the kernel links this; programs (lib/runtime) use their own flags.
add_library(fern_kernel_flags INTERFACE)
foreach(flag IN LISTS FERN_KERNEL_FLAGS)
  target_compile_options(fern_kernel_flags INTERFACE "$<$<COMPILE_LANGUAGE:C>:${flag}>")
endforeach()

# The console used before the device tree is read (and to report a device tree that cannot be
# used): a PL011 at this physical address. QEMU virt's by default.
set(FERN_EARLY_UART_PA 0x09000000 CACHE STRING "Physical address of the early PL011 console")
target_compile_definitions(fern_kernel_flags INTERFACE EARLY_UART_PA=${FERN_EARLY_UART_PA}UL)

add_subdirectory(lib)
add_subdirectory(kernel/dt)
add_subdirectory(arch/arm64)
add_subdirectory(kernel)
add_subdirectory(lib/runtime)
add_subdirectory(test/programs)
add_subdirectory(drivers)
add_subdirectory(servers)
# Specs come after every program: the build checks that each names one.
find_program(FERN_DTC dtc REQUIRED)
include("${CMAKE_CURRENT_LIST_DIR}/specs.cmake")
add_subdirectory(specs)
add_subdirectory(test/specs)
