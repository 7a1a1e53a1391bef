/*
 * datadir.h - finding calcsim's installed data (the scenarios of models/ and the gnuplot
 * scripts of plots/) next to the running program.
 *
 * An installed calcsim keeps its data at a fixed place relative to its own program:
 * PREFIX/bin/calcsim and PREFIX/share/calcsim/{models,plots}. Looking there, through
 * /proc/self/exe, makes every copy relocatable: `cmake --install --prefix ANY`, the .deb
 * installed under /usr, or the .deb unpacked with `dpkg -x` into a scratch folder all find
 * their own data, whatever prefix the build was configured with.
 */
#ifndef CALCSIM_CLI_DATADIR_H
#define CALCSIM_CLI_DATADIR_H

#include <stddef.h>

/*
 * Writes into buf (size bytes) the directory rel (e.g. "../share/calcsim/models") taken
 * relative to the directory that holds the running program. Returns 1 when that directory
 * exists, 0 when it does not, the program's path cannot be read (no /proc) or the result does
 * not fit.
 */
int cli_dir_near_program(const char *rel, char *buf, size_t size);

#endif
