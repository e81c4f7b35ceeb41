# SPDX-License-Identifier: MIT
# cmake -DIN=spec.dts -DOUT=copy.dts [-DISOLATION=user|kernel] -P spec-variant.cmake: writes the
# test variant of a spec (see fern_spec_variant in specs.cmake): its isolation replaced if
# ISOLATION is set, and fern,test-commands added to its config (dtc merges a second / node).
file(READ "${IN}" text)
if(ISOLATION)
  string(REGEX REPLACE "isolation = \"[a-z]+\";" "isolation = \"${ISOLATION}\";" text "${text}")
endif()
string(APPEND text "\n/* Added for tests by cmake/spec-variant.cmake. */\n"
       "/ {\n\tconfig {\n\t\tfern,test-commands;\n\t};\n};\n")
file(WRITE "${OUT}" "${text}")
