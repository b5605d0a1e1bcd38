# Header-only dependencies: a system copy first, then the copy that pip put in the
# build environment (cmeel-eigen, nlohmann-json), so `pip install .` needs no system packages.

find_package(Python COMPONENTS Interpreter QUIET)

# Ask the Python that runs the build where a pip package keeps its files, without importing it.
function(cosignet_python_path out code)
  set(${out} "" PARENT_SCOPE)
  if(Python_EXECUTABLE)
    execute_process(
      COMMAND "${Python_EXECUTABLE}" -c "${code}"
      OUTPUT_VARIABLE result OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    set(${out} "${result}" PARENT_SCOPE)
  endif()
endfunction()

find_package(Eigen3 3.3 CONFIG QUIET)
if(NOT TARGET Eigen3::Eigen)
  cosignet_python_path(cmeel_prefix
    "import os, sys; print(next((os.path.join(p, 'cmeel.prefix') for p in sys.path if os.path.isdir(os.path.join(p, 'cmeel.prefix', 'share', 'eigen3'))), ''))")
  if(cmeel_prefix)
    find_package(Eigen3 3.3 CONFIG REQUIRED PATHS "${cmeel_prefix}" NO_DEFAULT_PATH)
  endif()
endif()
if(NOT TARGET Eigen3::Eigen)
  message(FATAL_ERROR "Eigen 3 not found: install libeigen3-dev or `pip install cmeel-eigen`.")
endif()
message(STATUS "cosignet: Eigen ${Eigen3_VERSION} from ${Eigen3_DIR}")

find_package(nlohmann_json 3 CONFIG QUIET)
if(NOT TARGET nlohmann_json::nlohmann_json)
  # The PyPI repackaging ships the headers only (no CMake config): wrap them in the usual target.
  cosignet_python_path(nlohmann_include
    "import importlib.util, os; s = importlib.util.find_spec('nlohmann_json'); print(os.path.join(list(s.submodule_search_locations)[0], 'include') if s else '')")
  if(nlohmann_include AND EXISTS "${nlohmann_include}/nlohmann/json.hpp")
    add_library(nlohmann_json::nlohmann_json INTERFACE IMPORTED)
    set_target_properties(nlohmann_json::nlohmann_json PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${nlohmann_include}")
    message(STATUS "cosignet: nlohmann/json from ${nlohmann_include}")
  else()
    message(FATAL_ERROR "nlohmann/json not found: install nlohmann-json3-dev or `pip install nlohmann-json`.")
  endif()
else()
  message(STATUS "cosignet: nlohmann/json ${nlohmann_json_VERSION} from ${nlohmann_json_DIR}")
endif()
