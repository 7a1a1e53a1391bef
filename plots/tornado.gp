# plots/tornado.gp - a calcsim sensitivity figure: which parameters a result depends on
# most, as a tornado (one row of bars per parameter, the largest effect on top).
#
# Educational toy model - not medical advice.
#
# Usage (calcsim plot-sensitivity writes DATA.csv and a driver; --keep DIR leaves them):
#
#   gnuplot -c plots/tornado.gp DATA.csv OUT
#
#   DATA.csv  a CSV with the columns row,label,down,up (found by name; lines starting with
#             # are skipped): row 1 is the top row, label the parameter (with its unit),
#             down and up the change of the metric, in %, when the parameter is lowered or
#             raised by the step. An empty value (a failed run) draws no bar.
#   OUT       NAME.png (1600x1000), NAME.svg, NAME.pdf, or - for a text drawing.
#
# Optional variables, set before the script runs (with -e before -c, or in the driver):
#   xlabel         the x axis label (default: "change of the metric [%]")
#   down_title, up_title   legend entries of the two bars (default "parameter -10 %", ...)
#   figure_title   the heading; figure_note  a small note at the bottom left
#   cs_format, cs_term_size   see plots/style.gp

if (ARGC < 2) {
    exit error "usage: gnuplot -c tornado.gp DATA.csv OUT (OUT: .png, .svg, .pdf or -)"
}
cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq "/" ? i : cs_lastslash(s, i - 1)
cs_dir = ARG0[1:cs_lastslash(ARG0, strlen(ARG0))]
cs_data = ARG1
cs_out = ARG2
cs_rows = 1
load cs_dir . "style.gp"

if (!exists("xlabel")) xlabel = "change of the metric [%]"
if (!exists("down_title")) down_title = "parameter -10 %"
if (!exists("up_title")) up_title = "parameter +10 %"
if (!exists("figure_title")) figure_title = ""
if (!exists("figure_note")) figure_note = ""

stats cs_data using (column("row")) nooutput
cs_n = int(STATS_max)

# ---- layout: title, legend, then the bars; room on the left for the longest label --------
cs_longest = 10
stats cs_data using (strlen(strcol("label"))) nooutput
cs_longest = STATS_max > cs_longest ? STATS_max : cs_longest
cs_left = (cs_longest + 2) * cs_char * 1.12
cs_left = cs_left > 0.5 ? 0.5 : cs_left
cs_title_y = 1 - 1.0 * cs_line
cs_key_y = 1 - (figure_title ne "" ? 2.0 : 0.5) * cs_line
cs_top = cs_key_y - 1.4 * cs_line
set lmargin at screen cs_left
set rmargin at screen 1 - 2.5 * cs_char
set tmargin at screen cs_top
set bmargin at screen 4.3 * cs_line

eval cs_disclaimer_label
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
set yrange [cs_n + 0.7:0.3]
set ytics scale 0 font cs_font
unset ylabel
set grid xtics noytics
set xzeroaxis linetype -1 linewidth 1.5
set offsets graph 0.05, graph 0.05, 0, 0
set key at screen cs_left, screen cs_key_y left top horizontal Left reverse samplen 1.5 \
    spacing 1.1 width 2 noopaque nobox font cs_font
if (cs_is_text) {
    set style fill empty
} else {
    set style fill solid 0.85 noborder
}
cs_h2 = 0.36

# Each row: the "down" bar above the centre line, the "up" bar below it.
plot cs_data using (0):(column("row")):(0):(0):ytic(strcol("label")) \
        with boxxyerror linecolor rgb "#ffffff" notitle, \
     cs_data using (column("down") / 2):(column("row") - cs_h2 / 2):(abs(column("down")) / 2):(cs_h2 / 2) \
        with boxxyerror linecolor rgb "#0072B2" title down_title, \
     cs_data using (column("up") / 2):(column("row") + cs_h2 / 2):(abs(column("up")) / 2):(cs_h2 / 2) \
        with boxxyerror linecolor rgb "#D55E00" title up_title
unset output
