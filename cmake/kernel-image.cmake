# SPDX-License-Identifier: MIT
# Builds the kernel in a second pass over this tree with the AArch64 toolchain. The results,
# fern.elf (with symbols) and fern.img (arm64 Image), land in the top build folder.
include(ExternalProject)
ExternalProject_Add(kernel_image
  SOURCE_DIR "${CMAKE_SOURCE_DIR}"
  BINARY_DIR "${CMAKE_BINARY_DIR}/target"
  CMAKE_ARGS
    -DFERN_TARGET_PASS=ON
    "-DCMAKE_TOOLCHAIN_FILE=${CMAKE_SOURCE_DIR}/cmake/aarch64-linux-gnu.cmake"
    "-DFERN_OUTPUT_DIR=${CMAKE_BINARY_DIR}"
    "-DCMAKE_BUILD_TYPE=Release"
    -DCMAKE_EXPORT_COMPILE_COMMANDS=ON
    $<$<BOOL:${FERN_LIBFDT_AARCH64}>:-DFERN_LIBFDT_AARCH64=${FERN_LIBFDT_AARCH64}>
    $<$<BOOL:${FERN_EARLY_UART_PA}>:-DFERN_EARLY_UART_PA=${FERN_EARLY_UART_PA}>
    "-DFERN_BOARD_TOOL=$<TARGET_FILE:fern-board>"
  DEPENDS fern-board
  INSTALL_COMMAND ""
  BUILD_ALWAYS ON
  BUILD_BYPRODUCTS "${CMAKE_BINARY_DIR}/fern.img" "${CMAKE_BINARY_DIR}/fern.elf")

# One compile_commands.json for editors: host entries plus the kernel's.
add_custom_command(TARGET kernel_image POST_BUILD
  COMMAND "${CMAKE_COMMAND}" -DHOST=${CMAKE_BINARY_DIR}/compile_commands.json
          -DTARGET=${CMAKE_BINARY_DIR}/target/compile_commands.json
          -DOUT=${CMAKE_SOURCE_DIR}/compile_commands.json
          -P "${CMAKE_SOURCE_DIR}/cmake/merge-compile-commands.cmake"
  VERBATIM)
