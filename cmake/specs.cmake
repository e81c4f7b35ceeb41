# SPDX-License-Identifier: MIT
# fern_compile_specs(OUT_VAR DIR SOURCE...): compiles each spec SOURCE (NAME.dts) into
# DIR/NAME.dtb with dtc, warnings fatal. Specs have a `name` field, so dtc's legacy check that a
# "name" property equals its node's name is off (docs/specs.md), and so is its check that a
# property named like "gpio" holds a GPIO specifier (a `uses` entry gpio = "gpio" is a service
# name). OUT_VAR gets the .dtb paths.
function(fern_compile_specs out_var dir)
  set(dtbs)
  foreach(source IN LISTS ARGN)
    get_filename_component(name "${source}" NAME_WLE)
    set(dtb "${dir}/${name}.dtb")
    add_custom_command(OUTPUT "${dtb}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
      COMMAND "${CMAKE_COMMAND}" "-DDTC=${FERN_DTC}" "-DIN=${source}" "-DOUT=${dtb}"
              "-DDTC_FLAGS=-E;no-name_properties;-W;no-gpios_property"
              -P "${CMAKE_SOURCE_DIR}/dts/dtc-strict.cmake"
      DEPENDS "${source}" "${CMAKE_SOURCE_DIR}/dts/dtc-strict.cmake"
      COMMENT "Compiling spec ${name}.dts"
      VERBATIM)
    list(APPEND dtbs "${dtb}")
  endforeach()
  set(${out_var} "${dtbs}" PARENT_SCOPE)
endfunction()

# fern_check_specs(STAMP SOURCE_DIR DTB...): runs fern-board --check-specs over the compiled
# specs as one set, with every program the build packs (fern_program), naming the spec source
# and field at fault; the build fails with it. STAMP is touched when they pass.
function(fern_check_specs stamp source_dir)
  get_property(programs GLOBAL PROPERTY FERN_PROGRAM_NAMES)
  string(REPLACE ";" "," programs "${programs}")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND "${FERN_BOARD_TOOL}" --check-specs --programs "${programs}"
            --source-dir "${source_dir}" ${ARGN}
    COMMAND "${CMAKE_COMMAND}" -E touch "${stamp}"
    DEPENDS ${ARGN} "${FERN_BOARD_TOOL}"
    COMMENT "Checking specs in ${source_dir}"
    VERBATIM)
endfunction()

# fern_spec_variant(OUT_VAR DIR ISOLATION SOURCE...): test copies of the specs, with isolation
# set to ISOLATION ("user" or "kernel"; "default" keeps it) and config fern,test-commands, for
# tests that run the same drivers in either domain and make them fault.
function(fern_spec_variant out_var dir isolation)
  set(outs)
  foreach(source IN LISTS ARGN)
    get_filename_component(name "${source}" NAME)
    set(out "${dir}/${name}")
    if(isolation STREQUAL "default")
      set(isolation "")
    endif()
    add_custom_command(OUTPUT "${out}"
      COMMAND "${CMAKE_COMMAND}" "-DIN=${source}" "-DOUT=${out}" "-DISOLATION=${isolation}"
              -P "${CMAKE_SOURCE_DIR}/cmake/spec-variant.cmake"
      DEPENDS "${source}" "${CMAKE_SOURCE_DIR}/cmake/spec-variant.cmake"
      VERBATIM)
    list(APPEND outs "${out}")
  endforeach()
  set(${out_var} "${outs}" PARENT_SCOPE)
endfunction()
