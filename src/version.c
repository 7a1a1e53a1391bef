/* version.c - the library version, set by CMake from project(VERSION). */
#include "calcsim/calcsim.h"

#ifndef CALCSIM_VERSION
#define CALCSIM_VERSION "0.0.0"
#endif

const char *cs_version(void)
{
    return CALCSIM_VERSION;
}
