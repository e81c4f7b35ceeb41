# SPDX-License-Identifier: MIT
# Locates libfdt for AArch64: Debian's libfdt-dev:arm64 static library, extracted by
# tools/fern into a cache folder (it cannot be installed beside the host libfdt-dev).
# Point FERN_LIBFDT_AARCH64 at another folder holding lib/ or usr/lib/aarch64-linux-gnu/ with
# libfdt.a and include/ with libfdt.h to use a different build.
if(DEFINED ENV{XDG_CACHE_HOME})
  set(_fern_cache "$ENV{XDG_CACHE_HOME}/fern")
else()
  set(_fern_cache "$ENV{HOME}/.cache/fern")
endif()
set(FERN_LIBFDT_AARCH64 "${_fern_cache}/libfdt-arm64" CACHE PATH
    "Folder with an AArch64 libfdt (Debian libfdt-dev:arm64 extracted with dpkg-deb -x)")

find_library(FERN_LIBFDT_AARCH64_LIB NAMES libfdt.a
  PATHS "${FERN_LIBFDT_AARCH64}/usr/lib/aarch64-linux-gnu" "${FERN_LIBFDT_AARCH64}/lib"
  NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
find_path(FERN_LIBFDT_AARCH64_INCLUDE NAMES libfdt.h
  PATHS "${FERN_LIBFDT_AARCH64}/usr/include" "${FERN_LIBFDT_AARCH64}/include"
  NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH)
if(NOT FERN_LIBFDT_AARCH64_LIB OR NOT FERN_LIBFDT_AARCH64_INCLUDE)
  message(FATAL_ERROR "No AArch64 libfdt in ${FERN_LIBFDT_AARCH64}. Run 'tools/fern deps' to "
    "fetch Debian's libfdt-dev:arm64 there, or pass -DFERN_LIBFDT_AARCH64=<folder>.")
endif()
