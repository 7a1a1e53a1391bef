# plots/sweep_lines.gp - a calcsim sweep figure: one metric against one varied parameter,
# one line for each value of a second varied parameter (the group).
#
# Educational toy model - not medical advice.
#
# Usage (calcsim plot-sweep writes DATA.csv and a driver; --keep DIR leaves them):
#
#   gnuplot -c plots/sweep_lines.gp DATA.csv OUT
#
#   DATA.csv  a CSV with the columns group,x,y (found by name; lines starting with # are
#             skipped): group is the number of the line (1, 2, ...), x the varied
#             parameter, y the metric; the rows of one line are together, sorted by x. An
#             empty y (a metric with no value, e.g. a doubling time that never came) leaves
#             a gap. Failed runs are not in the file.
#   OUT       NAME.png (1600x1000), NAME.svg, NAME.pdf, or - for a text drawing.
#
# Optional variables, set before the script runs (with -e before -c, or in the driver):
#   xlabel, ylabel   axis labels, "name [unit]"
#   group_label      the heading of the legend (the grouping parameter and its unit)
#   group_titles     one quoted title per line: '"400" "1000" "2000"' (default 1, 2, ...)
#   figure_title     the heading; figure_note  a small note at the bottom left
#   xlog             1: logarithmic x axis (calcsim sets it for a --vary ... --log)
#   cs_format, cs_term_size   see plots/style.gp
#
# The look (colours, dash patterns, markers, fonts, size) is plots/style.gp's: line g has
# linetype g, the Okabe-Ito colour and dash pattern of the g-th scenario in `calcsim plot`.

if (ARGC < 2) {
    exit error "usage: gnuplot -c sweep_lines.gp DATA.csv OUT (OUT: .png, .svg, .pdf or -)"
}
cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq "/" ? i : cs_lastslash(s, i - 1)
cs_dir = ARG0[1:cs_lastslash(ARG0, strlen(ARG0))]
cs_data = ARG1
cs_out = ARG2
cs_rows = 1
load cs_dir . "style.gp"
load cs_dir . "sweep_size.gp"

if (!exists("xlabel")) xlabel = "x"
if (!exists("ylabel")) ylabel = "y"
if (!exists("group_label")) group_label = ""
if (!exists("figure_title")) figure_title = ""
if (!exists("figure_note")) figure_note = ""
if (!exists("xlog")) xlog = 0

# How many lines, and how many points the longest has (for the markers).
stats cs_data using (column("group")) nooutput
cs_ng = int(STATS_max)
cs_npoints = STATS_records / cs_ng
if (!exists("group_titles")) {
    group_titles = ""
    do for [g = 1:cs_ng] { group_titles = group_titles . sprintf(' "%d"', g) }
}
# About 12 markers per line: every point of a short line, every k-th of a long one.
cs_pi = cs_npoints > 12 ? int(ceil(cs_npoints / 12.0)) : 1

# ---- layout: the title, then the legend across the top, then the plot --------------------
# The legend is one row (more when it does not fit): the grouping parameter as a heading,
# then one entry per line, as many columns as fit across the figure.
cs_longest = 0
do for [g = 1:cs_ng] {
    cs_longest = strlen(word(group_titles, g)) > cs_longest ? strlen(word(group_titles, g)) : cs_longest
}
cs_lx = cs_line * cs_h / cs_w
cs_left = 8 * cs_char + 1.5 * cs_lx
cs_right = 2.5 * cs_char
cs_headw = cs_ng > 1 && group_label ne "" ? (strlen(group_label) + 2) * cs_char : 0
cs_keycols = int((1 - cs_left - cs_right - cs_headw) / ((cs_longest + 6) * cs_keychar))
cs_keycols = cs_keycols < 1 ? 1 : cs_keycols > cs_ng ? cs_ng : cs_keycols
cs_keyrows = cs_ng > 1 ? int(ceil(cs_ng / (cs_keycols * 1.0))) : 0
cs_title_y = 1 - 1.0 * cs_line
cs_key_y = 1 - (figure_title ne "" ? 2.0 : 0.5) * cs_line
# The text drawing has whole rows: the legend starts on the row under the title.
cs_key_y = cs_is_text ? cs_key_y + cs_line : cs_key_y
cs_top = cs_key_y - cs_keyrows * 1.2 * cs_line - 0.8 * cs_line
# The dumb terminal cannot turn text: there the y label is a line of its own above the plot.
cs_top = cs_is_text ? cs_top - cs_line : cs_top
set lmargin at screen cs_left
set rmargin at screen 1 - cs_right
set tmargin at screen cs_top
set bmargin at screen 4.3 * cs_line

# The note at the bottom left, the disclaimer at the bottom right; when a narrow text
# drawing cannot hold both on one line, the disclaimer goes on the (empty) line above.
eval cs_disclaimer_label
if (cs_is_text && strlen(figure_note) + strlen(cs_disclaimer) + 3 > cs_w) {
    set label 990 at screen 1 - cs_char, screen 1.45 * cs_line
}
set label 991 figure_note at screen cs_char, screen 0.45 * cs_line left \
    font cs_font_small textcolor rgb cs_note_color front
if (figure_title ne "") {
    cs_need = strlen(figure_title) * 0.6 * cs_em * 1.3 / cs_w
    if (!cs_is_text && cs_need > 0.96) {
        cs_font_title = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.3 * 0.96 / cs_need)
    }
    set label 992 figure_title at screen 0.5, screen cs_title_y center font cs_font_title front
}
set xlabel xlabel offset 0, 0.3
if (cs_is_text) {
    set label 993 ylabel at screen cs_char, screen cs_top + 0.6 * cs_line left
} else {
    set ylabel ylabel
}
if (xlog) { set logscale x } else { unset logscale x }
set autoscale xfix
set offsets 0, 0, graph 0.05, graph 0.05
if (cs_ng > 1) {
    if (cs_headw > 0) {
        # On the row of the first legend entries (the text drawing rounds to whole rows).
        set label 994 group_label . ":" at screen cs_left, \
            screen cs_key_y - (cs_is_text ? 1.0 : 0.6) * cs_line left font cs_font front
    }
    set key at screen cs_left + cs_headw, screen cs_key_y left top horizontal \
        maxcols cs_keycols Left reverse samplen 2.5 spacing 1.1 width 0 noopaque nobox \
        font cs_font
} else {
    unset key
}

plot for [g = 1:cs_ng] cs_data \
    using (column("group") == g ? column("x") : NaN):(column("y")) \
    with linespoints linetype g pointtype cs_pt(g) pointsize cs_ps pointinterval cs_pi \
    title word(group_titles, g)
unset output
