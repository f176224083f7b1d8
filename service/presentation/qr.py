"""QR codes (segno) for the check-in page of each resource: an SVG that prints sharply at
any size. The code holds only the page's address; signing in decides the rest."""

from __future__ import annotations

from uuid import UUID

import segno


def check_in_url(base_url: str, resource_id: UUID) -> str:
    """The address a resource's code opens: its check-in page."""
    return f"{base_url.rstrip('/')}/r/{resource_id}"


def qr_svg(url: str, title: str, scale: int = 6) -> str:
    """The code as an SVG element (no XML declaration), with a title for screen readers.
    Error correction "M" survives a worn or partly covered sticker."""
    code = segno.make(url, error="m", micro=False)
    return str(code.svg_inline(scale=scale, border=2, title=title, svgclass="qr", lineclass=None))


def qr_svg_document(url: str, title: str, scale: int = 10) -> bytes:
    """The code as a standalone SVG file."""
    import io

    out = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        out, kind="svg", scale=scale, border=2, title=title, xmldecl=True
    )
    return out.getvalue()
