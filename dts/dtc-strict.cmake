# SPDX-License-Identifier: MIT
# Runs dtc on one board config and fails on any warning (dtc itself only fails on errors).
# Usage: cmake -DDTC=dtc -DIN=board.dts -DOUT=board.dtb [-DDEPFILE=board.dtb.d]
#              [-DDTC_FLAGS=flag;flag] -P dtc-strict.cmake
set(depfile_args)
if(DEPFILE)
  set(depfile_args -d "${DEPFILE}")
endif()
execute_process(
  COMMAND "${DTC}" ${DTC_FLAGS} -I dts -O dtb ${depfile_args} -o "${OUT}" "${IN}"
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)
if(NOT status EQUAL 0 OR NOT output STREQUAL "")
  file(REMOVE "${OUT}")
  message(FATAL_ERROR "dtc ${IN}: warnings and errors are fatal here\n${output}")
endif()
