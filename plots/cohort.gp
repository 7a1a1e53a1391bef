# plots/cohort.gp - a calcsim cohort figure: the odds ratios (or risk ratios) of the
# exposure groups of a simulated cohort against group 1, with their 95 % CIs, one panel per
# exposure, beside the estimates the study published.
#
# Educational toy model - not medical advice.
#
# Usage (calcsim plot-cohort writes DATA.csv and a driver; --keep DIR leaves them):
#
#   gnuplot -c plots/cohort.gp DATA.csv OUT
#
#   DATA.csv  a CSV with the columns panel,group,label,estimate,low,high,published,
#             published_low,published_high (found by name; lines starting with # are
#             skipped): one row per group, the rows of a panel together and in group order;
#             panel 1, 2, ... is the exposure, group 1, 2, ... the group (1 = reference),
#             label the tick label of the group ("1: <21.6"), estimate/low/high the
#             simulated ratio and its CI, published* the study's (empty: none). Ratios must
#             be above 0; an empty value draws nothing.
#   OUT       NAME.png (1600x1000), NAME.svg, NAME.pdf, or - for a text drawing.
#
# Optional variables, set before the script runs (with -e before -c, or in the driver):
#   panel_titles    one quoted heading per panel: '"k2_intake (tertiles)" "..."'
#   panel_ylabels   one quoted y label per panel (default "odds ratio, 95 % CI [1]")
#   panel_xlabels   one quoted x label per panel (default "group")
#   sim_title, pub_title   legend entries (default "simulated", "published")
#   figure_title    the heading; figure_subtitle  a line under it
#   figure_note     a small note at the bottom left
#   cs_format, cs_term_size   see plots/style.gp

if (ARGC < 2) {
    exit error "usage: gnuplot -c cohort.gp DATA.csv OUT (OUT: .png, .svg, .pdf or -)"
}
cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq "/" ? i : cs_lastslash(s, i - 1)
cs_dir = ARG0[1:cs_lastslash(ARG0, strlen(ARG0))]
cs_data = ARG1
cs_out = ARG2

# The panels: up to three in a row.
set datafile separator comma
set datafile commentschars "#"
set datafile missing ""
stats cs_data using (column("panel")) nooutput
cs_np = int(STATS_max)
cs_cols = cs_np < 3 ? cs_np : 3
cs_rows = int(ceil(cs_np / (cs_cols * 1.0)))
load cs_dir . "style.gp"

if (!exists("panel_titles")) {
    panel_titles = ""
    do for [p = 1:cs_np] { panel_titles = panel_titles . sprintf(' "exposure %d"', p) }
}
if (!exists("panel_ylabels")) {
    panel_ylabels = ""
    do for [p = 1:cs_np] { panel_ylabels = panel_ylabels . ' "odds ratio, 95 % CI [1]"' }
}
if (!exists("panel_xlabels")) {
    panel_xlabels = ""
    do for [p = 1:cs_np] { panel_xlabels = panel_xlabels . ' "group"' }
}
if (!exists("sim_title")) sim_title = "simulated"
if (!exists("pub_title")) pub_title = "published"
if (!exists("figure_title")) figure_title = ""
# Markers: style.gp's cs_ps already gives the same size in every format.
cs_mk = cs_ps
if (!exists("figure_subtitle")) figure_subtitle = ""
if (!exists("figure_note")) figure_note = ""
cs_sim_color = "#0072B2"
cs_pub_color = "#D55E00"

# ---- the data: rows and groups of each panel, the y range of all ------------------------
array cs_first[cs_np]
array cs_ng[cs_np]
array cs_pub[cs_np]
cs_row = 0
cs_has_pub = 0
do for [p = 1:cs_np] {
    stats cs_data using (column("panel") == p ? 1 : 0) nooutput
    cs_ng[p] = int(STATS_sum)
    cs_first[p] = cs_row
    cs_row = cs_row + cs_ng[p]
    stats cs_data using (column("panel") == p && column("published") > 0 ? 1 : 0) nooutput
    cs_pub[p] = STATS_sum > 0 ? 1 : 0
    cs_has_pub = cs_has_pub || cs_pub[p]
}
# Ratios above 0 only; 1 (the reference) is always in range.
cs_lo = 1; cs_hi = 1
do for [c in "estimate low published published_low"] {
    stats cs_data using (column(c) > 0 ? column(c) : 1) nooutput
    cs_lo = STATS_min < cs_lo ? STATS_min : cs_lo
}
do for [c in "estimate high published published_high"] {
    stats cs_data using (column(c) > 0 ? column(c) : 1) nooutput
    cs_hi = STATS_max > cs_hi ? STATS_max : cs_hi
}
cs_lo = cs_lo / 1.2
cs_hi = cs_hi * 1.2
# The longest tick label: groups whose labels do not fit side by side get two lines.
stats cs_data using (strlen(strcol("label"))) nooutput
cs_longest = STATS_max

# ---- layout: title, subtitle, legend, then the panels ----------------------------------
cs_lx = cs_line * cs_h / cs_w
cs_left = 6 * cs_char + 2.0 * cs_lx      # y tick labels and the turned y label
cs_right = 2.5 * cs_char
cs_gapc = 2.5 * cs_char
cs_pw = (1 - cs_right - cs_cols * cs_left - (cs_cols - 1) * cs_gapc) / cs_cols
cs_top = 1 - 0.3 * cs_line
cs_title_y = cs_top - 0.7 * cs_line
cs_top = figure_title ne "" ? cs_top - 1.6 * cs_line : cs_top
cs_sub_y = cs_top - 0.4 * cs_line
cs_top = figure_subtitle ne "" ? cs_top - 1.2 * cs_line : cs_top
cs_key_y = cs_top - 0.2 * cs_line
cs_top = cs_key_y - 1.4 * cs_line
cs_head = (cs_is_text ? 2.5 : 1.5) * cs_line  # a panel heading (and the y label on text)
cs_top = cs_top - cs_head
cs_maxg = 1
do for [p = 1:cs_np] { cs_maxg = cs_ng[p] > cs_maxg ? cs_ng[p] : cs_maxg }
cs_wrap = !cs_is_text && cs_maxg * (cs_longest + 2) * cs_char > cs_pw
cs_wrap = cs_is_text ? cs_maxg * (cs_longest + 2) * cs_char > cs_pw : cs_wrap
# Labels that do not fit even on two lines get a smaller font.
cs_need = cs_maxg * (cs_longest - 1.5) * cs_char
cs_font_tics = !cs_is_text && cs_wrap && cs_need > cs_pw ? \
    sprintf("%s,%g", cs_fontname, cs_fs * cs_pw / cs_need) : cs_font
cs_bottom = (cs_wrap ? (cs_is_text ? 6.5 : 6.2) : 4.6) * cs_line  # tick labels, x label, notes
cs_gapr = cs_head + (cs_wrap ? 4.0 : 2.8) * cs_line
cs_ph = (cs_top - cs_bottom - (cs_rows - 1) * cs_gapr) / cs_rows
# "2: 21.6-32.7" on two lines: "2:" above "21.6-32.7".
cs_ticlabel(s) = cs_wrap && strstrt(s, ": ") > 0 ? \
    s[1:strstrt(s, ": ")] . "\n" . s[strstrt(s, ": ") + 2:] : s

# Tick marks of the log axis: as many of a fine or a coarse list as fall in range.
cs_ticks = cs_hi / cs_lo < 4 ? "0.1 0.2 0.3 0.4 0.5 0.6 0.7 0.8 0.9 1 1.2 1.5 2 2.5 3 4" : \
           cs_hi / cs_lo < 30 ? "0.05 0.1 0.2 0.3 0.5 0.7 1 1.5 2 3 5 7 10 20" : \
           "0.001 0.01 0.1 1 10 100 1000"

# ---- drawing -----------------------------------------------------------------------------
set multiplot
eval cs_disclaimer_label
set label 991 figure_note at screen cs_char, screen 0.45 * cs_line left \
    font cs_font_small textcolor rgb cs_note_color front
if (figure_title ne "") {
    # A long title gets a smaller font, so that it fits (bold: about 0.6 em a character).
    cs_need = strlen(figure_title) * 0.6 * cs_em * 1.3 / cs_w
    if (!cs_is_text && cs_need > 0.96) {
        cs_font_title = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.3 * 0.96 / cs_need)
    }
    set label 992 figure_title at screen 0.5, screen cs_title_y center font cs_font_title front
}
if (figure_subtitle ne "") {
    set label 993 figure_subtitle at screen 0.5, screen cs_sub_y center font cs_font_small \
        textcolor rgb cs_note_color front
}
set logscale y
set yrange [cs_lo:cs_hi]
set ytics () font cs_font
do for [k = 1:words(cs_ticks)] {
    cs_t = real(word(cs_ticks, k))
    if (cs_t >= cs_lo && cs_t <= cs_hi) { set ytics add (word(cs_ticks, k) cs_t) }
}
set mytics 1
set format y "%g"
set grid ytics noxtics
set xtics scale 0 nomirror font cs_font_tics
unset title
set style textbox opaque noborder
cs_dx = 0.12

do for [p = 1:cs_np] {
    cs_c = (p - 1) % cs_cols
    cs_r = int((p - 1) / cs_cols)
    cs_x0 = cs_c * (cs_left + cs_pw + cs_gapc) + cs_left
    cs_y1 = cs_top - cs_r * (cs_ph + cs_gapr)
    set lmargin at screen cs_x0
    set rmargin at screen cs_x0 + cs_pw
    set tmargin at screen cs_y1
    set bmargin at screen cs_y1 - cs_ph
    # The heading; on the dumb terminal, which cannot turn text, the y label is a line
    # under it.
    set label 5 word(panel_titles, p) at screen cs_x0, screen cs_y1 + cs_head - 0.5 * cs_line \
        left font cs_font_heading front
    if (cs_is_text) {
        set label 6 word(panel_ylabels, p) at screen cs_x0 - cs_left, screen cs_y1 + 0.5 * cs_line left
    } else {
        set label 6 word(panel_ylabels, p) at screen cs_x0 - cs_left + 0.7 * cs_em / cs_w, \
            screen cs_y1 - cs_ph / 2 center rotate by 90 font cs_font front
    }
    set xlabel word(panel_xlabels, p) offset 0, (cs_wrap ? (cs_is_text ? -1 : -0.7) : 0.3) font cs_font
    set xrange [0.5:cs_ng[p] + 0.5]
    # The line of no effect: a ratio of 1.
    set arrow 1 from graph 0, first 1 to graph 1, first 1 nohead back \
        linecolor rgb "#333333" linewidth 2 dashtype (6, 4)
    unset key
    cs_a = cs_first[p]
    cs_b = cs_first[p] + cs_ng[p] - 1
    # The simulated ratios (left of the group's place when there are published ones, right
    # of it) with their values; the published ones only where the panel has any.
    cs_s = cs_pub[p] ? cs_dx : 0
    cs_plot_sim = 'cs_data every ::cs_a::cs_b \
        using (column("group") - cs_s):(column("estimate")):(column("low")):(column("high")):xtic(cs_ticlabel(strcol("label"))) \
        with yerrorbars linecolor rgb cs_sim_color linewidth cs_lw dashtype solid \
        pointtype 7 pointsize cs_mk notitle, \
        cs_data every ::cs_a::cs_b \
        using (column("group") > 1 ? column("group") - cs_s : NaN):(column("estimate")):(sprintf("%.2f ", column("estimate"))) \
        with labels right offset -0.6, 0 font cs_font_small textcolor rgb cs_sim_color notitle'
    cs_plot_pub = ', cs_data every ::cs_a::cs_b \
        using (column("group") + cs_s):(column("published")):(column("published_low")):(column("published_high")) \
        with yerrorbars linecolor rgb cs_pub_color linewidth cs_lw dashtype solid \
        pointtype 5 pointsize cs_mk notitle, \
        cs_data every ::cs_a::cs_b \
        using (column("group") > 1 ? column("group") + cs_s : NaN):(column("published")):(sprintf(" %.2f", column("published"))) \
        with labels left offset 0.6, 0 font cs_font_small textcolor rgb cs_pub_color notitle'
    eval "plot " . cs_plot_sim . (cs_pub[p] ? cs_plot_pub : "")
    # The notes and the heading are drawn once, with the first panel.
    unset label 990
    unset label 991
    unset label 992
    unset label 993
}
unset label 5
unset label 6
unset arrow 1

# The legend, across the top: a plot of the whole width that only draws its key.
unset xlabel; unset ylabel; unset grid; unset border; unset tics; unset logscale y
set xrange [0:1]; set yrange [0:1]
set lmargin at screen cs_left; set rmargin at screen 1 - cs_right
set tmargin at screen cs_key_y; set bmargin at screen cs_bottom
set key at screen cs_left, screen cs_key_y left top vertical maxrows 1 Left reverse samplen 1.2 \
    spacing 1.1 width -8 noopaque nobox font cs_font
# (The text drawing shows the markers only: its error bar samples are tall.)
cs_keystyle = cs_is_text ? "points" : "yerrorbars"
eval 'plot NaN notitle, ' . \
    'keyentry with ' . cs_keystyle . ' linecolor rgb cs_sim_color linewidth cs_lw ' . \
    'dashtype solid pointtype 7 pointsize cs_mk title sim_title, ' . \
    'keyentry with ' . cs_keystyle . ' linecolor rgb cs_pub_color linewidth cs_lw ' . \
    'dashtype solid pointtype 5 pointsize cs_mk title (cs_has_pub ? pub_title : "")'

unset multiplot
unset output
