"""The catalogue lists with checkboxes fold shut (docs/handleiding-casus.md, 'Stap 5'); their
summary says how many items are ticked, so a closed list still tells what it holds."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

register = template.Library()


@register.simple_tag
def aangevinkt_in(catalogus: object, *aangevinkt: Iterable[str] | None) -> int:
    """How many items of ``catalogus`` are in any of the ticked lists (already ticked before,
    chosen in this form)."""
    gekozen: set[str] = set()
    for lijst in aangevinkt:
        gekozen.update(lijst or ())
    return sum(1 for item in getattr(catalogus, "items", ()) if item.id in gekozen)
