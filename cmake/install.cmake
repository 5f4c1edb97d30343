# install.cmake - what `cmake --install` puts under the prefix:
#   include/production.h
#   lib/libproduction.so.1.N.P, its soname link libproduction.so.1 and the
#     development link libproduction.so (the soname follows the ABI major,
#     the only version whose change breaks a host)
#   lib/libproduction.a
#   lib/pkgconfig/production.pc, production-static.pc
#   lib/cmake/production/ (find_package(production): the imported targets
#     production::production and production::production_static)
# Included from plugin/CMakeLists.txt, where the targets are defined.
include(CMakePackageConfigHelpers)

set(prod_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/production)
install(TARGETS production production_static EXPORT productionTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT productionTargets NAMESPACE production:: DESTINATION ${prod_cmake_dir})

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/productionConfig.cmake.in
  ${PROJECT_BINARY_DIR}/productionConfig.cmake INSTALL_DESTINATION ${prod_cmake_dir})
# 0.x releases: a host built against 0.N needs 0.N or a later patch of it.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/productionConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/productionConfig.cmake
  ${PROJECT_BINARY_DIR}/productionConfigVersion.cmake DESTINATION ${prod_cmake_dir})

# pkg-config: the paths are relative to the .pc file, so the prefix can move
# (cmake --install --prefix DIR, or a copied tree).
file(RELATIVE_PATH prod_pc_up ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" prod_pc_up "${prod_pc_up}")
set(prod_pc_libs_private "")
foreach(lib ${CJSON_LIBRARIES} ${MSGPACK_LIBRARIES} ${PROD_LP_LIBS} m) # PROD_LP_LIBS: CLP, C++
  string(APPEND prod_pc_libs_private " -l${lib}")
endforeach()
foreach(pc production production-static)
  configure_file(${PROJECT_SOURCE_DIR}/cmake/${pc}.pc.in ${PROJECT_BINARY_DIR}/${pc}.pc @ONLY)
  install(FILES ${PROJECT_BINARY_DIR}/${pc}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
endforeach()
