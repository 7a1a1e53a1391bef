/* meta_json.c - see meta_json.h. */
#include "meta_json.h"

#include <errno.h>
#include <math.h>
#include <string.h>

/* Returns the length (2-4) of the valid UTF-8 sequence at s, or 0 when it is not one. */
static int utf8_length(const unsigned char *s)
{
    int n = s[0] >= 0xC2 && s[0] <= 0xDF   ? 2
            : s[0] >= 0xE0 && s[0] <= 0xEF ? 3
            : s[0] >= 0xF0 && s[0] <= 0xF4 ? 4
                                           : 0;
    for (int i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] > 0x9F) ||
        (s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] > 0x8F))
        return 0; /* overlong, a surrogate, or beyond U+10FFFF */
    return n;
}

void cli_json_string(FILE *f, const char *s)
{
    if (!s) {
        fputs("null", f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80) {
            int n = utf8_length((const unsigned char *)s);
            if (n == 0) {
                fputs("\\ufffd", f); /* not UTF-8 (a file name in another encoding) */
            } else {
                fwrite(s, 1, (size_t)n, f);
                s += n - 1;
            }
        } else if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20 || c == 0x7f)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

void cli_json_number(FILE *f, double v)
{
    if (isfinite(v))
        fprintf(f, "%.10g", v);
    else
        fputs("null", f);
}

void cli_json_head(FILE *f, const char *kind, const char *scenario_name, const char *scenario_title,
                   const char *scenario_path, const char *command)
{
    fputs("{\n  \"calcsim\": ", f);
    cli_json_string(f, cs_version());
    fputs(",\n  \"disclaimer\": ", f);
    cli_json_string(f, CS_OUTPUT_DISCLAIMER);
    fputs(",\n  \"kind\": ", f);
    cli_json_string(f, kind);
    fputs(",\n  \"scenario\": {\"name\": ", f);
    cli_json_string(f, scenario_name);
    fputs(", \"title\": ", f);
    cli_json_string(f, scenario_title);
    fputs(", \"file\": ", f);
    cli_json_string(f, scenario_path);
    fputs("},\n  \"command\": ", f);
    cli_json_string(f, command);
    fputs(",\n", f);
}

void cli_json_parameters(FILE *f, const cs_params *p, const char *const *origin)
{
    fputs("  \"parameters\": {", f);
    for (int i = 0; i < cs_param_count(); i++) {
        const cs_param_info *in = cs_param_info_at(i);
        fputs(i ? ",\n    " : "\n    ", f);
        cli_json_string(f, in->name);
        fputs(": {\"value\": ", f);
        cli_json_number(f, p->v[i]);
        fputs(", \"unit\": ", f);
        cli_json_string(f, in->unit);
        fputs(", \"origin\": ", f);
        cli_json_string(f, origin && origin[i] ? origin[i] : "default");
        fputc('}', f);
    }
    fputs("\n  }", f);
}

void cli_json_field(FILE *f, const char *key, double v)
{
    fputs(", ", f);
    cli_json_string(f, key);
    fputs(": ", f);
    cli_json_number(f, v);
}

void cli_json_column(FILE *f, const char *name, const char *unit, const char *desc)
{
    cli_json_string(f, name);
    fputs(": {\"unit\": ", f);
    cli_json_string(f, unit);
    fputs(", \"description\": ", f);
    cli_json_string(f, desc);
    fputc('}', f);
}

void cli_json_intake(FILE *f, const cs_params *p)
{
    char text[400];
    cs_d3_totals d = cs_params_d3_totals(p);
    cs_params_d3_describe(p, text, sizeof text);
    fputs("  \"vitamin_d3_in\": {\"unit\": \"IU/day\"", f);
    cli_json_field(f, "total", d.total_iu);
    cli_json_field(f, "diet", d.diet_iu);
    cli_json_field(f, "skin", d.skin_iu);
    cli_json_field(f, "supplement", d.supplement_iu);
    fputs(", \"text\": ", f);
    cli_json_string(f, text);
    cs_vitk_totals k = cs_params_vitk_totals(p);
    cs_params_vitk_describe(p, text, sizeof text);
    fputs("},\n  \"vitamin_k_in\": {\"unit\": \"ug/day\"", f);
    cli_json_field(f, "total", k.total_ug);
    cli_json_field(f, "k1", k.k1_ug);
    cli_json_field(f, "mk4", k.mk4_ug);
    cli_json_field(f, "mk7", k.mk7_ug);
    cli_json_field(f, "diet", k.diet_ug);
    cli_json_field(f, "supplement", k.supplement_ug);
    fputs(", \"text\": ", f);
    cli_json_string(f, text);
    cs_supplement_schedule s = cs_params_supplement_schedule(p);
    fputs("},\n  \"supplement_schedule\": {\"interval_days\": ", f);
    cli_json_number(f, s.interval_days);
    cli_json_field(f, "start_day", s.start_day);
    cli_json_field(f, "stop_day", s.stop_day);
    fprintf(f, ", \"daily\": %s, \"whole_run\": %s}", s.daily ? "true" : "false",
            s.whole_run ? "true" : "false");
}

int cli_json_run_meta(FILE *f, const cs_output_meta *m, const char *csv_path, int comments,
                      cs_error *err)
{
    errno = 0;
    cli_json_head(f, "run", m->scenario_name, m->scenario_title, m->scenario_path, m->command);
    fputs("  \"csv\": {\"file\": ", f);
    cli_json_string(f, csv_path);
    fprintf(f, ", \"comment_lines\": %s},\n", comments ? "true" : "false");
    cli_json_parameters(f, m->params, m->param_origin);
    fputs(",\n  \"foods\": {", f);
    for (int i = 0, n = 0; m->foods && i < cs_food_count(); i++)
        if (m->foods->g[i] > 0) {
            fputs(n++ ? ", " : "", f);
            cli_json_string(f, cs_food_info_at(i)->name);
            fputs(": ", f);
            cli_json_number(f, m->foods->g[i]);
        }
    fputs("},\n  \"foods_unit\": \"g/day\",\n", f);
    cli_json_intake(f, m->params);
    const cs_solver_settings *s = &m->solver;
    fputs(",\n  \"solver\": {\"method\": ", f);
    cli_json_string(f, s->method ? s->method : "unknown");
    fputs(", \"rtol\": ", f);
    cli_json_number(f, s->rtol);
    fputs(", \"atol_scale\": ", f);
    cli_json_number(f, s->atol_scale);
    fputs(", \"hmin\": ", f);
    cli_json_number(f, s->hmin);
    fprintf(f, ", \"nmax\": %lu},\n", s->nmax);
    fprintf(f,
            "  \"solver_statistics\": {\"steps\": %lu, \"rhs_evals\": %lu, \"jac_evals\": %lu, "
            "\"doses\": %lu},\n",
            m->stats.steps, m->stats.rhs_evals, m->stats.jac_evals, m->stats.doses);
    fputs("  \"plausibility\": ", f);
    if (!m->plausibility) {
        fputs("null", f);
    } else if (cs_plausibility_failed(m->plausibility)) {
        char reason[256], text[300];
        snprintf(text, sizeof text, "implausible: %s",
                 cs_plausibility_reason(m->plausibility, reason, sizeof reason));
        cli_json_string(f, text);
    } else {
        cli_json_string(f, "ok");
    }
    fputs(",\n  \"columns\": {", f);
    for (int i = 0; i < CS_NOUTPUT; i++) {
        const cs_output_info *o = cs_output_info_at(i);
        fputs(i ? ",\n    " : "\n    ", f);
        cli_json_column(f, o->name, o->unit, o->desc);
    }
    fputs("\n  }\n}\n", f);
    if (ferror(f))
        return cs_error_set(err, CS_EIO, NULL, 0, NULL, "cannot write the metadata: %s",
                            errno ? strerror(errno) : "write error");
    return CS_OK;
}
