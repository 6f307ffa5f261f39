"""The meldcode document rendered: HTML from one template (meldcode/document.html), and from it
the ODF text document (meldcode.odf); the faces turn the same HTML into the tagged PDF
(web.pdf). A stored version renders from its own stored content, so it reads the same later."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from meldwijzer.catalogus.models import KaderVersie
from meldwijzer.gedeeld.svg import inline_svg
from meldwijzer.kader.stroomschema import TeGrootOmTeTekenen, teken_svg
from meldwijzer.meldcode import odf
from meldwijzer.meldcode.inhoud import bouw_inhoud, ontbrekend
from meldwijzer.meldcode.models import MeldcodeVersie

logger = logging.getLogger(__name__)
SJABLOON = "meldcode/document.html"


@dataclass
class Document:
    inhoud: dict[str, Any]
    volgnummer: int | None
    concept: bool
    vastgesteld_op: dt.date | None

    @property
    def titel(self) -> str:
        return _("Meldcode huiselijk geweld en kindermishandeling — %(org)s") % {
            "org": self.inhoud["organisatie"]
        }


def van_versie(versie: MeldcodeVersie) -> Document:
    return Document(versie.inhoud, versie.volgnummer, versie.concept, versie.vastgesteld_op)


def van_nu(organisatie_id: int) -> Document:
    """What Meldwijzer knows now, as no stored version (the command line's default)."""
    inhoud = bouw_inhoud(organisatie_id)
    return Document(inhoud, None, bool(ontbrekend(inhoud)), None)


def stroomschema(kaderversie_pk: int) -> SafeString | None:
    versie = KaderVersie.objects.filter(pk=kaderversie_pk).first()
    if versie is None:
        return None
    try:
        svg = teken_svg(versie.kader())
    except TeGrootOmTeTekenen:  # the routes are in the text in full (docs/kader-formaat.md)
        return None
    return inline_svg(svg)  # built by our own code from a published framework


def html(document: Document, *, pdf: bool, **extra: Any) -> str:
    gegenereerd = dt.datetime.fromisoformat(document.inhoud["gegenereerd_op"])
    return render_to_string(
        SJABLOON,
        {
            "d": document.inhoud,
            "volgnummer": document.volgnummer,
            "concept": document.concept,
            "vastgesteld_op": document.vastgesteld_op,
            "gegenereerd_op": gegenereerd,
            "kader_geldig_vanaf": dt.date.fromisoformat(document.inhoud["kader"]["geldig_vanaf"]),
            "svg": extra.pop("svg", None) or stroomschema(document.inhoud["kader"]["pk"]),
            "pdf": pdf,
            **extra,
        },
    )


def odt(document: Document) -> bytes:
    svg = stroomschema(document.inhoud["kader"]["pk"])
    return odf.html_naar_odt(
        html(document, pdf=True, svg=svg),  # the flowchart drawn once
        titel=document.titel,
        auteur=document.inhoud["organisatie"],
        svg=str(svg) if svg else None,
    )
