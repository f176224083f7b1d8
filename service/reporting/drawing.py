"""What every chart of the evaluators' pages shares: matplotlib set up to write SVG whose
text stays text, and the drawing made fit to sit inline in a page (as wide as the page
through its viewBox, no script, no inline styles, ids of its own, a title for screen
readers)."""

from __future__ import annotations

import hashlib
import io
import re

import matplotlib
from matplotlib.figure import Figure

# Text stays text (searchable, scalable, read by screen readers); ids are the same each time.
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["svg.hashsalt"] = "grannskap"
matplotlib.rcParams["font.family"] = ["DejaVu Sans", "sans-serif"]
matplotlib.rcParams["font.size"] = 11

# Told apart in black and white too: a colour and a line style (or hatch) each.
COLOURS = ("#0a4f8f", "#b35900", "#2e7d32", "#6a3d9a")
STYLES = ("-", "--", ":", "-.")
HATCHES = ("", "//", "..", "xx")

_SIZE = re.compile(r'<svg([^>]*?) width="[^"]*" height="[^"]*"')
_STYLE = re.compile(r'style="([^"]*)"')
_METADATA = re.compile(r"<metadata>.*?</metadata>", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)


def _attributes(match: re.Match[str]) -> str:
    """``style="fill: #fff; stroke: none"`` as ``fill="#fff" stroke="none"``: the pages'
    Content-Security-Policy (style-src 'self') drops inline styles, and every property
    matplotlib writes is an SVG presentation attribute too."""
    pairs = (p.split(":", 1) for p in match.group(1).split(";") if ":" in p)
    return " ".join(f'{k.strip()}="{v.strip()}"' for k, v in pairs)


def inline_svg(figure: Figure, title: str) -> str:
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg") :]
    # inline in HTML: no namespaces, no metadata (the page names no outside address)
    text = _METADATA.sub("", text)
    text = re.sub(r' xmlns(:xlink)?="[^"]*"', "", text).replace("xlink:href=", "href=")
    text = _STYLE_ELEMENT.sub("", text)
    text = _STYLE.sub(_attributes, text)
    # ids unique to this drawing: several charts share a page
    salt = hashlib.sha1(text.encode()).hexdigest()[:8]
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="g{salt}-{m.group(1)}"', text)
    text = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: f"{m.group(1)}g{salt}-{m.group(2)}", text)
    label = title.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return _SIZE.sub(
        lambda m: f'<svg{m.group(1)} width="100%" role="img" aria-label="{label}"', text, count=1
    )
