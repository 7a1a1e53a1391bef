#!/usr/bin/env python3
"""plot_layout.py - `calcsim plot` draws the same layout in SVG, PDF and PNG (issue 13).

    python3 tests/plot_layout.py CALCSIM WORKDIR NAME SCENARIO... [calcsim plot options...]

Draws the figure with CALCSIM in the three formats (WORKDIR/NAME.svg, .pdf, .png), renders
the SVG and the PDF to PNGs of the gnuplot PNG's size (rsvg-convert, pdftoppm), and checks:

  SVG  gnuplot writes each text as <g transform="translate(x,y)" font-size=...><text>.
       The scenario legend is the text of the last plot of the multiplot (its plot groups,
       <g id="gnuplot_plot_1e"> and so on); the panel headings are the bold texts. A text's
       box is estimated from its font size and length (DejaVu Sans: 0.928 em above the
       baseline, 0.236 em below, at most about 0.55 em a character, 0.62 em in bold). Checked: one
       legend entry per scenario; no two upright texts overlap; the gap between the lowest
       legend entry and the headings under it is under 1.2 em (no hole under the legend).
  PDF  `pdftotext -bbox` gives the real box of every word; each legend entry and heading of
       the SVG is found there as a run of words. Checked: legend entries and headings do
       not overlap, the same gap limit, and every one of them sits where the SVG puts it
       (its centre within 1 % of the page's height and width): the same picture.
  PNG  gnuplot's PNG and the two rendered ones. For each heading of the top row of panels
       and the lowest legend entry above it (boxes from the PDF), in the columns both cover:
       between their baselines some rows are blank (the lines do not run into each other),
       and, under the legend's last line, no more than 2 em of them (no hole under it).

Exit status 0 when every check holds, 1 with a message per failed check. A missing tool is
a failure, never a skip. Educational toy model - not medical advice.
"""
import html
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

ASCENT, DESCENT = 0.928, 0.236  # DejaVu Sans, in em: the line box pdftotext reports
GAP_MAX_EM = 1.2                  # the most blank space between the legend and a heading

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


class Box:
    """A text's box in fractions of the canvas (y down from the top)."""

    def __init__(self, text, x0, y0, x1, y1, em, kind):
        self.text, self.x0, self.y0, self.x1, self.y1, self.em, self.kind = \
            text, x0, y0, x1, y1, em, kind

    def overlaps(self, other, slack=0.0):
        return (self.x0 < other.x1 - slack and other.x0 < self.x1 - slack and
                self.y0 < other.y1 - slack and other.y0 < self.y1 - slack)

    def __repr__(self):
        return "%r [x %.3f-%.3f, y %.3f-%.3f]" % (self.text, self.x0, self.x1, self.y0, self.y1)


# ---- SVG -----------------------------------------------------------------------------------
def svg_texts(path):
    """The texts of a gnuplot SVG: (boxes, width, height). Each box has .kind: "legend"
    (in a plot group of the multiplot's last plot), "key" (in a plot group of another plot:
    a panel's legend), "bold" (a heading or the title), "rotated" or "text"."""
    svg = open(path, encoding="utf-8").read()
    m = re.search(r'<svg\b[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"', svg)
    if not m:
        raise SystemExit("plot_layout: %s has no <svg width=... height=...>" % path)
    w, h = float(m.group(1)), float(m.group(2))
    letters = re.findall(r'<g id="gnuplot_plot_\d+([a-z]+)"', svg)
    last = max(letters, key=lambda s: (len(s), s)) if letters else None
    raw = []
    stack = []  # the open <g> elements' attributes
    for tok in re.finditer(r'<g\b([^>]*)>|</g>|<text>(.*?)</text>', svg, re.S):
        if tok.group(0).startswith("<g"):
            stack.append(tok.group(1))
        elif tok.group(0) == "</g>":
            if stack:
                stack.pop()
        else:
            text = html.unescape(tok.group(2)).strip()
            if not text or not stack:
                continue
            attrs = stack[-1]
            t = re.search(r'translate\(([-\d.]+),([-\d.]+)\)', attrs)
            fs = re.search(r'font-size="([\d.]+)"', attrs)
            if not t or not fs:
                continue
            plot = None
            for a in stack:
                p = re.search(r'id="gnuplot_plot_\d+([a-z]+)"', a)
                if p:
                    plot = p.group(1)
            kind = ("rotated" if "rotate(" in attrs else
                    "legend" if plot is not None and plot == last else
                    "key" if plot is not None else
                    "bold" if 'font-weight="bold"' in attrs else "text")
            anchor = re.search(r'text-anchor="(\w+)"', attrs)
            raw.append((text, float(t.group(1)), float(t.group(2)), float(fs.group(1)), kind,
                        anchor.group(1) if anchor else "start"))
    boxes = []
    for text, x, y, fs, kind, anchor in raw:
        width = len(text) * fs * (0.62 if kind == "bold" else 0.55)
        x0 = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        boxes.append(Box(text, x0 / w, (y - ASCENT * fs) / h, (x0 + width) / w,
                         (y + DESCENT * fs) / h, fs / h, kind))
        boxes[-1].anchor = anchor
    return boxes, w, h


# ---- PDF -----------------------------------------------------------------------------------
def pdf_words(path):
    out = subprocess.run(["pdftotext", "-bbox", path, "-"], check=True, capture_output=True,
                         text=True).stdout
    m = re.search(r'<page width="([\d.]+)" height="([\d.]+)"', out)
    if not m:
        raise SystemExit("plot_layout: pdftotext -bbox found no page in " + path)
    w, h = float(m.group(1)), float(m.group(2))
    words = [(html.unescape(t), float(a) / w, float(b) / h, float(c) / w, float(d) / h)
             for a, b, c, d, t in re.findall(
                 r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                 out)]
    return words, w, h


def pdf_phrase(words, box, used):
    """The box of the first unused run of words that spells box.text, nearest to box."""
    want = box.text.split()
    best = None
    for i in range(len(words) - len(want) + 1):
        if i in used or [wd[0] for wd in words[i:i + len(want)]] != want:
            continue
        run = words[i:i + len(want)]
        b = Box(box.text, min(r[1] for r in run), min(r[2] for r in run),
                max(r[3] for r in run), max(r[4] for r in run), 0, box.kind)
        d = abs((b.y0 + b.y1) - (box.y0 + box.y1)) + abs(b.x0 - box.x0)
        if best is None or d < best[0]:
            best = (d, i, b)
    if best is None:
        return None
    used.add(best[1])
    return best[2]


# ---- PNG -----------------------------------------------------------------------------------
def read_png(path):
    """(width, height, rows of grey levels: the darkest channel, transparent = white)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit("plot_layout: %s is not a PNG" % path)
    pos, idat = 8, b""
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        pos += 12 + n
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif typ == b"IDAT":
            idat += body
    if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
        raise SystemExit("plot_layout: %s: unsupported PNG (depth %d, colour type %d)"
                         % (path, depth, ctype))
    bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    rows = []
    i = 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        if f == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif f == 3:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + (a + prev[x]) // 2) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        if ctype in (0, 4):
            grey = line[0::bpp] if ctype == 0 else bytearray(
                v if line[2 * k + 1] >= 128 else 255 for k, v in enumerate(line[0::2]))
        else:
            grey = bytearray(
                min(line[k:k + 3]) if bpp == 3 or line[k + 3] >= 128 else 255
                for k in range(0, stride, bpp))
        rows.append(grey)
    return w, h, rows


# ---- the checks ----------------------------------------------------------------------------
def gap_check(what, legend, headings):
    """The blank space between the lowest legend entry and the headings just under it."""
    if not legend:
        return
    low = max(legend, key=lambda b: b.y1)
    under = [hd for hd in headings if hd.y0 > low.y0]  # overlaps are reported elsewhere
    if not under:
        return
    top = min(hd.y0 for hd in under)
    gap = (top - low.y1) / low.em if low.em else (top - low.y1) / (low.y1 - low.y0) * (ASCENT + DESCENT)
    if gap > GAP_MAX_EM:  # (negative when they overlap)
        fail("%s: %.2f em of blank space between the legend (%r) and the panel headings"
             " (at most %.1f em)" % (what, gap, low.text, GAP_MAX_EM))


def main():
    if len(sys.argv) < 4:
        raise SystemExit(__doc__)
    calcsim, workdir, name = sys.argv[1:4]
    args = sys.argv[4:]
    missing = [t for t in ("gnuplot", "rsvg-convert", "pdftoppm", "pdftotext")
               if shutil.which(t) is None]
    if missing:
        print("plot_layout: FAIL: %s not found. This test needs gnuplot, rsvg-convert "
              "(Debian package librsvg2-bin) and pdftoppm and pdftotext (poppler-utils): "
              "install them (see .ci/run) to run it." % ", ".join(missing))
        return 1
    os.makedirs(workdir, exist_ok=True)
    base = os.path.join(workdir, name)
    for ext in ("svg", "pdf", "png"):
        r = subprocess.run([calcsim, "plot"] + args + ["--quiet", "-o", base + "." + ext],
                           capture_output=True, text=True)
        if r.returncode != 0:
            print("plot_layout: calcsim plot -o %s.%s failed (%d): %s"
                  % (name, ext, r.returncode, r.stderr.strip()))
            return 1

    # SVG
    boxes, _, _ = svg_texts(base + ".svg")
    nscen = 0  # the scenarios are the arguments before the first option
    while nscen < len(args) and not args[nscen].startswith("-"):
        nscen += 1
    if nscen <= 1:  # no scenario legend: the last plot is a panel, with its own legend
        for b in boxes:
            b.kind = "key" if b.kind == "legend" else b.kind
    legend = [b for b in boxes if b.kind == "legend"]
    # The note under the legend that names lines drawn on top of each other belongs to the
    # legend block: the gap to the headings is measured from its last line.
    notes = [b for b in boxes if b.kind == "text" and
             (b.text.startswith("Drawn wider underneath") or b.text.startswith("and: "))]
    headings = [b for b in boxes if b.kind == "bold"]
    print("%s: %d legend entries, %d headings, %d texts in the SVG"
          % (name, len(legend), len(headings), len(boxes)))
    if nscen > 1 and len(legend) != nscen:
        fail("SVG: %d legend entries for %d scenarios: %s" % (len(legend), nscen, legend))
    if not headings:
        fail("SVG: no panel heading (bold text) found")
    upright = [b for b in boxes if b.kind != "rotated"]
    for i, a in enumerate(upright):
        for b in upright[i + 1:]:
            if a.overlaps(b):
                fail("SVG: %s overlaps %s" % (a, b))
    gap_check("SVG", legend + notes, headings)

    # PDF: the same texts, with their real boxes, at the same places.
    words, _, _ = pdf_words(base + ".pdf")
    used = set()
    pdf_legend, pdf_headings = [], []
    for b in legend + notes + headings:
        p = pdf_phrase(words, b, used)
        if p is None:
            fail("PDF: %r is not in the text of the PDF" % b.text)
            continue
        p.em = b.em * (p.y1 - p.y0) / (b.y1 - b.y0)
        (pdf_legend if b.kind in ("legend", "text") else pdf_headings).append(p)
        dy = abs((p.y0 + p.y1) / 2 - (b.y0 + b.y1) / 2)
        # Only the anchored end of an SVG text's box is known (its width is a guess).
        at = {"middle": lambda q: (q.x0 + q.x1) / 2, "end": lambda q: q.x1}.get(
            b.anchor, lambda q: q.x0)
        dx = abs(at(p) - at(b))
        if dy > 0.01 or dx > 0.01:
            fail("PDF: %r is %.1f %% of the height and %.1f %% of the width away from where"
                 " the SVG puts it" % (b.text, 100 * dy, 100 * dx))
    for a in pdf_legend:
        for b in pdf_headings:
            if a.overlaps(b):
                fail("PDF: legend entry %s overlaps heading %s" % (a, b))
    gap_check("PDF", pdf_legend, pdf_headings)

    # PNG: gnuplot's, and the SVG and the PDF rendered at the same size.
    png = read_png(base + ".png")
    w, h = png[0], png[1]
    subprocess.run(["rsvg-convert", "-w", str(w), "-h", str(h), "-b", "white",
                    base + ".svg", "-o", base + "_svg.png"], check=True)
    subprocess.run(["pdftoppm", "-png", "-singlefile", "-scale-to-x", str(w), "-scale-to-y",
                    str(h), base + ".pdf", base + "_pdf"], check=True)
    # Where the lowest legend entry above each heading of the top row meets it, from the
    # texts of the SVG (for the SVG's rendering) or of the PDF (for the PDF's and for
    # gnuplot's PNG, drawn by cairo as the PDF is). Between the two baselines, in the
    # columns both cover, some rows must be blank: white that keeps the two lines apart.
    def pairs_of(legend, headings):
        if not legend:
            return []
        # Not the figure's title, above the legend.
        headings = [hd for hd in headings if hd.y0 > min(b.y0 for b in legend)]
        top_row = [hd for hd in headings if not any(
            o.y1 <= hd.y0 and o.x0 < hd.x1 and hd.x0 < o.x1 for o in headings)]
        pairs = []
        for hd in top_row:
            em = (hd.y1 - hd.y0) / (ASCENT + DESCENT)
            above = [b for b in legend if b.y0 < hd.y0 and
                     min(b.x1, hd.x1) - max(b.x0, hd.x0) > 2 * em * h / w]
            if above:
                pairs.append((max(above, key=lambda b: b.y1), hd, legend))
        return pairs
    svg_pairs = pairs_of(legend + notes, headings)
    pdf_pairs = pairs_of(pdf_legend, pdf_headings)
    for label, path, pairs in (("PNG", base + ".png", pdf_pairs),
                               ("SVG as PNG", base + "_svg.png", svg_pairs),
                               ("PDF as PNG", base + "_pdf.png", pdf_pairs)):
        img = read_png(path) if path != base + ".png" else png
        if (img[0], img[1]) != (w, h):
            fail("%s: %dx%d, not %dx%d" % (label, img[0], img[1], w, h))
            continue
        for leg, hd, legs in pairs:
            em = (hd.y1 - hd.y0) / (ASCENT + DESCENT) * h  # pixels
            c0 = int(max(leg.x0, hd.x0) * w + em)  # half an em in from both ends
            c1 = int(min(leg.x1, hd.x1) * w - em)
            r0 = int((leg.y1 - DESCENT * (leg.y1 - leg.y0) / (ASCENT + DESCENT)) * h)
            r1 = int((hd.y1 - DESCENT * (hd.y1 - hd.y0) / (ASCENT + DESCENT)) * h)
            rows = img[2]
            blank = [min(rows[y][c0:c1], default=255) >= 150 for y in range(r0, r1)]
            runs, run = [], 0
            for b in blank + [False]:
                if b:
                    run += 1
                else:
                    if run:
                        runs.append(run)
                    run = 0
            longest = max(runs, default=0)
            if longest < max(2, 0.1 * em):
                fail("%s: no blank rows between the legend entry %r and the heading %r"
                     " (rows %d-%d, columns %d-%d): they run into each other"
                     % (label, leg.text, hd.text, r0, r1, c0, c1))
            elif longest > 2.0 * em and leg.y1 >= max(b.y1 for b in legs):
                fail("%s: %d blank rows (%.1f em) between the legend entry %r and the heading"
                     " %r: a hole under the legend" % (label, longest, longest / em, leg.text,
                                                       hd.text))
    if nscen > 1 and not (svg_pairs and pdf_pairs):
        fail("no legend entry above a heading was found to check in the PNGs")
    print("%s: %d legend/heading pairs checked in 3 PNGs" % (name, len(pdf_pairs)))
    if failures:
        print("%s: %d check(s) failed; the figures are in %s" % (name, len(failures), workdir))
        return 1
    print("%s: the legend and the headings do not overlap in SVG, PDF and PNG" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main())
