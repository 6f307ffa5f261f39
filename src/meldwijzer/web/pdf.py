"""HTML to PDF with WeasyPrint: the one place documents are rendered (the casus dossier, the
melding sheet, the inzage export).

WeasyPrint needs Pango from the system (Debian: ``libpango-1.0-0 libpangoft2-1.0-0`` and the
fonts ``fonts-dejavu-core fonts-liberation``; ``make pdf-deps``). It is imported only when a PDF
is made. A document fetches nothing: its stylesheet is passed in here and its pictures are
inline SVG, so whatever text a casus holds cannot make the server fetch an address or read a
file.

Every document is tagged PDF/UA-1 (ISO 14289-1): a structure tree a screen reader follows
(headings, paragraphs, tables, lists), the language of ``<html lang>`` and the title of
``<title>``, shown as the window title (WCAG and EN 301 549 for documents).
"""

from __future__ import annotations

from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

DOCUMENT_CSS = "web/document.css"
# WeasyPrint's name for PDF/UA-1: tags the PDF and writes the pdfuaid part in its metadata.
PDF_VARIANT = "pdf/ua-1"


class VerbodenBron(ValueError):
    pass


def _niets_ophalen(url: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """WeasyPrint's url_fetcher: only ``data:`` URLs (inline); anything else is refused."""
    if url.startswith("data:"):
        from weasyprint.urls import default_url_fetcher

        return default_url_fetcher(url, *args, **kwargs)
    raise VerbodenBron(f"Een document haalt niets op ({url!r}).")


def naar_pdf(html: str, *, stylesheet: str | None = DOCUMENT_CSS) -> bytes:
    """A complete HTML document as PDF bytes, with our document stylesheet (a static file)."""
    from weasyprint import CSS, HTML

    bladen = []
    if stylesheet:
        pad = finders.find(stylesheet)
        if isinstance(pad, str):
            bladen.append(CSS(filename=pad, url_fetcher=_niets_ophalen))
    return HTML(string=html, url_fetcher=_niets_ophalen).write_pdf(
        stylesheets=bladen, pdf_variant=PDF_VARIANT
    )


def sjabloon_naar_pdf(sjabloon: str, context: dict[str, Any]) -> bytes:
    """A document template rendered for the PDF (``pdf`` true in its context)."""
    return naar_pdf(render_to_string(sjabloon, {**context, "pdf": True}))
