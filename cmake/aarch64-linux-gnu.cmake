# SPDX-License-Identifier: MIT
# Toolchain file: Debian's aarch64-linux-gnu-gcc, used freestanding (no Linux libc, no crt files).
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR aarch64)

set(FERN_CROSS_PREFIX "aarch64-linux-gnu-" CACHE STRING "Prefix of the AArch64 cross tools")
set(CMAKE_C_COMPILER "${FERN_CROSS_PREFIX}gcc")
set(CMAKE_ASM_COMPILER "${FERN_CROSS_PREFIX}gcc")
set(CMAKE_OBJCOPY "${FERN_CROSS_PREFIX}objcopy" CACHE FILEPATH "")
set(CMAKE_NM "${FERN_CROSS_PREFIX}nm" CACHE FILEPATH "")

# The compiler cannot link a hosted test program without our linker script.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
