/* calcsim/calcsim.h - the whole public API of libcalcsim, and its version. */
#ifndef CALCSIM_CALCSIM_H
#define CALCSIM_CALCSIM_H

#include "calcsim/error.h"
#include "calcsim/params.h"
#include "calcsim/foods.h"
#include "calcsim/intake.h"
#include "calcsim/model.h"
#include "calcsim/plausibility.h"
#include "calcsim/scenario.h"
#include "calcsim/sim.h"
#include "calcsim/output.h"
#include "calcsim/runner.h"
#include "calcsim/sensitivity.h"
#include "calcsim/sweep.h"
#include "calcsim/population.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Returns the library version, "MAJOR.MINOR.PATCH". */
const char *cs_version(void);

#ifdef __cplusplus
}
#endif
#endif
