/* param_ids.h - private: CS_P_* indices into a cs_params, generated from param_table.h. */
#ifndef CALCSIM_PARAM_IDS_H
#define CALCSIM_PARAM_IDS_H

#include "param_table.h"

#define X(ID, NAME, UNIT, DEF, MIN, MAX, GROUP, DESC, SRC) CS_P_##ID,
enum { CS_PARAM_TABLE(X) CS_NPARAM };
#undef X

/* ASCII lower-case, independent of the locale. */
static inline int tolower_ascii(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

#endif
