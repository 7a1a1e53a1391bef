# plots/sweep_heatmap.gp - a calcsim sweep figure: one metric over two varied parameters,
# as a heatmap (a grid design) or as coloured points (a Latin hypercube).
#
# Educational toy model - not medical advice.
#
# Usage (calcsim plot-sweep writes DATA.csv and a driver; --keep DIR leaves them):
#
#   gnuplot -c plots/sweep_heatmap.gp DATA.csv OUT
#
#   DATA.csv  a CSV found by column name (lines starting with # are skipped):
#               kind "cells":  x,y,value,x_lo,x_hi,y_lo,y_hi - one row per cell of the
#                              grid, the cell reaching from x_lo to x_hi and y_lo to y_hi
#                              (half way to the neighbouring values; geometrically on a
#                              log axis); an empty value (failed run, metric without a
#                              value) leaves the cell grey
#               kind "points": x,y,value - one row per run, drawn as a coloured dot
#   OUT       NAME.png (1600x1000), NAME.svg or NAME.pdf
#
# Optional variables, set before the script runs (with -e before -c, or in the driver):
#   kind             "cells" (default) or "points"
#   xlabel, ylabel   axis labels, "name [unit]"; zlabel  the colour bar's label
#   figure_title     the heading; figure_note  a small note at the bottom left
#   xlog, ylog       1: logarithmic axis (calcsim sets it for a --vary ... --log)
#   cs_format        see plots/style.gp
#
# The colours: viridis (van der Walt & Smith, 2015), a sequential palette that is even in
# lightness and readable by colour-blind readers and in greyscale; low values dark blue,
# high values yellow. Cells without a value show the grey background (cs_band_color).

if (ARGC < 2) {
    exit error "usage: gnuplot -c sweep_heatmap.gp DATA.csv OUT (OUT: .png, .svg or .pdf)"
}
cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq "/" ? i : cs_lastslash(s, i - 1)
cs_dir = ARG0[1:cs_lastslash(ARG0, strlen(ARG0))]
cs_data = ARG1
cs_out = ARG2
cs_rows = 1
load cs_dir . "style.gp"
load cs_dir . "sweep_size.gp"
if (cs_is_text) {
    exit error "sweep_heatmap.gp: a heatmap needs colour: write .png, .svg or .pdf"
}

if (!exists("kind")) kind = "cells"
if (!exists("xlabel")) xlabel = "x"
if (!exists("ylabel")) ylabel = "y"
if (!exists("zlabel")) zlabel = ""
if (!exists("figure_title")) figure_title = ""
if (!exists("figure_note")) figure_note = ""
if (!exists("xlog")) xlog = 0
if (!exists("ylog")) ylog = 0

set palette defined (0 "#440154", 0.125 "#472D7B", 0.25 "#3B528B", 0.375 "#2C728E", \
    0.5 "#21918C", 0.625 "#28AE80", 0.75 "#5EC962", 0.875 "#ADDC30", 1 "#FDE725")

# ---- layout: title on top, colour bar to the right ----------------------------------------
cs_lx = cs_line * cs_h / cs_w
cs_cbw = 3 * cs_char + 10 * cs_char + 2 * cs_lx   # the bar, its tick labels and its label
set lmargin at screen 8 * cs_char + 1.5 * cs_lx
set rmargin at screen 1 - 2 * cs_char - cs_cbw
set tmargin at screen 1 - (figure_title ne "" ? 2.6 : 1.0) * cs_line
set bmargin at screen 4.3 * cs_line
set colorbox vertical user origin screen 1 - cs_cbw + 1.5 * cs_char, screen 4.3 * cs_line \
    size screen 2 * cs_char, screen 1 - (figure_title ne "" ? 2.6 : 1.0) * cs_line - 4.3 * cs_line
set cblabel zlabel
set cbtics out nomirror

eval cs_disclaimer_label
set label 991 figure_note at screen cs_char, screen 0.45 * cs_line left \
    font cs_font_small textcolor rgb cs_note_color front
if (figure_title ne "") {
    cs_need = strlen(figure_title) * 0.6 * cs_em * 1.3 / cs_w
    if (cs_need > 0.96) {
        cs_font_title = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.3 * 0.96 / cs_need)
    }
    set label 992 figure_title at screen 0.5, screen 1 - 1.0 * cs_line center \
        font cs_font_title front
}
set xlabel xlabel offset 0, 0.3
set ylabel ylabel
if (xlog) { set logscale x } else { unset logscale x }
if (ylog) { set logscale y } else { unset logscale y }
unset key
unset grid
set tics front
set border front

if (kind eq "cells") {
    stats cs_data using (column("x_lo")):(column("y_lo")) nooutput
    cs_x0 = STATS_min_x; cs_y0 = STATS_min_y
    stats cs_data using (column("x_hi")):(column("y_hi")) nooutput
    set xrange [cs_x0:STATS_max_x]
    set yrange [cs_y0:STATS_max_y]
    set object 1 rectangle from graph 0, graph 0 to graph 1, graph 1 behind \
        fillcolor rgb cs_band_color fillstyle solid 1.0 noborder
    plot cs_data using (column("x")):(column("y")):(column("x_lo")):(column("x_hi")):\
        (column("y_lo")):(column("y_hi")):(column("value")) \
        with boxxyerror fillstyle solid 1.0 noborder fillcolor palette
} else {
    set autoscale fix
    set offsets graph 0.02, graph 0.02, graph 0.02, graph 0.02
    plot cs_data using (column("x")):(column("y")):(column("value")) \
        with points pointtype 7 pointsize cs_ps linecolor palette
}
unset output
