# plots/sweep_size.gp - the size of a calcsim sweep figure, loaded by sweep_lines.gp and
# sweep_heatmap.gp right after style.gp.
#
# Educational toy model - not medical advice.
#
# cs_size = "W H" (calcsim plot-sweep --size WxH, or the terminal's size for --term; unset
# or "": style.gp's size): W x H characters for the text drawing, W x H pixels for a PNG or
# SVG; a PDF page of W/160 x H/160 inches, the same picture as the PNG of that size. In a
# file, fonts, lines and markers scale with the size (by the smaller of W/1600 and H/1000),
# so the picture keeps its proportions; the scripts lay out the figure from cs_line and
# cs_char, which are set again here. The text drawing may be as small as 40 x 12 (style.gp
# alone makes it at least 80 x 28).

if (!exists("cs_size")) cs_size = ""
if (cs_size ne "") {
    cs_w = int(word(cs_size, 1)); cs_h = int(word(cs_size, 2))
    if (cs_is_text) {
        set terminal dumb size cs_w, cs_h noenhanced mono
        cs_line = 1.0 / cs_h
        cs_char = 1.0 / cs_w
        cs_keychar = cs_char
    } else {
        # The same picture as style.gp's 1600 x 1000, at another resolution: fonts, lines
        # and markers scale with the smaller of the two ratios.
        cs_scale = (cs_w / 1600.0 < cs_h / 1000.0) ? cs_w / 1600.0 : cs_h / 1000.0
        cs_fs = cs_fs * cs_scale; cs_em = cs_em * cs_scale; cs_ps = cs_ps * cs_scale
        cs_font = sprintf("%s,%g", cs_fontname, cs_fs)
        cs_font_title = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.3)
        cs_font_heading = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.05)
        cs_font_small = sprintf("%s,%g", cs_fontname, cs_fs * 0.75)
        # style.gp's terminal options again (gnuplot forgets those not repeated): keep
        # them in step with style.gp.
        if (cs_kind eq "png") {
            set terminal pngcairo size cs_w, cs_h noenhanced font cs_font linewidth cs_scale \
                rounded dashlength 1.5
        }
        if (cs_kind eq "svg") {
            set terminal svg size cs_w, cs_h noenhanced font cs_font linewidth cs_scale \
                rounded dashlength 1.2 background rgb "white"
        }
        if (cs_kind eq "pdf") {
            # The page of style.gp is 720 x 450 pt for 1600 x 1000: the same scale.
            cs_w = cs_w * 0.45; cs_h = cs_h * 0.45
            set terminal pdfcairo size cs_w / 72.0, cs_h / 72.0 noenhanced font cs_font \
                linewidth 0.6 * cs_scale rounded dashlength 2
        }
        # As in style.gp: measured with DejaVu Sans.
        cs_line = 1.17 * cs_em / cs_h
        cs_char = 0.51 * cs_em / cs_w
        cs_keychar = 0.65 * cs_em / cs_w
    }
    if (cs_out ne "" && cs_out ne "-") { set output cs_out } else { set output }
}
