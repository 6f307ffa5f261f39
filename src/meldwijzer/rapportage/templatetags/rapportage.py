"""The casus page's termijnen and documents, as one tag: ``{% casus_termijnen casus %}``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils import timezone

from meldwijzer.rapportage import selectors

register = template.Library()


@register.filter
def iso_datum(waarde: Any) -> Any:
    """A date stored as ISO text in a snapshot (a besluit's answers) as a date, to format."""
    try:
        return dt.date.fromisoformat(str(waarde))
    except ValueError:
        return waarde


@register.inclusion_tag("rapportage/_casus_termijnen.html")
def casus_termijnen(casus: Any) -> dict[str, Any]:
    return {
        "casus": casus,
        "termijnen": selectors.termijnen_van_casus(casus),
        "vandaag": timezone.localdate(),
    }
