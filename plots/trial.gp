# plots/trial.gp - a calcsim trial figure: how often a simulated trial finds its effect (the
# power against the people per arm, one line per endpoint), or, for one trial size, the
# difference of each endpoint with its CI; and, given the participants, their changes of
# the CAC score by arm.
#
# Educational toy model - not medical advice.
#
# Usage (calcsim plot-trial writes the data and a driver; --keep DIR leaves them):
#
#   gnuplot -c plots/trial.gp TRIAL.csv OUT [PEOPLE.csv]
#
#   TRIAL.csv   a CSV with the columns series,endpoint,per_arm,power_pct,difference,ci_low,
#               ci_high,p_value (found by name; lines starting with # are skipped): one row
#               per endpoint and trial size, the rows of an endpoint together and sorted by
#               per_arm; series 1, 2, ... numbers the endpoints, endpoint is its name with
#               the unit ("cac_change_au [AU]"), power_pct the share of replicate trials
#               with p < 0.05 in %, difference (treated - control), ci_low, ci_high and
#               p_value those of the first replicate trial. Several per_arm values draw the
#               power curve; one draws the differences, a panel per endpoint.
#   OUT         NAME.png (1600x1000), NAME.svg, NAME.pdf, or - for a text drawing.
#   PEOPLE.csv  optional: the columns arm,x,cac_change_au, one row per participant; arm 1
#               is control, 2 treated; x the place across the arm's strip (arm +- 0.25).
#
# Optional variables, set before the script runs (with -e before -c, or in the driver):
#   control_label, treated_label   tick labels of the arms (default "control", "treated")
#   figure_title    the heading; figure_subtitle  a line under it
#   figure_note     a small note at the bottom left
#   cs_format, cs_term_size   see plots/style.gp

if (ARGC < 2) {
    exit error "usage: gnuplot -c trial.gp TRIAL.csv OUT [PEOPLE.csv] (OUT: .png, .svg, .pdf or -)"
}
cs_lastslash(s, i) = i < 1 ? 0 : s[i:i] eq "/" ? i : cs_lastslash(s, i - 1)
cs_dir = ARG0[1:cs_lastslash(ARG0, strlen(ARG0))]
cs_data = ARG1
cs_out = ARG2
cs_people = ARGC >= 3 ? ARG3 : ""
cs_rows = 1
load cs_dir . "style.gp"

if (!exists("control_label")) control_label = "control"
if (!exists("treated_label")) treated_label = "treated"
if (!exists("figure_title")) figure_title = ""
# Markers: style.gp's cs_ps already gives the same size in every format.
cs_mk = cs_ps
if (!exists("figure_subtitle")) figure_subtitle = ""
if (!exists("figure_note")) figure_note = ""

# ---- the data ----------------------------------------------------------------------------
stats cs_data using (column("series")) nooutput
cs_ns = int(STATS_max)
stats cs_data using (column("per_arm")) nooutput
cs_nmin = STATS_min
cs_nmax = STATS_max
cs_curve = cs_nmax > cs_nmin
cs_xlog = cs_curve && cs_nmax / cs_nmin >= 4
# The endpoint names, in series order.
array cs_name[cs_ns]
do for [i = 1:cs_ns] {
    cs_name[i] = ""
}
stats cs_data using (cs_name[int(column("series"))] = strcol("endpoint"), 0) nooutput
# The trial sizes (those of the first endpoint), for the ticks of the power curve.
cs_sizes = ""
stats cs_data using (column("series") == 1 ? (cs_sizes = cs_sizes . sprintf(" %d", column("per_arm")), 0) : 0) nooutput

# The panels: the power curve, or one per endpoint; then the participants. Widths in
# shares: a difference panel is narrow (one point), the others wide.
cs_np = (cs_curve ? 1 : cs_ns) + (cs_people ne "" ? 1 : 0)
array cs_kind[cs_np]
array cs_weight[cs_np]
cs_wsum = 0
do for [p = 1:cs_np] {
    cs_kind[p] = cs_curve ? (p == 1 ? "power" : "people") : (p <= cs_ns ? "diff" : "people")
    cs_weight[p] = cs_kind[p] eq "diff" ? 0.5 : (cs_kind[p] eq "people" && !cs_curve ? 1.9 : 1.6)
    cs_wsum = cs_wsum + cs_weight[p]
}

# ---- layout: title, subtitle, legend, then the panels in a row ------------------------
cs_lx = cs_line * cs_h / cs_w
cs_left = 6 * cs_char + 2.0 * cs_lx      # y tick labels and the turned y label
cs_right = 2.5 * cs_char
cs_gapc = 2.0 * cs_char
cs_free = 1 - cs_right - cs_np * cs_left - (cs_np - 1) * cs_gapc
cs_top = 1 - 0.3 * cs_line
cs_title_y = cs_top - 0.7 * cs_line
cs_top = figure_title ne "" ? cs_top - 1.6 * cs_line : cs_top
cs_sub_y = cs_top - 0.4 * cs_line
cs_top = figure_subtitle ne "" ? cs_top - 1.2 * cs_line : cs_top
cs_key_y = cs_top - 0.2 * cs_line
cs_keyrows = cs_ns <= 4 ? 1 : 2
cs_top = cs_curve ? cs_key_y - (cs_keyrows * 1.2 + 0.3) * cs_line : cs_top
cs_head = 1.5 * cs_line                  # a panel heading
cs_top = cs_top - cs_head
cs_bottom = 4.8 * cs_line

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
unset title
set tics font cs_font
# A panel's heading and its turned y label (cs_heading, cs_ylabel); on the dumb terminal,
# which cannot turn text, the y label follows the heading.
# A heading wider than its panel gets a smaller font (bold: about 0.6 em a character).
cs_hfont(s, w) = !cs_is_text && strlen(s) * 0.6 * cs_em * 1.05 / cs_w > w ? \
    sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.05 * w / (strlen(s) * 0.6 * cs_em * 1.05 / cs_w)) : \
    cs_font_heading
cs_panel_labels = 'set label 5 (cs_is_text ? cs_heading . " - " . cs_ylabel : cs_heading) ' . \
    'at screen cs_x0, screen cs_top + cs_head - 0.5 * cs_line left ' . \
    'font cs_hfont(cs_heading, cs_pw + cs_gapc + 0.4 * cs_left) front; ' . \
    'if (!cs_is_text) { set label 6 cs_ylabel at screen cs_x0 - cs_left + 0.7 * cs_em / cs_w, ' . \
    'screen (cs_top + cs_bottom) / 2 center rotate by 90 font cs_font front }'

cs_x0 = 0
do for [p = 1:cs_np] {
    cs_pw = cs_free * cs_weight[p] / cs_wsum
    cs_x0 = cs_x0 + cs_left
    set lmargin at screen cs_x0
    set rmargin at screen cs_x0 + cs_pw
    set tmargin at screen cs_top
    set bmargin at screen cs_bottom
    unset key
    unset arrow
    unset label 5
    unset label 6
    unset label 7
    unset logscale x
    set xtics autofreq
    set ytics autofreq
    set grid ytics noxtics
    set offsets 0, 0, 0, 0
    set autoscale
    if (cs_kind[p] eq "power") {
        cs_heading = "Power against trial size"
        cs_ylabel = "power [%]"
        set xlabel "participants per arm [people]" offset 0, 0.3 font cs_font
        if (cs_xlog) { set logscale x }
        set xrange [cs_nmin / (cs_xlog ? 1.25 : 1):cs_nmax * (cs_xlog ? 1.25 : 1)]
        if (!cs_xlog) { set offsets graph 0.05, graph 0.05, 0, 0 }
        set yrange [-3:103]
        set ytics 0, 20, 100
        set xtics ()
        do for [k = 1:words(cs_sizes)] { set xtics add (word(cs_sizes, k) real(word(cs_sizes, k))) }
        set arrow 1 from graph 0, first 80 to graph 1, first 80 nohead back \
            linecolor rgb "#333333" linewidth 2 dashtype (6, 4)
        set label 7 "80 %" at graph 0.01, first 80 left offset 0, 0.6 font cs_font_small \
            textcolor rgb cs_note_color front
        eval cs_panel_labels
        plot for [i = 1:cs_ns] cs_data \
                using (column("series") == i ? column("per_arm") : NaN):(column("power_pct")) \
                with linespoints linetype i pointtype cs_pt(i) pointsize cs_mk notitle
    }
    if (cs_kind[p] eq "diff") {
        cs_heading = cs_name[p]
        cs_ylabel = "treated - control"
        # The unit of the endpoint, from its name "name [unit]".
        cs_u = strstrt(cs_name[p], " [")
        cs_ylabel = cs_u > 0 ? cs_ylabel . cs_name[p][cs_u:] : cs_ylabel
        cs_heading = cs_u > 0 ? cs_name[p][1:cs_u - 1] : cs_heading
        stats cs_data using (column("series") == p ? column("ci_low") : NaN) nooutput
        cs_lo = STATS_min < 0 ? STATS_min : 0
        stats cs_data using (column("series") == p ? column("ci_high") : NaN) nooutput
        cs_hi = STATS_max > 0 ? STATS_max : 0
        cs_pad = (cs_hi - cs_lo) * 0.12 + 1e-9
        set yrange [cs_lo - cs_pad:cs_hi + cs_pad]
        set xrange [0.4:1.6]
        set xtics (sprintf("%d per arm", cs_nmin) 1) scale 0
        unset xlabel
        set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead back \
            linecolor rgb "#333333" linewidth 2 dashtype (6, 4)
        eval cs_panel_labels
        plot cs_data using (column("series") == p ? 1 : NaN):(column("difference")):(column("ci_low")):(column("ci_high")) \
                with yerrorbars linetype p dashtype solid pointtype 7 pointsize cs_mk notitle, \
             cs_data using (column("series") == p ? 1 : NaN):(column("ci_high")):(column("p_value") < 0.001 ? "p < 0.001" : sprintf("p = %.2g", column("p_value"))) \
                with labels center offset 0, 1.0 font cs_font_small textcolor rgb cs_note_color notitle
    }
    if (cs_kind[p] eq "people") {
        cs_heading = cs_curve ? "Change of the CAC score, first trial" : "CAC change by arm"
        cs_ylabel = "cac_change_au [AU]"
        set xrange [0:3]
        # "control (n = 10)" on two lines.
        cs_two(s) = strstrt(s, " (") > 0 ? s[1:strstrt(s, " (") - 1] . "\n" . s[strstrt(s, " (") + 1:] : s
        set xtics (cs_two(control_label) 1, cs_two(treated_label) 2) scale 0
        unset xlabel
        set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead back \
            linecolor rgb "#999999" linewidth 1.5 dashtype solid
        # The mean of each arm: a black bar across its strip, and its value.
        do for [a = 1:2] {
            stats cs_people using (column("arm") == a ? column("cac_change_au") : NaN) nooutput
            cs_mean = STATS_mean
            set arrow (10 + a) from first a - 0.28, first cs_mean to first a + 0.28, first cs_mean \
                nohead front linecolor rgb "#000000" linewidth 2 * cs_lw dashtype solid
            # Outside the strips: left of control's, right of treated's.
            if (a == 1) {
                set label 11 sprintf("mean %.0f", cs_mean) at first a - 0.3, first cs_mean \
                    right font cs_font_small front
            } else {
                set label 12 sprintf("mean %.0f", cs_mean) at first a + 0.3, first cs_mean \
                    left font cs_font_small front
            }
        }
        set offsets 0, 0, graph 0.05, graph 0.05
        eval cs_panel_labels
        plot cs_people using (column("arm") == 1 ? column("x") : NaN):(column("cac_change_au")) \
                with points linecolor rgb "#0072B2" pointtype 7 pointsize cs_mk * 0.7 notitle, \
             cs_people using (column("arm") == 2 ? column("x") : NaN):(column("cac_change_au")) \
                with points linecolor rgb "#D55E00" pointtype 5 pointsize cs_mk * 0.7 notitle
        unset label 11
        unset label 12
    }
    cs_x0 = cs_x0 + cs_pw + cs_gapc
    # The notes and the heading are drawn once, with the first panel.
    unset label 990
    unset label 991
    unset label 992
    unset label 993
}
if (cs_curve) {
    # The legend of the power curve, across the top: a plot of the whole width that only
    # draws its key.
    unset label 5; unset label 6; unset label 7; unset arrow
    unset xlabel; unset ylabel; unset grid; unset border; unset tics; unset logscale x
    set xrange [0:1]; set yrange [0:1]
    set lmargin at screen cs_left; set rmargin at screen 1 - cs_right
    set tmargin at screen cs_key_y; set bmargin at screen cs_bottom
    set key at screen cs_left, screen cs_key_y left top vertical maxrows cs_keyrows Left \
        reverse samplen 2.5 spacing 1.1 width -2 noopaque nobox font cs_font
    plot NaN notitle, for [i = 1:cs_ns] keyentry with linespoints linetype i \
        pointtype cs_pt(i) pointsize cs_mk title cs_name[i]
}
unset multiplot
unset output
