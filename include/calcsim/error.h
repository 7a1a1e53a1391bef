/*
 * calcsim/error.h - status codes and the caller-owned error record.
 *
 * Every library function that can fail returns a cs_status and, when given a non-NULL
 * cs_error, fills it. The first error recorded wins: later calls to cs_error_set() on an
 * already-filled record do nothing. The library never prints, exits or aborts.
 */
#ifndef CALCSIM_ERROR_H
#define CALCSIM_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

/* Return codes: 0 is success, negative values are errors grouped by cause. */
typedef enum {
    CS_OK = 0,
    CS_EUSAGE = -1,  /* a bad argument from the caller (NULL, unknown name, bad option) */
    CS_ERANGE = -2,  /* a value outside the range the parameter table allows */
    CS_EPARSE = -3,  /* malformed input text: number, INI syntax, duplicate key, ... */
    CS_EIO = -4,     /* a file could not be opened, read or written */
    CS_ENOMEM = -5,  /* out of memory */
    CS_ESOLVER = -6, /* the ODE solver failed or could not reach the requested time */
    CS_ESINK = -7    /* an output sink reported failure */
} cs_status;

/* One error: where it happened (file:line, or the parameter key) and what it is. */
typedef struct {
    int code;         /* a cs_status; CS_OK while nothing has been recorded */
    char file[512];   /* the input file, or "" when the error has no file */
    int line;         /* 1-based line in file, or 0 when unknown */
    char key[64];     /* the parameter or option involved, or "" */
    char text[768];   /* one line of English: what is wrong and what is allowed */
    double t_reached; /* for CS_ESOLVER: simulated time reached [d] */
} cs_error;

/* Returns a static, never-NULL name for a status code ("CS_ERANGE", ...). */
const char *cs_status_name(int code);

/* Clears e to the "no error" state. Accepts NULL. */
void cs_error_clear(cs_error *e);

/*
 * Records an error in e unless e is NULL or already holds one (the first error wins).
 * file and key may be NULL. Returns code, so callers can write `return cs_error_set(...)`.
 */
int cs_error_set(cs_error *e, int code, const char *file, int line, const char *key,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 6, 7)))
#endif
    ;

/*
 * Formats e as one line, "file:line: text" or "text", into buf of size n.
 * Returns buf. Accepts a NULL or empty record (writes "no error").
 */
char *cs_error_format(const cs_error *e, char *buf, unsigned long n);

#ifdef __cplusplus
}
#endif
#endif
