# plots/style.gp - the look of every calcsim figure: terminal, size, fonts, colours and
# line styles. Edit this file to restyle all figures at once.
#
# Educational toy model - not medical advice.
#
# How a figure script uses it (dashboard.gp, and the sweep_*.gp scripts):
#
#   cs_out = "figure.png"                          # or .svg, .pdf, or "-"
#   load cs_dir."style.gp"                          # cs_dir: the folder of the script
#   ...                                             # draw, using the names below
#   unset output                                    # closes (completes) the file
#
# Set before loading:
#   cs_out        where the figure goes: NAME.png (pngcairo, 1600x1000 pixels), NAME.svg
#                 (1600x1000), NAME.pdf (pdfcairo, 10 x 6.25 inches), or "-" or "" for a
#                 text drawing on standard output (gnuplot's dumb terminal)
#   cs_format     optional: "png", "svg", "pdf" or "dumb"; wins over cs_out's extension
#                 (calcsim writes to a temporary name first and sets it)
#   cs_term_size  optional: "COLUMNS LINES" of the text drawing (default: 120 columns,
#                 25 lines per row of panels, at least 50; calcsim passes the terminal's)
#   cs_term_exact optional: 1 to draw exactly cs_term_size (dashboard.gp, which fits its
#                 panels to it); otherwise at least 80 columns and 22 lines a row of panels
#   cs_rows       optional: rows of panels (default 2). The canvas is 1000 units high for
#                 up to 2 rows and 320 units more for each further row.
#   cs_size       optional: "WIDTH HEIGHT" of the canvas in pixels (default "1600 1000",
#                 and taller for more rows): the same picture, with fonts, lines and
#                 markers scaled by the smaller of WIDTH/1600 and HEIGHT/1000; the PDF is
#                 that picture at 160 pixels per inch (calcsim plot --size)
#   cs_font_pt    optional: the text size in points on the PNG (default 22); the SVG and
#                 PDF scale it so that they show the same picture (--font-size)
#   cs_line_px    optional: the width of a curve in pixels on the PNG (default 3.5)
#                 (--line-width)
#   cs_palette    optional: "okabe-ito" (default), "tol" or "grey" (--palette)
#
# Defined after loading:
#   linetype 1-8  one per scenario (or per series in a one-scenario panel): Okabe-Ito
#                 colours (colour-blind safe), each with its own dash pattern, so the
#                 curves also stay apart in greyscale. Draw scenario i with `lt i`.
#   cs_pt(k)      point type of series k (1-5) where several series share one colour
#   cs_ps         point size
#   cs_kind       "png", "svg", "pdf" or "dumb"
#   cs_is_text    1 on the dumb terminal, else 0 (skip fills and fonts there)
#   cs_font, cs_font_title, cs_font_heading, cs_font_small
#                 font strings for text, the figure title, panel headings and notes
#                 ("" on the dumb terminal)
#   cs_line       height of one line of text as a fraction of the canvas height
#   cs_char       width of one character as a fraction of the canvas width
#   cs_keychar    width of one character in gnuplot's layout of legend columns
#   cs_vchar      height of gnuplot's own line of text (legend rows, tick label distance),
#                 as a fraction of the canvas height: key spacing S draws rows S * cs_line
#                 apart when written `spacing S * cs_line / cs_vchar`
#   cs_vfix       offset (in gnuplot lines) that corrects text placed one line from an axis
#   cs_samplen(S), cs_keywidth(L, S, W)
#                 a legend's samplen and width: the same legend across on every format
#   cs_band_color fill colour of reference bands (normal ranges)
#   cs_note_color colour of small notes
#   cs_disclaimer the note that every figure carries: draw it with
#                 `eval cs_disclaimer_label` (a screen label at the bottom right)
#
# Everything is noenhanced: names with underscores (vessel_ca_mg) print as typed.

if (!exists("cs_out")) cs_out = "-"
if (!exists("cs_format")) cs_format = ""
if (!exists("cs_rows")) cs_rows = 2
if (!exists("cs_term_size")) cs_term_size = sprintf("120 %d", cs_rows <= 2 ? 50 : 25 * cs_rows)
if (!exists("cs_size")) cs_size = ""
if (!exists("cs_font_pt")) cs_font_pt = 22
if (!exists("cs_line_px")) cs_line_px = 3.5
if (!exists("cs_palette")) cs_palette = "okabe-ito"
cs_hscale = cs_rows <= 2 ? 1 : 1 + 0.32 * (cs_rows - 2)
# A size other than 1600 x 1000 draws the same picture at another resolution: fonts, lines
# and markers scale with the smaller of the two ratios.
cs_size_w = cs_size eq "" ? 1600 : int(word(cs_size, 1))
cs_size_h = cs_size eq "" ? 1000 : int(word(cs_size, 2))
cs_zoom = (cs_size_w / 1600.0 < cs_size_h / 1000.0) ? cs_size_w / 1600.0 : cs_size_h / 1000.0

# The format: cs_format if given, else the extension of cs_out, else the text drawing.
cs_ext(s) = strlen(s) >= 4 ? s[strlen(s) - 3:strlen(s)] : ""
cs_kind = cs_format ne "" ? cs_format : \
          (cs_out eq "" || cs_out eq "-") ? "dumb" : \
          (cs_ext(cs_out) eq ".png" || cs_ext(cs_out) eq ".PNG") ? "png" : \
          (cs_ext(cs_out) eq ".svg" || cs_ext(cs_out) eq ".SVG") ? "svg" : \
          (cs_ext(cs_out) eq ".pdf" || cs_ext(cs_out) eq ".PDF") ? "pdf" : "unknown"
if (cs_kind eq "unknown") {
    exit error sprintf("style.gp: cannot tell the format of '%s': use .png, .svg, .pdf or - (text)", cs_out)
}
cs_is_text = cs_kind eq "dumb"

# ---- terminal --------------------------------------------------------------------------
# Every format draws the same picture: a canvas of 1600 x 1000 units (taller for more than
# two rows of panels) whose text is about 29 units high (a 22 pt font on the 96 dpi bitmap),
# large enough to read on a projector from the back of a room. The PDF is that picture at
# 10 x 6.25 inches (720 x 450 pt) with a 13 pt font. cs_em is the font size in canvas units.
# Lines are 3.5 units wide; the markers are about 13 units across in every format.
# What the terminals do with these numbers differs, and the constants below undo it (each
# was measured by rendering the three formats to 1600x1000 PNGs and comparing them):
#   - pdfcairo draws a font 4/3 times larger than asked and then applies its default
#     fontscale of 0.5; fontscale 0.75 makes a 13 pt font 13 pt, as in the PNG.
#   - pdfcairo's linewidth 1 is 0.5 pt: 3.5 units of a 1600-unit canvas 720 pt wide are
#     1.575 pt, so linewidth 0.9.
#   - the svg terminal takes a text line to be 1.5 em high (cairo: about 1.17 em) and draws
#     markers about 2.8 times larger and tick marks twice as long: see cs_vchar; cs_ps
#     and cs_ticscale (tick marks about 9 units long) are set per format.
#   - dashes: each terminal scales dash patterns its own way; the dashlength of each makes
#     a pattern as long as on the PNG (linetype 2 repeats every 16.5 units).
cs_fontname = "Sans"
cs_lw = cs_line_px
if (cs_kind eq "png") {
    cs_w = cs_size_w; cs_h = int(cs_size_h * cs_hscale); cs_fs = cs_font_pt * cs_zoom
    cs_em = cs_fs * 4.0 / 3; cs_ps = 1.6 * cs_zoom; cs_ticscale = 0.8
    set terminal pngcairo size cs_w, cs_h noenhanced font sprintf("%s,%g", cs_fontname, cs_fs) \
        linewidth cs_zoom rounded dashlength 1.5
}
if (cs_kind eq "svg") {
    cs_w = cs_size_w; cs_h = int(cs_size_h * cs_hscale); cs_fs = cs_font_pt * 29.0 / 22 * cs_zoom
    cs_em = cs_fs; cs_ps = 0.58 * cs_zoom; cs_ticscale = 0.4
    set terminal svg size cs_w, cs_h noenhanced font sprintf("%s,%g", cs_fontname, cs_fs) \
        linewidth cs_zoom rounded dashlength 0.8 background rgb "white"
}
if (cs_kind eq "pdf") {
    # 160 pixels per inch: 1600 x 1000 is 10 x 6.25 inches (720 x 450 pt).
    cs_w = cs_size_w * 0.45; cs_h = cs_size_h * 0.45 * cs_hscale
    cs_fs = cs_font_pt * 13.0 / 22 * cs_zoom; cs_em = cs_fs
    cs_ps = 0.8 * cs_zoom; cs_ticscale = 0.65
    set terminal pdfcairo size cs_size_w / 160.0, cs_size_h * cs_hscale / 160.0 noenhanced \
        font sprintf("%s,%g", cs_fontname, cs_fs) fontscale 0.75 linewidth 0.9 * cs_zoom \
        rounded dashlength 1.4
}
if (cs_is_text) {
    cs_w = int(word(cs_term_size, 1)); cs_h = int(word(cs_term_size, 2))
    if (exists("cs_term_exact")) {
        cs_w = cs_w < 40 ? 40 : cs_w
        cs_h = cs_h < 12 ? 12 : cs_h
    } else {
        cs_w = cs_w < 80 ? 80 : cs_w
        cs_h = cs_h < 22 * cs_rows + 6 ? 22 * cs_rows + 6 : cs_h
    }
    cs_fs = 1; cs_em = 1; cs_lw = 1; cs_ps = 1; cs_ticscale = 0.8
    set terminal dumb size cs_w, cs_h noenhanced mono
}
if (cs_out ne "" && cs_out ne "-") { set output cs_out } else { set output }

# ---- text ------------------------------------------------------------------------------
if (cs_is_text) {
    cs_font = ""; cs_font_title = ""; cs_font_heading = ""; cs_font_small = ""
    cs_line = 1.0 / cs_h
    cs_char = 1.0 / cs_w
    cs_keychar = cs_char
} else {
    cs_font = sprintf("%s,%g", cs_fontname, cs_fs)
    cs_font_title = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.3)
    cs_font_heading = sprintf("%s Bold,%g", cs_fontname, cs_fs * 1.05)
    cs_font_small = sprintf("%s,%g", cs_fontname, cs_fs * 0.75)
    # Measured with DejaVu Sans: a line of text is about 1.17 em high, a character of
    # English text about 0.51 em wide on average, and gnuplot lays out legend columns
    # with about 0.65 em per character.
    cs_line = 1.17 * cs_em / cs_h
    cs_char = 0.51 * cs_em / cs_w
    cs_keychar = 0.65 * cs_em / cs_w
}
# gnuplot's own line of text, as a fraction of the canvas height: it spaces the rows of a
# legend (set key spacing) and puts tick labels and axis labels that many lines from the
# axis. The cairo terminals (png, pdf) agree with cs_line; the svg terminal's line is 1.5 em.
# cs_vfix: the offset, in gnuplot's lines, that moves text placed one gnuplot line from an
# axis to one cs_line from it (0 on png and pdf; add n * cs_vfix for text n lines away).
cs_vchar = cs_kind eq "svg" ? 1.5 * cs_em / cs_h : cs_line
cs_vfix = 1 - cs_line / cs_vchar
# Legends, across: gnuplot measures them in its character width (png 0.648 em, pdf 0.636
# em, svg 0.700 em), and puts a title S + k characters after the start of its sample and
# its next column L + S + W + k' characters further (S: key samplen, L: the longest title,
# W: key width; cairo: k = 2.78, k' = 2.73; svg: k = k' = 3.07). Written
# `samplen cs_samplen(S) width cs_keywidth(L, S, W)`, a legend is as wide as on the png.
cs_hfix = cs_kind eq "svg" ? 0.648 / 0.700 : cs_kind eq "pdf" ? 0.648 / 0.636 : 1
cs_k1 = cs_kind eq "svg" ? 3.07 : 2.78
cs_k2 = cs_kind eq "svg" ? 3.07 : 2.73
cs_samplen(s) = cs_hfix == 1 ? s : (s + 2.78) * cs_hfix - cs_k1
cs_keywidth(len, s, w) = cs_hfix == 1 ? w : (len + s + w + 2.73) * cs_hfix - cs_k2 - len - cs_samplen(s)
cs_band_color = "#e6e6e6"
cs_note_color = "#4d4d4d"
cs_disclaimer = "Educational toy model - not medical advice"
cs_disclaimer_label = 'set label 990 cs_disclaimer at screen 1 - cs_char, screen 0.45 * cs_line right ' . \
                      'font cs_font_small textcolor rgb cs_note_color front'

# ---- lines: a colour set, each colour with its own dash pattern -----------------------
# okabe-ito (default): Okabe & Ito (2008), "Color Universal Design"; yellow (#F0E442) is
#   left out: too pale on white.
# tol: Paul Tol's "bright" qualitative set, also colour-blind safe, plus black.
# grey: black to mid grey, for greyscale print; the dash patterns tell the lines apart.
# The dash patterns (solid, long dash, dot, dash-dot, ...) are the same in every set, so
# curves stay apart in greyscale print and for readers who see few colours.
cs_colors = cs_palette eq "tol" ? \
    "#4477AA #EE6677 #228833 #AA3377 #CCBB44 #66CCEE #000000 #BBBBBB" : \
    cs_palette eq "grey" ? \
    "#000000 #555555 #000000 #777777 #333333 #999999 #000000 #666666" : \
    "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000 #999999"
if (cs_palette ne "okabe-ito" && cs_palette ne "tol" && cs_palette ne "grey") {
    exit error sprintf("style.gp: unknown cs_palette '%s': use okabe-ito, tol or grey", cs_palette)
}
set linetype 1 linecolor rgb word(cs_colors, 1) linewidth cs_lw dashtype solid
set linetype 2 linecolor rgb word(cs_colors, 2) linewidth cs_lw dashtype (8, 4)
set linetype 3 linecolor rgb word(cs_colors, 3) linewidth cs_lw dashtype (2, 3)
set linetype 4 linecolor rgb word(cs_colors, 4) linewidth cs_lw dashtype (10, 3, 2, 3)
set linetype 5 linecolor rgb word(cs_colors, 5) linewidth cs_lw dashtype (4, 3)
set linetype 6 linecolor rgb word(cs_colors, 6) linewidth cs_lw dashtype (10, 3, 2, 3, 2, 3)
set linetype 7 linecolor rgb word(cs_colors, 7) linewidth cs_lw dashtype (16, 4)
set linetype 8 linecolor rgb word(cs_colors, 8) linewidth cs_lw dashtype (2, 6)
set linetype cycle 8
# The colour of line type i, for labels drawn in a line's colour.
cs_color(i) = word(cs_colors, (i - 1) % 8 + 1)

# Series that share a scenario's colour are told apart by markers: filled circle, square,
# triangle, inverted triangle, diamond.
cs_pt(k) = word("7 5 9 11 13", (k - 1) % 5 + 1) + 0

# ---- axes and text defaults ------------------------------------------------------------
set border 3 linewidth 1.2 linecolor rgb "#333333"
set tics nomirror out scale cs_ticscale
set xtics offset 0, cs_vfix
if (cs_is_text) { unset grid } else { set grid linecolor rgb "#dddddd" linewidth 1 dashtype solid }
set format x "%g"
set format y "%g"
set datafile separator comma
set datafile commentschars "#"
set datafile missing ""
