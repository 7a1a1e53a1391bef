# plots/sweep_size.gp - the size of a calcsim sweep figure, loaded by sweep_lines.gp and
# sweep_heatmap.gp right after style.gp.
#
# Educational toy model - not medical advice.
#
# cs_size = "W H" (calcsim plot-sweep --size WxH, or the terminal's size for --term; unset
# or "": style.gp's size): W x H characters for the text drawing, W x H pixels for a PNG or
# SVG (style.gp draws files at cs_size, with fonts, lines and markers scaled by the smaller
# of W/1600 and H/1000; a PDF page is W/160 x H/160 inches). Here only the text drawing:
# it may be as small as 40 x 12 (style.gp alone makes it at least 80 x 28), and the
# scripts lay it out from cs_line and cs_char, which are set again here.

if (!exists("cs_size")) cs_size = ""
# (A file: style.gp already set it up at cs_size, with fonts, lines and markers scaled.)
if (cs_size ne "" && cs_is_text) {
    cs_w = int(word(cs_size, 1)); cs_h = int(word(cs_size, 2))
    set terminal dumb size cs_w, cs_h noenhanced mono
    cs_line = 1.0 / cs_h
    cs_char = 1.0 / cs_w
    cs_keychar = cs_char
    if (cs_out ne "" && cs_out ne "-") { set output cs_out } else { set output }
}
