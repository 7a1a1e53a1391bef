# Read by cpack when it runs (CPACK_PROJECT_CONFIG_FILE in CMakeLists.txt), once per generator.
# CPack's DEB generator writes a package with no Depends line when dpkg-shlibdeps is missing,
# and only says so in a message; a package that installs without libgsl and libinih and then
# fails to start is worse than no package, so stop here with what to install.
if(CPACK_GENERATOR STREQUAL "DEB" AND CPACK_DEBIAN_PACKAGE_SHLIBDEPS)
  find_program(CALCSIM_DPKG_SHLIBDEPS dpkg-shlibdeps)
  find_program(CALCSIM_FILE file)
  if(NOT CALCSIM_DPKG_SHLIBDEPS OR NOT CALCSIM_FILE)
    message(FATAL_ERROR "calcsim: the .deb's dependencies are derived by dpkg-shlibdeps, "
      "which needs the packages dpkg-dev and file: sudo apt-get install dpkg-dev file")
  endif()
endif()
