/*
 * error.c - the cs_error record: first error wins, one line of text, no printing.
 */
#include "calcsim/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *cs_status_name(int code)
{
    static const struct {
        int code;
        const char *name;
    } names[] = {
        {CS_OK, "CS_OK"},           {CS_EUSAGE, "CS_EUSAGE"}, {CS_ERANGE, "CS_ERANGE"},
        {CS_EPARSE, "CS_EPARSE"},   {CS_EIO, "CS_EIO"},       {CS_ENOMEM, "CS_ENOMEM"},
        {CS_ESOLVER, "CS_ESOLVER"}, {CS_ESINK, "CS_ESINK"},
    };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].code == code)
            return names[i].name;
    return "CS_UNKNOWN";
}

void cs_error_clear(cs_error *e)
{
    if (e)
        memset(e, 0, sizeof *e);
}

int cs_error_set(cs_error *e, int code, const char *file, int line, const char *key,
                 const char *fmt, ...)
{
    if (!e || e->code != CS_OK)
        return code;
    e->code = code;
    snprintf(e->file, sizeof e->file, "%s", file ? file : "");
    e->line = line;
    snprintf(e->key, sizeof e->key, "%s", key ? key : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->text, sizeof e->text, fmt, ap);
    va_end(ap);
    return code;
}

char *cs_error_format(const cs_error *e, char *buf, unsigned long n)
{
    if (!buf || n == 0)
        return buf;
    if (!e || e->code == CS_OK)
        snprintf(buf, n, "no error");
    else if (e->file[0] && e->line > 0)
        snprintf(buf, n, "%s:%d: %s", e->file, e->line, e->text);
    else if (e->file[0])
        snprintf(buf, n, "%s: %s", e->file, e->text);
    else
        snprintf(buf, n, "%s", e->text);
    return buf;
}
