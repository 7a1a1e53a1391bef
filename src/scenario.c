/*
 * scenario.c - scenario files (models/NAME.ini): loading, resolving names, listing.
 *
 * A scenario is a small INI file read with libinih (no INI parser of our own):
 *
 *   [scenario]     title = one line; teaches = a paragraph, which may continue over
 *                  indented lines (joined with one space)
 *   [parameters]   NAME = VALUE, NAME from the parameter table (src/param_table.h)
 *   [foods]        FOOD = GRAMS per day, FOOD from the food table (src/food_table.h);
 *                  optional. The foods add to the intakes of [parameters] (foods.c), so
 *                  sc->base keeps the file's parameters and sc->params base plus foods.
 *
 * Workload: files are a few hundred bytes, written by hand by teachers and students, so
 * every mistake must come back as one line naming file:line, what is wrong and what is
 * allowed. libinih as packaged by Debian calls its handler without a line number
 * (INI_HANDLER_LINENO=0), so the whole file is read into memory first, checked (empty,
 * binary, over-long lines), and then fed to ini_parse_stream() one line at a time by our
 * own reader, which counts lines; the handler reads the current line from the shared
 * loader struct. libinih reports lines it cannot parse (no '=', no ']') only through its
 * return value, so the earliest of that line and the first error our handler recorded
 * wins. Binary data and over-long lines (more than INI_MAX_LINE - 2 = 198 bytes, which
 * libinih would split or drop) are refused for the whole file before parsing starts.
 *
 * The reader also notes "[section]" header lines, following libinih's own rule for what
 * counts as a header (not a comment, not an indented continuation of a value), because
 * libinih never calls the handler for a header: without that an empty unknown section
 * would pass, and an unknown section could not be reported on its own line.
 *
 * The library never prints, exits or aborts; errors go into the caller's cs_error.
 */
#include "calcsim/scenario.h"

#include <ini.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Largest scenario file accepted [bytes]; real ones are under 4 KiB. */
#define SC_MAX_BYTES (1L << 20)

/*
 * Longest line libinih can take whole [bytes, without the line ending]: its line buffer
 * holds INI_MAX_LINE bytes including '\n' and the terminating NUL.
 */
#define SC_MAX_LINE (INI_MAX_LINE - 2)

/* The sections a scenario file may hold. */
static const char *const sc_sections[] = {"scenario", "parameters", "foods"};
#define SC_NSECTIONS ((int)(sizeof sc_sections / sizeof sc_sections[0]))

/* State shared by the reader and the handler during one cs_scenario_load(). */
typedef struct {
    const char *path;             /* the file, for error records */
    cs_scenario *sc;              /* the scenario being filled */
    cs_error err;                 /* first error found by the reader or the handler */
    const char *buf;              /* whole file, not NUL-terminated */
    size_t len;                   /* its size [bytes] */
    size_t pos;                   /* offset of the next line to hand to libinih */
    int lineno;                   /* 1-based number of the line libinih is working on */
    const char *line;             /* that line in buf, without its line ending */
    size_t line_len;              /* its length [bytes] */
    int have_key;                 /* a NAME = VALUE line was seen since the last header (libinih's
                                     prev_name), so an indented line continues that value */
    char last_key[64];            /* the key an indented line continues */
    const cs_scenario_ext *ext;   /* extra sections and keys (cohort and trial files), or NULL */
    const char *head;             /* the section holding title and teaches ("scenario") */
    char allowed[256];            /* "[scenario], [parameters]" for messages */
    int scenario_line;            /* line of the first [head] header, or 0 */
    int title_line, teaches_line; /* lines where title and teaches were given, or 0 */
    int label_line;               /* line where label was given, or 0 */
    int param_line[CS_PARAM_CAPACITY]; /* line where each parameter was set, or 0 */
    int foods_line;                    /* line of the first [foods] header, or 0 */
    int food_line[CS_FOOD_CAPACITY];   /* line where each food was given, or 0 */
} sc_loader;

/*
 * Records an error at the current line (first error wins) and returns 0, the value a
 * libinih handler returns to report failure.
 */
static int sc_fail(sc_loader *ld, int code, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int sc_fail(sc_loader *ld, int code, const char *key, const char *fmt, ...)
{
    char text[sizeof ld->err.text];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    cs_error_set(&ld->err, code, ld->path, ld->lineno, key, "%s", text);
    return 0;
}

/* Returns the Levenshtein distance between a and b, each compared on its first 127 bytes. */
static size_t sc_distance(const char *a, const char *b)
{
    size_t row[128], la = strlen(a), lb = strlen(b);
    if (la > 127)
        la = 127;
    if (lb > 127)
        lb = 127;
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/*
 * Returns the length (1-4) of the valid UTF-8 sequence at s (n bytes available), or 0
 * when the bytes there are not valid UTF-8 (bad lead or continuation byte, truncated,
 * overlong, surrogate, above U+10FFFF).
 */
static size_t sc_utf8_len(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned long cp, min;
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        len = 2, cp = s[0] & 0x1Fu, min = 0x80;
    else if (s[0] >= 0xE0 && s[0] <= 0xEF)
        len = 3, cp = s[0] & 0x0Fu, min = 0x800;
    else if (s[0] >= 0xF0 && s[0] <= 0xF4)
        len = 4, cp = s[0] & 0x07u, min = 0x10000;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

/*
 * Finds line number n (1-based) of buf: sets *start and *len (without "\n" or "\r\n").
 * Returns 1, or 0 when the buffer has fewer lines.
 */
static int sc_line_at(const char *buf, size_t size, int n, const char **start, size_t *len)
{
    size_t pos = 0;
    for (int i = 1; pos < size; i++) {
        const char *s = buf + pos;
        const char *nl = memchr(s, '\n', size - pos);
        size_t l = nl ? (size_t)(nl - s) : size - pos;
        if (i == n) {
            *start = s;
            *len = (l > 0 && s[l - 1] == '\r') ? l - 1 : l;
            return 1;
        }
        pos += l + (nl ? 1 : 0);
    }
    return 0;
}

/*
 * Checks the whole file before libinih sees it: text only (UTF-8, no NUL or other
 * control bytes but tab and a CR before LF), no line longer than SC_MAX_LINE, and at
 * least one line that is neither blank nor a comment. Returns CS_OK or CS_EPARSE with
 * ld->err filled; the first offending line wins.
 */
static int sc_precheck(sc_loader *ld)
{
    const unsigned char *b = (const unsigned char *)ld->buf;
    size_t pos = 0;
    int lineno = 0, content = 0;
    while (pos < ld->len) {
        const unsigned char *s = b + pos;
        const unsigned char *nl = memchr(s, '\n', ld->len - pos);
        size_t l = nl ? (size_t)(nl - s) : ld->len - pos;
        size_t body = (l > 0 && s[l - 1] == '\r') ? l - 1 : l;
        lineno++;
        for (size_t i = 0; i < body;) {
            size_t k =
                (s[i] < 0x20 && s[i] != '\t') || s[i] == 0x7F ? 0 : sc_utf8_len(s + i, body - i);
            if (k == 0)
                return cs_error_set(&ld->err, CS_EPARSE, ld->path, lineno, NULL,
                                    "binary data (byte 0x%02X in column %zu); scenario files "
                                    "are UTF-8 INI text",
                                    s[i], i + 1);
            i += k;
        }
        if (body > SC_MAX_LINE)
            return cs_error_set(&ld->err, CS_EPARSE, ld->path, lineno, NULL,
                                "line is too long (%zu bytes, at most %d); split the text "
                                "over indented continuation lines",
                                body, SC_MAX_LINE);
        size_t i = (lineno == 1 && body >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
        while (i < body && isspace(s[i]))
            i++;
        if (i < body && s[i] != ';' && s[i] != '#')
            content = 1;
        pos += l + (nl ? 1 : 0);
    }
    if (!content)
        return cs_error_set(&ld->err, CS_EPARSE, ld->path, 0, NULL,
                            "file is empty; a scenario needs [scenario] title and teaches");
    return CS_OK;
}

/*
 * Returns 1 when name is a section the file may hold besides its head section: one of
 * sc_sections, one of the extension's sections, or NAME.anything for an extension section
 * written "NAME.*".
 */
static int sc_known_section(const sc_loader *ld, const char *name)
{
    for (int i = 1; i < SC_NSECTIONS; i++)
        if (strcmp(name, sc_sections[i]) == 0)
            return 1;
    for (const char *const *x = ld->ext ? ld->ext->sections : NULL; x && *x; x++) {
        size_t n = strlen(*x);
        if (n >= 2 && strcmp(*x + n - 2, ".*") == 0 ? strncmp(name, *x, n - 1) == 0 && name[n - 1]
                                                    : strcmp(name, *x) == 0)
            return 1;
    }
    return 0;
}

/*
 * Looks at the line just handed to libinih and, when libinih will take it as a
 * "[section]" header, checks the section name. Mirrors libinih's order: start-of-line
 * comment, then continuation (indented, after a key), then header.
 */
static void sc_note_header(sc_loader *ld)
{
    const char *s = ld->line, *end = ld->line + ld->line_len;
    if (ld->lineno == 1 && ld->line_len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
    const char *p = s;
    while (p < end && isspace((unsigned char)*p))
        p++;
    if (p == end || *p == ';' || *p == '#')
        return;
    if (p > s && ld->have_key)
        return;
    if (*p != '[')
        return;
    ld->have_key = 0;
    /* libinih ends the name at ']' or at an inline ';' comment after white space. */
    const char *q = p + 1;
    int was_space = 0;
    while (q < end && *q != ']' && !(was_space && *q == ';')) {
        was_space = isspace((unsigned char)*q);
        q++;
    }
    if (q == end || *q != ']')
        return; /* libinih reports this line itself */
    char name[64];
    size_t n = (size_t)(q - p - 1);
    if (n >= sizeof name)
        n = sizeof name - 1;
    memcpy(name, p + 1, n);
    name[n] = '\0';
    if (strcmp(name, ld->head) == 0) {
        if (!ld->scenario_line)
            ld->scenario_line = ld->lineno;
        return;
    }
    if (strcmp(name, "foods") == 0 && !ld->foods_line)
        ld->foods_line = ld->lineno;
    if (sc_known_section(ld, name))
        return;
    const char *best = ld->head;
    for (int i = 0; i < SC_NSECTIONS; i++)
        if (sc_distance(name, sc_sections[i]) < sc_distance(name, best))
            best = sc_sections[i];
    for (const char *const *x = ld->ext ? ld->ext->sections : NULL; x && *x; x++)
        if (sc_distance(name, *x) < sc_distance(name, best))
            best = *x;
    if (sc_distance(name, best) <= 3)
        sc_fail(ld, CS_EPARSE, name, "unknown section [%s]; did you mean [%s]? allowed: %s", name,
                best, ld->allowed);
    else
        sc_fail(ld, CS_EPARSE, name, "unknown section [%s]; allowed: %s", name, ld->allowed);
}

/*
 * The ini_reader: copies the next line of the buffer into str (size num) as
 * "line\n" (a CRLF ending becomes "\n"), advances the line count and notes headers.
 * Returns str, or NULL at the end of the buffer.
 */
static char *sc_read_line(char *str, int num, void *stream)
{
    sc_loader *ld = stream;
    if (ld->pos >= ld->len || num < 2)
        return NULL;
    const char *s = ld->buf + ld->pos;
    const char *nl = memchr(s, '\n', ld->len - ld->pos);
    size_t l = nl ? (size_t)(nl - s) : ld->len - ld->pos;
    size_t body = (l > 0 && s[l - 1] == '\r') ? l - 1 : l;
    ld->pos += l + (nl ? 1 : 0);
    ld->lineno++;
    ld->line = s;
    ld->line_len = body;
    if (body + 2 > (size_t)num) { /* sc_precheck() rules this out; stay safe anyway */
        sc_fail(ld, CS_EPARSE, NULL, "line is too long (%zu bytes, at most %d)", body, num - 2);
        body = (size_t)num - 2;
    }
    memcpy(str, s, body);
    str[body] = '\n';
    str[body + 1] = '\0';
    sc_note_header(ld);
    return str;
}

/* Reports a duplicate key when *first is set, else records the current line in *first. */
static int sc_once(sc_loader *ld, int *first, const char *key)
{
    if (*first)
        return sc_fail(ld, CS_EPARSE, key,
                       "duplicate key '%s' (first given on line %d); give each key once", key,
                       *first);
    *first = ld->lineno;
    return 1;
}

/* Hands a key to the extension's handler. Returns 1, or 0 with ld->err filled. */
static int sc_on_ext(sc_loader *ld, const char *section, const char *name, const char *value)
{
    char why[sizeof ld->err.text];
    why[0] = '\0';
    int rc = ld->ext->on_pair(ld->ext->ctx, section, name, value, why, sizeof why);
    if (rc == CS_OK)
        return 1;
    return sc_fail(ld, rc, name, "%s", why[0] ? why : "not allowed here");
}

/* Handles "title" and "teaches" in [scenario]. Returns 1, or 0 with ld->err filled. */
static int sc_on_scenario_key(sc_loader *ld, const char *name, const char *value)
{
    cs_scenario *sc = ld->sc;
    char *dst;
    size_t cap;
    if (strcmp(name, "title") == 0) {
        if (!sc_once(ld, &ld->title_line, name))
            return 0;
        dst = sc->title, cap = sizeof sc->title;
    } else if (strcmp(name, "teaches") == 0) {
        if (!sc_once(ld, &ld->teaches_line, name))
            return 0;
        dst = sc->teaches, cap = sizeof sc->teaches;
    } else if (strcmp(name, "label") == 0) {
        if (!sc_once(ld, &ld->label_line, name))
            return 0;
        if (value[0] == '\0')
            return sc_fail(ld, CS_EPARSE, name,
                           "label is empty; give a short legend label (at most %zu characters) "
                           "or leave the key out",
                           sizeof sc->label - 1);
        dst = sc->label, cap = sizeof sc->label;
    } else if (ld->ext && ld->ext->on_pair) {
        return sc_on_ext(ld, ld->head, name, value);
    } else {
        return sc_fail(ld, CS_EPARSE, name,
                       "unknown key '%s' in [scenario]; allowed: title, label, teaches", name);
    }
    if (strlen(value) >= cap)
        return sc_fail(ld, CS_EPARSE, name, "%s is too long (at most %zu %s)", name, cap - 1,
                       dst == sc->label ? "characters: it is a legend label" : "bytes");
    memcpy(dst, value, strlen(value) + 1);
    return 1;
}

/*
 * Handles an indented line that libinih passes on as more of the previous key's value.
 * Only teaches may continue; the pieces are joined with one space.
 */
static int sc_on_continuation(sc_loader *ld, const char *section, const char *value)
{
    cs_scenario *sc = ld->sc;
    if (strcmp(section, ld->head) != 0 || strcmp(ld->last_key, "teaches") != 0)
        return sc_fail(ld, CS_EPARSE, ld->last_key,
                       "indented line continues the value of '%s', but only teaches may run "
                       "over several lines; remove the leading white space",
                       ld->last_key);
    /* Newer libinih strips inline comments from continuation lines, r55 does not: do it
       here, by libinih's rule (';' after white space), so every version reads the same. */
    size_t add = 0;
    for (int was_space = 0; value[add] && !(was_space && value[add] == ';'); add++)
        was_space = isspace((unsigned char)value[add]);
    while (add > 0 && isspace((unsigned char)value[add - 1]))
        add--;
    size_t have = strlen(sc->teaches), sep = have > 0 && add > 0;
    if (have + sep + add >= sizeof sc->teaches)
        return sc_fail(ld, CS_EPARSE, "teaches", "teaches is too long (at most %zu bytes)",
                       sizeof sc->teaches - 1);
    if (sep)
        sc->teaches[have++] = ' ';
    memcpy(sc->teaches + have, value, add);
    sc->teaches[have + add] = '\0';
    return 1;
}

/* Handles NAME = VALUE in [parameters]. Returns 1, or 0 with ld->err filled. */
static int sc_on_parameter(sc_loader *ld, const char *name, const char *value)
{
    int i = cs_param_find(name);
    if (i < 0)
        return sc_fail(ld, CS_EUSAGE, name,
                       "unknown parameter '%s' in [parameters]; did you mean '%s'? (all names: "
                       "docs/parameters.md)",
                       name, cs_param_suggest(name));
    if (!sc_once(ld, &ld->param_line[i], name))
        return 0;
    cs_error e;
    cs_error_clear(&e);
    int rc = cs_params_set_text(&ld->sc->params, name, value, &e);
    if (rc != CS_OK)
        return sc_fail(ld, rc, name, "%s", e.text);
    ld->sc->nset++;
    return 1;
}

/*
 * Handles FOOD = GRAMS in [foods]: the food must exist, be given once, with 0 to
 * CS_FOOD_MAX_G_PER_DAY grams, and the plate so far must keep every intake in range on top
 * of the parameters read so far. Returns 1, or 0 with ld->err filled.
 */
static int sc_on_food(sc_loader *ld, const char *name, const char *value)
{
    int i = cs_food_find(name);
    if (i < 0)
        return sc_fail(ld, CS_EUSAGE, name,
                       "unknown food '%s' in [foods]; did you mean '%s'? (all foods: "
                       "'calcsim foods', docs/foods.md)",
                       name, cs_food_suggest(name));
    if (!sc_once(ld, &ld->food_line[i], name))
        return 0;
    cs_error e;
    cs_error_clear(&e);
    int rc = cs_plate_set_text(&ld->sc->foods, name, value, &e);
    cs_params check;
    if (rc == CS_OK)
        rc = cs_plate_apply(&ld->sc->foods, &ld->sc->params, &check, &e);
    if (rc != CS_OK)
        return sc_fail(ld, rc, name, "%s", e.text);
    return 1;
}

/* The libinih handler: dispatches one NAME = VALUE (or continuation) line. */
static int sc_on_pair(void *user, const char *section, const char *name, const char *value)
{
    sc_loader *ld = user;
    int cont = ld->have_key && ld->line_len > 0 && isspace((unsigned char)ld->line[0]);
    if (!cont) {
        ld->have_key = 1;
        snprintf(ld->last_key, sizeof ld->last_key, "%s", name);
    }
    if (ld->err.code != CS_OK)
        return 0; /* the first error wins; the rest of the file is not checked */
    if (cont)
        return sc_on_continuation(ld, section, value);
    if (strcmp(section, ld->head) == 0)
        return sc_on_scenario_key(ld, name, value);
    if (strcmp(section, "parameters") == 0)
        return sc_on_parameter(ld, name, value);
    if (strcmp(section, "foods") == 0)
        return sc_on_food(ld, name, value);
    if (section[0] == '\0')
        return sc_fail(ld, CS_EPARSE, name, "'%s' comes before any section; put it under one of %s",
                       name, ld->allowed);
    if (ld->ext && ld->ext->on_pair && sc_known_section(ld, section))
        return sc_on_ext(ld, section, name, value);
    return sc_fail(ld, CS_EPARSE, name, "unknown section [%s]; allowed: %s", section, ld->allowed);
}

/*
 * Reads the file at path into a new buffer (*out, *n bytes; free() it). Returns CS_OK,
 * CS_EIO (cannot open or read, or a directory), CS_EPARSE (larger than SC_MAX_BYTES) or
 * CS_ENOMEM, with err filled.
 */
static int sc_slurp(const char *path, char **out, size_t *n, cs_error *err)
{
    /* Only a regular file is read: a FIFO without a writer would block the open forever,
     * and a device (/dev/zero) would never end. Checked before the open, and again on the
     * descriptor (opened without blocking), in case the path changed in between. */
    struct stat st;
    if (stat(path, &st) != 0)
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot open file: %s", strerror(errno));
    if (S_ISDIR(st.st_mode))
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot open file: %s", strerror(EISDIR));
    if (!S_ISREG(st.st_mode))
        return cs_error_set(err, CS_EIO, path, 0, NULL,
                            "not a regular file (a pipe, socket or device); give a scenario "
                            ".ini file");
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return cs_error_set(err, CS_EIO, path, 0, NULL, "cannot open file: %s", strerror(e));
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return cs_error_set(err, CS_EIO, path, 0, NULL,
                            "not a regular file (a pipe, socket or device); give a scenario "
                            ".ini file");
    }
    size_t cap = 4096, len = 0;
    char *buf = malloc(cap);
    int rc = CS_OK;
    while (buf) {
        len += fread(buf + len, 1, cap - len, f);
        if (len < cap)
            break;
        if (cap > (size_t)SC_MAX_BYTES) {
            rc = cs_error_set(err, CS_EPARSE, path, 0, NULL,
                              "file is larger than %ld bytes; scenario files are small INI text",
                              SC_MAX_BYTES);
            break;
        }
        char *bigger = realloc(buf, cap * 2);
        if (!bigger) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger, cap *= 2;
    }
    if (!buf)
        rc = cs_error_set(err, CS_ENOMEM, path, 0, NULL, "out of memory reading the file");
    else if (rc == CS_OK && ferror(f))
        rc = cs_error_set(err, CS_EIO, path, 0, NULL, "cannot read file: %s", strerror(errno));
    else if (rc == CS_OK && len > (size_t)SC_MAX_BYTES)
        rc = cs_error_set(err, CS_EPARSE, path, 0, NULL,
                          "file is larger than %ld bytes; scenario files are small INI text",
                          SC_MAX_BYTES);
    fclose(f);
    if (rc != CS_OK) {
        free(buf);
        return rc;
    }
    *out = buf;
    *n = len;
    return CS_OK;
}

/* Turns libinih's own error at line n (no '=' or no ']') into an error record. */
static int sc_syntax_error(sc_loader *ld, int n)
{
    const char *s = "";
    size_t len = 0;
    sc_line_at(ld->buf, ld->len, n, &s, &len);
    while (len > 0 && isspace((unsigned char)*s))
        s++, len--;
    if (len > 0 && *s == '[')
        return cs_error_set(&ld->err, CS_EPARSE, ld->path, n, NULL,
                            "section header has no closing ']'; write one of %s", ld->allowed);
    return cs_error_set(&ld->err, CS_EPARSE, ld->path, n, NULL,
                        "line has no '='; expected NAME = VALUE, a [section] header, or a "
                        "comment starting with ';' or '#'");
}

/* Checks that [scenario] gave a non-empty title and teaches. */
static int sc_check_required(sc_loader *ld)
{
    static const char *const keys[] = {"title", "teaches"};
    const int lines[] = {ld->title_line, ld->teaches_line};
    const char *values[] = {ld->sc->title, ld->sc->teaches};
    if (!ld->scenario_line)
        return cs_error_set(&ld->err, CS_EPARSE, ld->path, 0, NULL,
                            "no [%s] section; the file needs [%s] with title and teaches", ld->head,
                            ld->head);
    for (int i = 0; i < 2; i++) {
        if (!lines[i])
            return cs_error_set(&ld->err, CS_EPARSE, ld->path, ld->scenario_line, keys[i],
                                "[%s] has no %s; add %s = ...", ld->head, keys[i], keys[i]);
        if (values[i][0] == '\0')
            return cs_error_set(&ld->err, CS_EPARSE, ld->path, lines[i], keys[i],
                                "%s is empty; a scenario needs a %s", keys[i],
                                i == 0 ? "one-line title" : "paragraph on what it teaches");
    }
    return CS_OK;
}

const char *cs_scenario_label(const cs_scenario *sc)
{
    return sc->label[0] ? sc->label : sc->name;
}

/* Sets sc->name to the base name of path without a trailing ".ini". */
static void sc_set_name(cs_scenario *sc, const char *path)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (n > 4 && strcmp(base + n - 4, ".ini") == 0)
        n -= 4;
    if (n >= sizeof sc->name)
        n = sizeof sc->name - 1;
    memcpy(sc->name, base, n);
    sc->name[n] = '\0';
}

int cs_scenario_load(const char *path, cs_scenario *sc, cs_error *err)
{
    return cs_scenario_load_ext(path, sc, NULL, err);
}

int cs_scenario_load_ext(const char *path, cs_scenario *sc, const cs_scenario_ext *ext,
                         cs_error *err)
{
    if (!path || !sc)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_scenario_load: path and sc must not be NULL");
    memset(sc, 0, sizeof *sc);
    cs_params_default(&sc->params);
    if (strlen(path) >= sizeof sc->path)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "scenario path is too long (at most %zu bytes)", sizeof sc->path - 1);
    memcpy(sc->path, path, strlen(path) + 1);
    sc_set_name(sc, path);

    char *buf = NULL;
    size_t len = 0;
    int rc = sc_slurp(path, &buf, &len, err);
    if (rc != CS_OK)
        return rc;

    sc_loader *ld = calloc(1, sizeof *ld);
    if (!ld) {
        free(buf);
        return cs_error_set(err, CS_ENOMEM, path, 0, NULL, "out of memory loading the file");
    }
    ld->path = path;
    ld->sc = sc;
    ld->ext = ext;
    ld->head = ext && ext->head ? ext->head : "scenario";
    snprintf(ld->allowed, sizeof ld->allowed, "[%s], [parameters], [foods]", ld->head);
    for (const char *const *x = ext ? ext->sections : NULL; x && *x; x++) {
        size_t used = strlen(ld->allowed);
        snprintf(ld->allowed + used, sizeof ld->allowed - used, ", [%s]", *x);
    }
    ld->buf = buf;
    ld->len = len;
    cs_error_clear(&ld->err);

    rc = sc_precheck(ld);
    if (rc == CS_OK) {
        int bad = ini_parse_stream(sc_read_line, ld, sc_on_pair, ld);
        if (bad == -2)
            cs_error_set(&ld->err, CS_ENOMEM, path, 0, NULL, "out of memory parsing the file");
        else if (bad > 0 && (ld->err.code == CS_OK || bad < ld->err.line)) {
            cs_error_clear(&ld->err); /* libinih's own error comes first */
            sc_syntax_error(ld, bad);
        }
        if (ld->err.code == CS_OK)
            sc_check_required(ld);
        if (ld->err.code == CS_OK) {
            /* [parameters] may follow [foods]: check the whole plate on the final base */
            sc->base = sc->params;
            cs_error e;
            cs_error_clear(&e);
            if (cs_plate_apply(&sc->foods, &sc->base, &sc->params, &e) != CS_OK)
                cs_error_set(&ld->err, e.code, path, ld->foods_line, e.key, "%s", e.text);
        }
        rc = ld->err.code;
    }
    if (rc != CS_OK && err && err->code == CS_OK)
        *err = ld->err;
    free(ld);
    free(buf);
    return rc;
}

int cs_scenario_set(cs_scenario *sc, const char *name, const char *text, cs_error *err)
{
    if (!sc || !name)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_scenario_set: sc and name must not be NULL");
    cs_params base = sc->base, params;
    cs_plate foods = sc->foods;
    int rc = strncmp(name, "food.", 5) == 0 ? cs_plate_set_text(&foods, name + 5, text, err)
                                            : cs_params_set_text(&base, name, text, err);
    if (rc == CS_OK)
        rc = cs_plate_apply(&foods, &base, &params, err);
    if (rc != CS_OK)
        return rc;
    sc->base = base;
    sc->foods = foods;
    sc->params = params;
    return CS_OK;
}

/* Collects names for the "known: ..." list and the closest match to want. */
typedef struct {
    const char *want; /* the name asked for */
    char known[512];  /* "a, b, c" (cut short with "..." when full) */
    char best[128];   /* the closest name so far */
    size_t best_d;    /* its distance */
} sc_known;

static void sc_collect(void *ctx, const char *name, const char *path)
{
    sc_known *k = ctx;
    size_t used = strlen(k->known);
    (void)path;
    if (used + strlen(name) + 6 < sizeof k->known)
        snprintf(k->known + used, sizeof k->known - used, "%s%s", used ? ", " : "", name);
    else if (used + 5 < sizeof k->known && strcmp(k->known + used - 3, "...") != 0)
        snprintf(k->known + used, sizeof k->known - used, ", ...");
    size_t d = sc_distance(k->want, name);
    if (!k->best[0] || d < k->best_d) {
        snprintf(k->best, sizeof k->best, "%s", name);
        k->best_d = d;
    }
}

int cs_scenario_resolve(const char *name, const char *dir, char *out, unsigned long n,
                        cs_error *err)
{
    return cs_scenario_resolve_kind(name, dir, "scenario", out, n, err);
}

int cs_scenario_resolve_kind(const char *name, const char *dir, const char *kind, char *out,
                             unsigned long n, cs_error *err)
{
    if (!name || !out || n == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "cs_scenario_resolve: name and out must not be NULL");
    if (!name[0])
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "empty %s name; give a %s name or a path to a .ini file", kind, kind);
    size_t len = strlen(name);
    int is_path = strchr(name, '/') != NULL || (len >= 4 && strcmp(name + len - 4, ".ini") == 0);
    int need;
    if (is_path)
        need = snprintf(out, n, "%s", name);
    else if (!dir)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "no %s folder to look up '%s' in; give a path to a .ini file", kind,
                            name);
    else
        need = snprintf(out, n, "%s/%s.ini", dir, name);
    if (need < 0 || (unsigned long)need >= n)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "%s path for '%s' is too long (at most %lu bytes)", kind, name, n - 1);
    if (is_path)
        return CS_OK;
    struct stat st;
    if (stat(out, &st) == 0 && S_ISREG(st.st_mode))
        return CS_OK;

    sc_known k;
    memset(&k, 0, sizeof k);
    k.want = name;
    cs_error lerr;
    cs_error_clear(&lerr);
    int count = cs_scenario_list(dir, sc_collect, &k, &lerr);
    out[0] = '\0';
    if (count < 0) /* the folder's error names it: "FOLDER: cannot read scenario folder" */
        return cs_error_set(err, count, NULL, 0, NULL, "unknown %s '%s': %s%s%s", kind, name,
                            lerr.file, lerr.file[0] ? ": " : "", lerr.text);
    if (count == 0)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                            "unknown %s '%s'; %s holds no %s files (*.ini)", kind, name, dir, kind);
    return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL,
                        "unknown %s '%s'; did you mean '%s'? known: %s", kind, name, k.best,
                        k.known);
}

static int sc_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Returns a new "dir/name.ini" (free() it), or NULL when out of memory. */
static char *sc_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 6;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s.ini", dir, name);
    return p;
}

/* Doubles the capacity of the name array *names (*cap entries). Returns CS_OK or CS_ENOMEM. */
static int sc_grow(char ***names, size_t *cap)
{
    size_t ncap = *cap ? *cap * 2 : 32;
    char **bigger = realloc(*names, ncap * sizeof *bigger);
    if (!bigger)
        return CS_ENOMEM;
    *names = bigger;
    *cap = ncap;
    return CS_OK;
}

int cs_scenario_list(const char *dir, void (*fn)(void *ctx, const char *name, const char *path),
                     void *ctx, cs_error *err)
{
    if (!dir)
        return cs_error_set(err, CS_EUSAGE, NULL, 0, NULL, "cs_scenario_list: dir is NULL");
    DIR *d = opendir(dir);
    if (!d)
        return cs_error_set(err, CS_EIO, dir, 0, NULL, "cannot read scenario folder: %s",
                            strerror(errno));
    char **names = NULL;
    size_t count = 0, cap = 0;
    int rc = CS_OK;
    struct dirent *de;
    errno = 0;
    while (rc == CS_OK && (de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len <= 4 || strcmp(de->d_name + len - 4, ".ini") != 0)
            continue;
        char *name = malloc(len - 3);
        if (!name || (count == cap && sc_grow(&names, &cap) != CS_OK)) {
            free(name);
            rc = CS_ENOMEM;
            break;
        }
        memcpy(name, de->d_name, len - 4);
        name[len - 4] = '\0';
        char *path = sc_join(dir, name);
        struct stat st;
        if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
            names[count++] = name; /* skip folders and dangling links called *.ini */
        else
            free(name);
        if (!path)
            rc = CS_ENOMEM;
        free(path);
        errno = 0;
    }
    if (rc == CS_OK && errno != 0)
        rc = cs_error_set(err, CS_EIO, dir, 0, NULL, "cannot read scenario folder: %s",
                          strerror(errno));
    closedir(d);
    if (rc == CS_ENOMEM)
        cs_error_set(err, CS_ENOMEM, dir, 0, NULL, "out of memory listing scenarios");
    if (rc == CS_OK) {
        if (count > 1) /* qsort(NULL, 0, ...) is undefined behaviour */
            qsort(names, count, sizeof *names, sc_cmp);
        for (size_t i = 0; i < count && fn; i++) {
            char *path = sc_join(dir, names[i]);
            if (!path) {
                rc = cs_error_set(err, CS_ENOMEM, dir, 0, NULL, "out of memory listing scenarios");
                break;
            }
            fn(ctx, names[i], path);
            free(path);
        }
    }
    for (size_t i = 0; i < count; i++)
        free(names[i]);
    free(names);
    return rc != CS_OK ? rc : (int)count;
}
