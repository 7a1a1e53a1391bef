# plots/dashboard.gp - a calcsim figure: panels of time series that share one time axis,
# with one or more scenarios overlaid in every panel.
#
# Educational toy model - not medical advice.
#
# Usage (every argument is a file name):
#
#   gnuplot -c plots/dashboard.gp DATA.csv OUT [DATA2.csv ... DATA8.csv]
#
#   DATA.csv  a CSV written by `calcsim run` (or left by `calcsim plot --keep`). Further
#             CSVs are overlaid, one colour and dash pattern each, up to 8 in all (gnuplot
#             passes at most 9 arguments to a script).
#   OUT       NAME.png (1600x1000), NAME.svg, NAME.pdf, or - for a text drawing on the
#             terminal. The file is complete when gnuplot exits.
#
# Optional variables, set before the script runs: on the command line with -e (before -c),
#   gnuplot -e 'panels = "vessel mgp"' -c plots/dashboard.gp a.csv out.png b.csv
# or in a driver script that `call`s this one (`calcsim plot --keep DIR` writes one):
#
#   panels        the panels, in order, separated by spaces (default: blood bone vessel
#                 carboxylation). plots/panels.gp lists the names and defines each panel.
#   titles        the legend, one quoted title per CSV: '"With K2" "Without K2"'
#                 (default: the scenario title from each CSV's "# scenario:" line)
#   names         shorter names for the same runs, for the note on coinciding lines
#                 (default: the titles; calcsim passes the labels without the intakes)
#   figure_title  the heading (default: the scenario's title with one CSV, none with more)
#   figure_subtitle  a line under the heading (calcsim: the total vitamin D3 and K inputs
#                 of a single run)
#   figure_note   a small note at the bottom left (calcsim puts its version and options)
#   cs_diff_COLUMN_J_I   the largest difference of run J from run I in that column, where
#                 it is small (calcsim writes these): where it is less than a line's width
#                 on a panel's axis, run I is drawn wider underneath and a note names them
#   xunit         "years", "days" or "hours" (default: hours for runs shorter than 2 days,
#                 days for runs shorter than 0.1 year, else years)
#   cs_format, cs_term_size, cs_size, cs_font_pt, cs_line_px, cs_palette   see plots/style.gp
#
# The text drawing (OUT "-") is exactly cs_term_size (default 80 x 24 characters). It draws
# the panels that fit, in order (a panel needs about 48 columns and 13 lines), and says at
# the bottom which ones it left out.
#
# How to read the figure: every panel has the same time axis (x) and its own quantity (y,
# with its unit in brackets). With one CSV, panels with several quantities give each its
# own colour. With several CSVs, each scenario has its own colour and dash pattern (legend
# at the top), and quantities that share a panel are told apart by markers (legend in the
# panel).
#
# Columns are chosen by their header names (t_years, vessel_ca_mg, ...: docs/cli.md), never
# by position, and lines starting with # are skipped, so CSVs from later calcsim versions,
# which may add columns, still plot.

if (ARGC < 2) {
    exit error "usage: gnuplot -c dashboard.gp DATA.csv OUT [DATA2.csv ... DATA8.csv] (OUT: .png, .svg, .pdf or -)"
}

# The folder of this script, so that style.gp and panels.gp are found from anywhere.
cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq "/" ? i : cs_lastslash(s, i - 1)
cs_dirname(p) = p[1:cs_lastslash(p, strlen(p))]
cs_dir = cs_dirname(ARG0)

# ---- arguments -----------------------------------------------------------------------
array cs_files[8]
cs_nf = 1
cs_files[1] = ARG1
cs_out = ARG2
do for [a = 3:ARGC] {
    cs_nf = cs_nf + 1
    cs_files[cs_nf] = value("ARG" . a)
}

load cs_dir . "panels.gp"
if (!exists("panels")) panels = cs_default_panels
if (!exists("figure_note")) figure_note = ""
if (!exists("figure_subtitle")) figure_subtitle = ""
cs_np = words(panels)
if (cs_np < 1) { exit error "dashboard.gp: 'panels' names no panel" }
do for [p = 1:cs_np] {
    if (!exists("panel_" . word(panels, p) . "_columns")) {
        exit error sprintf("dashboard.gp: unknown panel '%s'; panels: %s", word(panels, p), cs_panel_names)
    }
}
# A panel's optional variable, or a default.
cs_opt(p, what, default) = exists("panel_" . p . "_" . what) ? value("panel_" . p . "_" . what) : default

# The grid: panels fill it column by column, and each column has the time axis at its
# foot. More than two rows make the canvas taller (style.gp reads cs_rows).
cs_ncol = cs_np <= 3 ? 1 : cs_np <= 8 ? 2 : 3
cs_rows = int(ceil(cs_np / (cs_ncol * 1.0)))
# The text drawing keeps to its size: as many panels as fit, the others named at the foot.
cs_text = (exists("cs_format") ? cs_format eq "dumb" : 0) || cs_out eq "-" || cs_out eq ""
if (cs_text) {
    if (!exists("cs_term_size")) { cs_term_size = "80 24" }
    cs_term_exact = 1
    cs_tw = int(word(cs_term_size, 1)); cs_th = int(word(cs_term_size, 2))
    cs_tw = cs_tw < 40 ? 40 : cs_tw; cs_th = cs_th < 12 ? 12 : cs_th
    # Lines besides the panels: title, legend (about 45 characters an entry), foot.
    cs_tkey = cs_nf > 1 ? int(ceil(cs_nf / (1.0 * (int(cs_tw / 45) < 1 ? 1 : int(cs_tw / 45))))) : 0
    cs_tfixed = 2 + (cs_nf == 1 || exists("figure_title") ? 2 : 0) + cs_tkey + 4
    cs_fitc = int(cs_tw / 48) < 1 ? 1 : int(cs_tw / 48)
    cs_fitr = int((cs_th - cs_tfixed) / 13) < 1 ? 1 : int((cs_th - cs_tfixed) / 13)
    if (cs_np > cs_fitc * cs_fitr) {
        cs_shown = ""
        cs_hidden = ""
        do for [p = 1:cs_np] {
            if (p <= cs_fitc * cs_fitr) {
                cs_shown = cs_shown . " " . word(panels, p)
            } else {
                cs_hidden = cs_hidden . " " . word(panels, p)
            }
        }
        panels = cs_shown[2:]
        cs_np = words(panels)
        figure_note = sprintf("not shown at %dx%d:%s (--panels, --size)", cs_tw, cs_th, cs_hidden)
    }
    cs_ncol = cs_np < cs_fitc ? cs_np : cs_fitc
    cs_rows = int(ceil(cs_np / (cs_ncol * 1.0)))
}
load cs_dir . "style.gp"

# ---- what the CSVs hold ------------------------------------------------------------------
# The legend title of each CSV: `titles` if given, else the "# scenario: NAME (TITLE)"
# comment line, else the file name. Comment lines are read as plain text for this.
array cs_title[8]
array cs_short[8]
array cs_nrec[8]
cs_span = 0
cs_longest = 0
do for [i = 1:cs_nf] {
    cs_t = ""
    set datafile commentschars ""
    set datafile separator "\t"
    stats cs_files[i] every ::0::40 using \
        (cs_s = strcol(1), (strstrt(cs_s, "# scenario: ") == 1 ? cs_t = cs_s[13:] : 0), 0) nooutput
    set datafile commentschars "#"
    set datafile separator comma
    cs_paren = strstrt(cs_t, " (")
    cs_t = cs_paren > 0 && cs_t[strlen(cs_t):] eq ")" ? cs_t[cs_paren + 2:strlen(cs_t) - 1] : cs_t
    cs_title[i] = cs_t ne "" ? cs_t : cs_files[i][cs_lastslash(cs_files[i], strlen(cs_files[i])) + 1:]
    if (exists("titles")) { if (words(titles) >= i) { cs_title[i] = word(titles, i) } }
    cs_short[i] = cs_title[i]
    if (exists("names")) { if (words(names) >= i) { cs_short[i] = word(names, i) } }
    cs_longest = strlen(cs_title[i]) > cs_longest ? strlen(cs_title[i]) : cs_longest
    stats [*:*][*:*] cs_files[i] using (column("t_days")) nooutput
    cs_nrec[i] = STATS_records
    cs_span = STATS_max > cs_span ? STATS_max : cs_span
}
if (!exists("figure_title")) figure_title = cs_nf == 1 ? cs_title[1] : ""
if (cs_is_text) {
    # One line each in the text drawing; the foot keeps room for the disclaimer.
    cs_fit(t, n) = strlen(t) > n ? t[1:n - 3] . "..." : t
    figure_title = cs_fit(figure_title, cs_w - 2)
    figure_subtitle = cs_fit(figure_subtitle, cs_w - 2)
    figure_note = cs_fit(figure_note, cs_w - 2)
}

# The time axis: one unit for the whole figure, chosen from the longest run.
if (!exists("xunit")) xunit = cs_span < 2 ? "hours" : cs_span < 36.525 ? "days" : "years"
if (xunit eq "hours") { cs_xcol = "t_days"; cs_xscale = 24 }
if (xunit eq "days") { cs_xcol = "t_days"; cs_xscale = 1 }
if (xunit eq "years") { cs_xcol = "t_years"; cs_xscale = 1 }
if (!exists("cs_xcol")) { exit error "dashboard.gp: xunit must be years, days or hours" }
cs_xmax = xunit eq "years" ? cs_span / 365.25 : cs_span * cs_xscale
cs_x(dummy) = column(cs_xcol) * cs_xscale
# Markers: about 8 per curve, shifted for each quantity k so they do not sit on each other.
cs_every(i) = cs_nrec[i] > 16 ? cs_nrec[i] / 8 : 1
cs_marked(i, k) = int(column(0)) % cs_every(i) == ((k - 1) * cs_every(i) / cs_nc + cs_every(i) / 2) % cs_every(i)

# A "nice" tick step (1, 2, 2.5 or 5 times a power of ten) of at least x.
cs_nice(x) = (cs_e10 = 10.0 ** floor(log10(x)), cs_f = x / cs_e10, \
              (cs_f <= 1 ? 1 : cs_f <= 2 ? 2 : cs_f <= 2.5 ? 2.5 : cs_f <= 5 ? 5 : 10) * cs_e10)

# ---- layout ------------------------------------------------------------------------------
# All sizes are fractions of the canvas, computed from the size of a line of text (cs_line)
# and of a character (cs_char), so the layout holds on every terminal.
cs_multi = cs_nf > 1
# Left of each panel: tick labels of up to 5 digits (0.64 em each), the ticks, the y label.
cs_left = cs_is_text ? 8 * cs_char : 5.6 * cs_em / cs_w
# Panels whose y axis does not start at zero get the change over the run of each line in
# their right margin (not on the text drawing), so a small change on a magnified axis is
# not read as a large one. Which panels: one quantity, no log axis and no fixed bottom.
cs_pct_any = 0
do for [p = 1:cs_np] {
    cs_pn = word(panels, p)
    if (!cs_is_text && words(value("panel_" . cs_pn . "_columns")) == 1 && !cs_opt(cs_pn, "log", 0) \
        && !exists("panel_" . cs_pn . "_ymin")) { cs_pct_any = 1 }
}
cs_pctw = 8 * cs_char                         # "-0.49 %" in the small font, and a space
cs_right = cs_pct_any ? cs_pctw : 2.5 * cs_char
cs_gapc = 3 * cs_char + (cs_pct_any ? cs_pctw : 0)   # between columns, besides the y labels
cs_pw = (1 - cs_ncol * cs_left - (cs_ncol - 1) * cs_gapc - cs_right) / cs_ncol
# The scenario legend, at the top: as many columns of titles as fit across the figure.
cs_keycols = int((1 - cs_left - cs_right) / ((cs_longest + 9) * cs_keychar))
cs_keycols = cs_keycols < 1 ? 1 : cs_keycols > cs_nf ? cs_nf : cs_keycols
cs_keyrows = cs_multi ? int(ceil(cs_nf / (cs_keycols * 1.0))) : 0
# The legend of a panel with several columns sits under its heading, in as many columns
# as fit the panel's width (gnuplot spaces them by the terminal's character width).
array cs_pkcols[cs_np]
array cs_pklong[cs_np]
cs_pkrows = 0
do for [p = 1:cs_np] {
    cs_labels = cs_opt(word(panels, p), "labels", "")
    cs_n = words(value("panel_" . word(panels, p) . "_columns"))
    cs_longlab = 0
    do for [k = 1:words(cs_labels)] {
        cs_longlab = strlen(word(cs_labels, k)) > cs_longlab ? strlen(word(cs_labels, k)) : cs_longlab
    }
    cs_pklong[p] = cs_longlab
    cs_pkcols[p] = int(cs_pw / ((cs_longlab + 4) * cs_keychar))
    cs_pkcols[p] = cs_pkcols[p] < 1 ? 1 : cs_pkcols[p] > cs_n ? cs_n : cs_pkcols[p]
    cs_rows_p = cs_n > 1 ? int(ceil(cs_n / (cs_pkcols[p] * 1.0))) : 0
    cs_pkrows = cs_rows_p > cs_pkrows ? cs_rows_p : cs_pkrows
}
cs_kline = cs_is_text ? cs_line : 1.05 * cs_line   # a line of a panel legend (small font)
cs_head = 2.0 * cs_line + cs_pkrows * cs_kline     # a panel heading and its legend
cs_gapr = cs_head + 0.8 * cs_line                 # between rows
cs_top = 1 - 0.3 * cs_line
cs_title_y = cs_top - 0.7 * cs_line
cs_top = figure_title ne "" ? cs_top - 1.8 * cs_line : cs_top
cs_sub_y = cs_top + 0.1 * cs_line
cs_top = figure_subtitle ne "" ? cs_top - 1.1 * cs_line : cs_top
cs_key_y = cs_top
cs_top = cs_top - cs_keyrows * 1.2 * cs_line - (cs_multi ? 0.3 * cs_line : 0)
cs_bottom = 4.3 * cs_line                     # x tick labels, x label, notes

# The y range of each panel: the data of every CSV, widened to panel_NAME_ycover, with the
# fixed ends the panel asks for (the panel loop rounds it to whole ticks).
array cs_plo[cs_np]
array cs_phi[cs_np]
do for [p = 1:cs_np] {
    cs_pn = word(panels, p)
    cs_pcols = value("panel_" . cs_pn . "_columns")
    cs_lo = 1e300; cs_hi = -1e300
    do for [i = 1:cs_nf] {
        do for [k = 1:words(cs_pcols)] {
            stats [*:*][*:*] cs_files[i] using (column(word(cs_pcols, k)) * cs_opt(cs_pn, "scale", 1)) nooutput
            cs_lo = STATS_min < cs_lo ? STATS_min : cs_lo
            cs_hi = STATS_max > cs_hi ? STATS_max : cs_hi
        }
    }
    cs_cover = cs_opt(cs_pn, "ycover", "")
    if (cs_cover ne "") {
        cs_lo = real(word(cs_cover, 1)) < cs_lo ? real(word(cs_cover, 1)) : cs_lo
        cs_hi = real(word(cs_cover, 2)) > cs_hi ? real(word(cs_cover, 2)) : cs_hi
    }
    cs_plo[p] = exists("panel_" . cs_pn . "_ymin") ? value("panel_" . cs_pn . "_ymin") : cs_lo
    cs_phi[p] = exists("panel_" . cs_pn . "_ymax") ? value("panel_" . cs_pn . "_ymax") : cs_hi
}

# Lines that coincide. calcsim sets cs_diff_COLUMN_J_I, the largest difference of run J
# from run I where it is small. Where it is less than a line's width on a panel's axis (a
# character row on the text drawing), run J lies on run I there: run I is drawn wider
# underneath (cs_widep), and a note under the legend says which run lies on which, where.
cs_ph_est = (cs_top - cs_head - cs_bottom - (cs_rows - 1) * cs_gapr) / cs_rows
# (A line is cs_lw pixels of the PNG, whose canvas is cs_size_h pixels high for two rows,
# in every format, so all three decide alike.)
cs_same_share = cs_is_text ? 1.0 / (cs_ph_est * cs_h) : \
                1.2 * cs_lw * cs_zoom / (cs_ph_est * cs_size_h * cs_hscale)
cs_same_share = cs_same_share < 0.004 ? 0.004 : cs_same_share
array cs_widep[cs_np * 8]
do for [q = 1:cs_np * 8] { cs_widep[q] = 1 }
array cs_jiw[64]
do for [q = 1:64] { cs_jiw[q] = "" }
do for [j = 2:cs_nf] {
    do for [p = 1:cs_np] {
        cs_pn = word(panels, p)
        cs_pcols = value("panel_" . cs_pn . "_columns")
        cs_found = 0
        do for [i = 1:j - 1] {
            do for [k = 1:words(cs_pcols)] {
                cs_sv = sprintf("cs_diff_%s_%d_%d", word(cs_pcols, k), j, i)
                if (!cs_found && !cs_opt(cs_pn, "log", 0) && exists(cs_sv)) {
                    if (value(cs_sv) * cs_opt(cs_pn, "scale", 1) <= cs_same_share * (cs_phi[p] - cs_plo[p])) {
                        cs_found = i
                    }
                }
            }
        }
        if (cs_found) {
            cs_widep[(p - 1) * 8 + cs_found] = 2.6
            cs_q = (j - 1) * 8 + cs_found
            cs_jiw[cs_q] = cs_jiw[cs_q] . (cs_jiw[cs_q] eq "" ? "" : ", ") . cs_pn
        }
    }
}
# The note: runs that lie on the same run in the same panels are named together, and the
# parts share a line while it fits; at most 3 lines (the last ends in "..." when more).
array cs_note[3]
do for [q = 1:3] { cs_note[q] = "" }
cs_same_lines = 0
cs_cur = ""
cs_more = 0
do for [i = 1:cs_nf - 1] {
    do for [j = i + 1:cs_nf] {
        cs_where = cs_jiw[(j - 1) * 8 + i]
        if (cs_where ne "") {
            cs_who = cs_short[j]
            cs_n = 1
            do for [m = j + 1:cs_nf] {
                if (cs_jiw[(m - 1) * 8 + i] eq cs_where) {
                    cs_who = cs_who . ", " . cs_short[m]; cs_n = cs_n + 1; cs_jiw[(m - 1) * 8 + i] = ""
                }
            }
            cs_part = sprintf("%s %s on %s (%s)", cs_who, cs_n > 1 ? "lie" : "lies", cs_short[i], cs_where)
            cs_try = cs_cur eq "" ? (cs_same_lines == 0 ? "Drawn wider underneath: " : "and: ") . cs_part : \
                     cs_cur . "; " . cs_part
            if (cs_same_lines == 3) {
                cs_more = 1
            } else {
                if (cs_cur eq "" || strlen(cs_try) * (cs_is_text ? cs_char : 0.75 * cs_char) <= 1 - cs_left - cs_right) {
                    cs_cur = cs_try
                } else {
                    cs_same_lines = cs_same_lines + 1
                    cs_note[cs_same_lines] = cs_cur
                    cs_cur = cs_same_lines < 3 ? "and: " . cs_part : ""
                    cs_more = cs_same_lines == 3
                }
            }
        }
    }
}
if (cs_cur ne "" && cs_same_lines < 3) {
    cs_same_lines = cs_same_lines + 1
    cs_note[cs_same_lines] = cs_cur
}
if (cs_more) { cs_note[cs_same_lines] = cs_note[cs_same_lines] . "; ..." }
if (cs_is_text) { do for [q = 1:cs_same_lines] { cs_note[q] = cs_fit(cs_note[q], cs_w - 2) } }

cs_same_y = cs_top - 0.2 * cs_line
cs_top = cs_top - cs_same_lines * (cs_is_text ? 1 : 0.95) * cs_line
cs_top = cs_top - cs_head
cs_ph = (cs_top - cs_bottom - (cs_rows - 1) * cs_gapr) / cs_rows
cs_maxticks = floor(cs_ph / (1.5 * cs_line))
cs_maxticks = cs_maxticks < 2 ? 2 : cs_maxticks

# ---- drawing -----------------------------------------------------------------------------
set multiplot
eval cs_disclaimer_label
# (On the text drawing the note has the line above the disclaimer to itself.)
set label 991 figure_note at screen cs_char, screen (cs_is_text ? 1.45 : 0.45) * cs_line left \
    font cs_font_small textcolor rgb cs_note_color front
if (figure_title ne "") {
    # A long title gets a smaller font, so that it fits across the figure (bold characters
    # are about 0.6 em wide).
    cs_need = strlen(figure_title) * 0.6 * cs_em * 1.3 / cs_w
    if (!cs_is_text && cs_need > 0.96) {
        cs_font_title = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.3 * 0.96 / cs_need)
    }
    set label 992 figure_title at screen 0.5, screen cs_title_y center font cs_font_title front
}
if (figure_subtitle ne "") {
    # A subtitle wider than the figure gets a smaller font.
    cs_need = strlen(figure_subtitle) * 0.51 * cs_em * 0.75 / cs_w
    cs_font_sub = !cs_is_text && cs_need > 0.96 ? \
                  sprintf("%s,%g", cs_fontname, cs_fs * 0.75 * 0.96 / cs_need) : cs_font_small
    set label 993 figure_subtitle at screen 0.5, screen cs_sub_y center font cs_font_sub \
        textcolor rgb cs_note_color front
}
set xrange [0:cs_xmax]
set offsets 0, 0, 0, 0
unset title

do for [p = 1:cs_np] {
    cs_name = word(panels, p)
    cs_cols = value("panel_" . cs_name . "_columns")
    cs_nc = words(cs_cols)
    cs_labels = cs_opt(cs_name, "labels", "")
    cs_scale = cs_opt(cs_name, "scale", 1)
    cs_band = cs_opt(cs_name, "band", "")
    cs_c = int((p - 1) / cs_rows)
    cs_r = (p - 1) % cs_rows
    cs_x0 = cs_c * (cs_left + cs_pw + cs_gapc) + cs_left
    cs_y1 = cs_top - cs_r * (cs_ph + cs_gapr)
    set lmargin at screen cs_x0
    set rmargin at screen cs_x0 + cs_pw
    set tmargin at screen cs_y1
    set bmargin at screen cs_y1 - cs_ph

    # The dumb terminal cannot turn text: there the y label follows the heading.
    cs_heading = value("panel_" . cs_name . "_heading")
    # (Where the panel is narrow, the heading is shortened, never the quantity and unit.)
    cs_ylab = value("panel_" . cs_name . "_ylabel")
    cs_room = int(((cs_c < cs_ncol - 1) ? cs_pw + cs_gapc + cs_left : cs_pw + cs_right) * cs_w) - 1
    cs_heading = cs_is_text ? cs_fit(cs_heading, cs_room - strlen(cs_ylab) - 3) . " - " . cs_ylab : cs_heading
    # A heading wider than its panel gets a smaller font (bold: about 0.6 em a character).
    cs_need = strlen(cs_heading) * 0.6 * cs_em * 1.05 / cs_w
    cs_hfont = !cs_is_text && cs_need > cs_pw ? \
               sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.05 * cs_pw / cs_need) : cs_font_heading
    set label 5 cs_heading at screen cs_x0, screen cs_y1 + cs_head - 0.6 * cs_line \
        left font cs_hfont front
    # The y label is a turned label at a fixed place, so that the labels of a column line up
    # whatever the width of their tick labels.
    unset ylabel
    unset label 6
    if (!cs_is_text) {
        set label 6 value("panel_" . cs_name . "_ylabel") at screen cs_x0 - cs_left + 0.7 * cs_em / cs_w, \
            screen cs_y1 - cs_ph / 2 center rotate by 90 font cs_font front
    }
    # Only the lowest panel of each column labels the shared time axis.
    if (cs_r == cs_rows - 1 || p == cs_np) {
        set format x "%g"
        set xlabel sprintf("time [%s]", xunit) offset 0, 0.3 + 2 * cs_vfix
    } else {
        set format x ""
        unset xlabel
    }

    # The y axis: from the data of every CSV, widened to panel_NAME_ycover, with the fixed
    # ends the panel asks for, and with no more ticks than fit the panel's height.
    cs_log = cs_opt(cs_name, "log", 0)
    cs_lo = cs_plo[p]; cs_hi = cs_phi[p]
    cs_fixlo = exists("panel_" . cs_name . "_ymin")
    cs_fixhi = exists("panel_" . cs_name . "_ymax")
    if (cs_log) {
        # Whole decades, and a tick every 1, 2, 3... decades so that they fit.
        set logscale y
        cs_lo = cs_fixlo ? cs_lo : 10.0 ** floor(log10(cs_lo > 0 ? cs_lo : 1e-300) + 1e-9)
        cs_hi = cs_fixhi ? cs_hi : 10.0 ** ceil(log10(cs_hi > 0 ? cs_hi : 1) - 1e-9)
        cs_hi = cs_hi > cs_lo ? cs_hi : cs_lo * 10
        cs_step = 10.0 ** ceil(log10(cs_hi / cs_lo) / cs_maxticks - 1e-9)
        set yrange [cs_lo:cs_hi]
        set ytics cs_lo, cs_step
        set mytics default
    } else {
        unset logscale y
        cs_big = abs(cs_lo) > abs(cs_hi) ? abs(cs_lo) : abs(cs_hi)
        cs_span_y = cs_hi - cs_lo > 1e-3 * cs_big ? cs_hi - cs_lo : (cs_big > 0 ? 1e-3 * cs_big : 1)
        cs_step = cs_nice(cs_span_y / cs_maxticks)
        cs_lo = cs_fixlo ? cs_lo : floor(cs_lo / cs_step + 1e-3) * cs_step
        cs_hi = cs_fixhi ? cs_hi : ceil(cs_hi / cs_step - 1e-3) * cs_step
        cs_hi = cs_hi > cs_lo ? cs_hi : cs_lo + cs_step
        set yrange [cs_lo:cs_hi]
        set ytics cs_step
    }

    # Runs that another run lies on in this panel are drawn wider (see cs_widep).
    array cs_wide[8]
    do for [i = 1:8] { cs_wide[i] = cs_widep[(p - 1) * 8 + i] }
    unset object 1
    if (cs_band ne "" && !cs_is_text) {
        set object 1 rectangle from graph 0, first word(cs_band, 1) to graph 1, first word(cs_band, 2) \
            behind fillcolor rgb cs_band_color fillstyle solid 1.0 noborder
    }
    # The legend of the columns: under the heading, left-aligned with the panel.
    set key at screen cs_x0, screen cs_y1 + cs_head - 1.2 * cs_line left top horizontal \
        maxcols cs_pkcols[p] Left reverse samplen cs_samplen(2) spacing 1.05 * cs_line / cs_vchar \
        width cs_keywidth(cs_pklong[p], 2, 0) noopaque nobox \
        font cs_font_small

    # The change over the run of each line, in the right margin at the height where the
    # line ends (moved apart where they would touch), when the axis does not start at 0.
    unset label 910
    do for [i = 1:8] { unset label 900 + i }
    if (!cs_is_text && cs_nc == 1 && !cs_log && !cs_fixlo) {
        array cs_pct_y[cs_nf]
        array cs_pct_t[cs_nf]
        array cs_pct_o[cs_nf]
        do for [i = 1:cs_nf] {
            cs_cnt = 0
            cs_first = NaN; cs_last = NaN
            stats [*:*][*:*] cs_files[i] using (cs_v = column(cs_cols) * cs_scale, \
                cs_cnt = cs_cnt + (cs_v == cs_v), cs_first = cs_cnt == 1 && cs_v == cs_v ? cs_v : cs_first, \
                cs_last = cs_v == cs_v ? cs_v : cs_last, cs_v) nooutput
            cs_pct = cs_first != 0 ? 100.0 * (cs_last - cs_first) / abs(cs_first) : 0
            cs_pct_t[i] = abs(cs_pct) < 0.005 ? "0 %" : \
                          abs(cs_pct) < 0.995 ? sprintf("%+.2f %%", cs_pct) : sprintf("%+.1f %%", cs_pct)
            cs_pct_y[i] = cs_y1 - cs_ph + (cs_last - cs_lo) / (cs_hi - cs_lo) * cs_ph
            cs_pct_o[i] = i
        }
        # Sort by height (insertion sort), then push apart to at least a small line.
        do for [i = 2:cs_nf] {
            do for [j = i:2:-1] {
                if (cs_pct_y[cs_pct_o[j]] < cs_pct_y[cs_pct_o[j - 1]]) {
                    cs_tmp = cs_pct_o[j]; cs_pct_o[j] = cs_pct_o[j - 1]; cs_pct_o[j - 1] = cs_tmp
                }
            }
        }
        # Push apart upwards, then back down from the top of the panel; when the labels do
        # not fit the panel's height (many runs in a low panel), the panel has none.
        cs_gap_y = 0.78 * cs_line
        do for [j = 2:cs_nf] {
            cs_a = cs_pct_o[j - 1]; cs_b = cs_pct_o[j]
            cs_pct_y[cs_b] = cs_pct_y[cs_b] < cs_pct_y[cs_a] + cs_gap_y ? cs_pct_y[cs_a] + cs_gap_y : cs_pct_y[cs_b]
        }
        cs_b = cs_pct_o[cs_nf]
        cs_pct_y[cs_b] = cs_pct_y[cs_b] > cs_y1 - 0.3 * cs_line ? cs_y1 - 0.3 * cs_line : cs_pct_y[cs_b]
        do for [j = cs_nf - 1:1:-1] {
            cs_a = cs_pct_o[j + 1]; cs_b = cs_pct_o[j]
            cs_pct_y[cs_b] = cs_pct_y[cs_b] > cs_pct_y[cs_a] - cs_gap_y ? cs_pct_y[cs_a] - cs_gap_y : cs_pct_y[cs_b]
        }
        cs_pct_fits = cs_pct_y[cs_pct_o[1]] >= cs_y1 - cs_ph - 0.3 * cs_line
        do for [i = 1:cs_nf] {
            if (cs_pct_fits) {
                set label 900 + i cs_pct_t[i] at screen cs_x0 + cs_pw + 0.6 * cs_char, screen cs_pct_y[i] \
                    left font cs_font_small textcolor rgb cs_color(cs_multi ? i : 1) front
            }
        }
        if (cs_pct_fits) {
            set label 910 "change" at screen cs_x0 + cs_pw + 0.6 * cs_char, screen cs_y1 + 0.55 * cs_line \
                left font cs_font_small textcolor rgb cs_note_color front
        }
    }

    if (!cs_multi) {
        # One scenario: each quantity has its own colour and dash pattern.
        if (cs_nc == 1) { unset key }
        plot for [k = 1:cs_nc] cs_files[1] using (cs_x(0)):(column(word(cs_cols, k)) * cs_scale) \
            with lines linetype k title (cs_nc > 1 ? word(cs_labels, k) : "")
    } else {
        if (cs_nc == 1) {
            # Several scenarios, one quantity: the scenario legend is at the top.
            unset key
            plot for [i = 1:cs_nf] cs_files[i] using (cs_x(0)):(column(cs_cols) * cs_scale) \
                with lines linetype i linewidth cs_wide[i] * cs_lw notitle
        } else {
            # Several scenarios and quantities: colour and dash = scenario, marker = quantity.
            plot for [i = 1:cs_nf] for [k = 1:cs_nc] cs_files[i] \
                     using (cs_x(0)):(column(word(cs_cols, k)) * cs_scale) \
                     with lines linetype i linewidth cs_wide[i] * cs_lw notitle, \
                 for [i = 1:cs_nf] for [k = 1:cs_nc] cs_files[i] \
                     using (cs_x(0)):(cs_marked(i, k) ? column(word(cs_cols, k)) * cs_scale : NaN) \
                     with points linetype i pointtype cs_pt(k) pointsize cs_ps notitle, \
                 for [k = 1:cs_nc] NaN with linespoints linecolor rgb "#333333" linewidth 2 \
                     dashtype solid pointtype cs_pt(k) pointsize cs_ps title word(cs_labels, k)
        }
    }
    # The notes and the heading are drawn once, with the first panel.
    unset label 990
    unset label 991
    unset label 992
    unset label 993
    unset object 1
    do for [i = 1:8] { unset label 900 + i }
    unset label 910
}
unset label 5
unset label 6

do for [q = 1:cs_same_lines] {
    set label 993 + q cs_note[q] at screen cs_left, screen cs_same_y - (q - 1) * (cs_is_text ? 1 : 0.95) * cs_line \
        left font cs_font_small textcolor rgb cs_note_color front
}

if (cs_multi) {
    # The scenario legend, across the top: an empty plot that only draws its key. Its plot
    # area reaches down to the panels so that the key has room; nothing else is drawn.
    unset title; unset xlabel; unset ylabel; unset grid; unset border; unset tics
    unset logscale y
    set xrange [0:1]; set yrange [0:1]
    set lmargin at screen cs_left; set rmargin at screen 1 - cs_right
    set tmargin at screen cs_key_y; set bmargin at screen cs_bottom
    set key at screen cs_left, screen cs_key_y left top vertical Left reverse noopaque nobox \
        samplen cs_samplen(4) spacing 1.2 * cs_line / cs_vchar maxrows cs_keyrows \
        width cs_keywidth(cs_longest, 4, 2) font cs_font
    plot for [i = 1:cs_nf] NaN with lines linetype i title cs_title[i]
}
unset multiplot
unset output
