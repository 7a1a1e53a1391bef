/*
 * suggest.h - "did you mean ...?" for the library's name tables (private to the library).
 *
 * Educational toy model - not medical advice.
 */
#ifndef CALCSIM_SUGGEST_H
#define CALCSIM_SUGGEST_H

/*
 * Returns the name among name_at(0) ... name_at(n - 1) (n >= 1) nearest to query: the
 * smallest case-insensitive Levenshtein distance on the first 255 characters, halved for a
 * name that holds the query or is held by it ("cheese" -> a name with "cheese" in it). The
 * first name for a NULL query. Defined in params.c.
 */
const char *cs_nearest_name(const char *query, const char *(*name_at)(int i), int n);

#endif
