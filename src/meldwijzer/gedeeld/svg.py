"""An SVG drawing our own code built (the flowchart, the QR code), placed inline in a page or
document: without its XML declaration, and marked safe — the drawing code escapes every text it
puts in, so nothing typed by a user reaches the page unescaped."""

from __future__ import annotations

import re

from django.utils.safestring import SafeString, mark_safe

_XML_DECLARATIE = re.compile(r"^\s*<\?xml[^>]*\?>\s*")


def inline_svg(svg: str) -> SafeString:
    return mark_safe(_XML_DECLARATIE.sub("", svg))  # noqa: S308
