# SPDX-License-Identifier: MIT
# fern_compile_specs(OUT_VAR DIR SOURCE...): compiles each spec SOURCE (NAME.dts) into
# DIR/NAME.dtb with dtc, warnings fatal. Specs have a `name` field, so dtc's legacy check that a
# "name" property equals its node's name is off (docs/specs.md). OUT_VAR gets the .dtb paths.
function(fern_compile_specs out_var dir)
  set(dtbs)
  foreach(source IN LISTS ARGN)
    get_filename_component(name "${source}" NAME_WLE)
    set(dtb "${dir}/${name}.dtb")
    add_custom_command(OUTPUT "${dtb}"
      COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
      COMMAND "${CMAKE_COMMAND}" "-DDTC=${FERN_DTC}" "-DIN=${source}" "-DOUT=${dtb}"
              "-DDTC_FLAGS=-E;no-name_properties"
              -P "${CMAKE_SOURCE_DIR}/dts/dtc-strict.cmake"
      DEPENDS "${source}" "${CMAKE_SOURCE_DIR}/dts/dtc-strict.cmake"
      COMMENT "Compiling spec ${name}.dts"
      VERBATIM)
    list(APPEND dtbs "${dtb}")
  endforeach()
  set(${out_var} "${dtbs}" PARENT_SCOPE)
endfunction()
