"""Cleaning an SVG drawing that a host uploads as the background of a floor plan.

Only drawing survives: shapes, paths, text, groups, gradients and the attributes that style
them. Scripts, event handlers, foreign objects, links, embedded images, references outside
the drawing and document type declarations (entities) are dropped or refused. The pages show
the result only as an image (never inline), from a route of their own with a strict
Content-Security-Policy, so even what cleaning missed could not run.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from domain.errors import InvalidSetting
from domain.floorplan import MAX_BACKGROUND

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop",
    "clipPath", "use", "symbol", "pattern", "marker", "mask",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy",
    "r", "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule",
    "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-linecap",
    "stroke-linejoin", "opacity", "font-family", "font-size", "font-weight", "font-style",
    "text-anchor", "dominant-baseline", "offset", "stop-color", "stop-opacity",
    "gradientUnits", "gradientTransform", "patternUnits", "preserveAspectRatio", "clip-path",
    "clip-rule", "mask", "marker-start", "marker-mid", "marker-end", "markerWidth",
    "markerHeight", "refX", "refY", "orient", "dx", "dy", "visibility", "display", "style",
    "href", "version",
}  # fmt: skip
EXTERNAL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
UNSAFE_STYLE = re.compile(r"@import|expression\s*\(|javascript:|behavior\s*:", re.IGNORECASE)


def clean_svg(text: str) -> str:
    """The drawing with only what is allowed; ``InvalidSetting`` about "background" when it
    is no SVG drawing at all, too large, or declares a document type."""
    if len(text) > 4 * MAX_BACKGROUND:
        raise InvalidSetting("the drawing is too large (at most 256 KB)", about="background")
    if "\x00" in text or re.search(r"<!DOCTYPE|<!ENTITY", text, re.IGNORECASE):
        raise InvalidSetting("a drawing may not declare a document type", about="background")
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise InvalidSetting("that is not an SVG drawing", about="background") from None
    if _local(root.tag) != "svg" or _namespace(root.tag) not in ("", SVG):
        raise InvalidSetting("that is not an SVG drawing", about="background")
    cleaned = _clean(root)
    if cleaned is None:  # pragma: no cover - the root is an svg element
        raise InvalidSetting("that is not an SVG drawing", about="background")
    cleaned.set("xmlns", SVG)
    out = ET.tostring(cleaned, encoding="unicode", short_empty_elements=True)
    if len(out) > MAX_BACKGROUND:
        raise InvalidSetting("the drawing is too large (at most 256 KB)", about="background")
    return out


def _namespace(tag: str) -> str:
    return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""


def _local(tag: str) -> str:
    return tag.split("}", 1)[-1]


def _clean(element: ET.Element) -> ET.Element | None:
    if not isinstance(element.tag, str) or _namespace(element.tag) not in ("", SVG):
        return None
    name = _local(element.tag)
    if name not in ELEMENTS:
        return None
    out = ET.Element(name)
    for key, value in element.attrib.items():
        attribute = _local(key)
        namespace = _namespace(key)
        if namespace not in ("", XLINK) or attribute not in ATTRIBUTES:
            continue
        if attribute == "href":
            if not value.startswith("#"):
                continue
        elif EXTERNAL.search(value) or UNSAFE_STYLE.search(value):
            continue
        out.set(attribute, value)
    if name in ("title", "desc", "text", "tspan") and element.text:
        out.text = element.text
    for child in element:
        kept = _clean(child)
        if kept is not None:
            if child.tail and name in ("text", "tspan"):
                kept.tail = child.tail
            out.append(kept)
    return out
