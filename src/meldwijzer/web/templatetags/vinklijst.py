"""The catalogue lists with checkboxes fold shut (docs/handleiding-casus.md, 'Stap 5'); their
summary says how many items are ticked, so a closed list still tells what it holds."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

register = template.Library()


def aantal_aangevinkt(
    catalogi: Iterable[object], aangevinkt: Iterable[Iterable[str] | None]
) -> int:
    """How many items of the catalogues are in any of the ticked lists (already ticked before,
    chosen in this form)."""
    gekozen: set[str] = set()
    for lijst in aangevinkt:
        gekozen.update(lijst or ())
    return len([item for c in catalogi for item in getattr(c, "items", ()) if item.id in gekozen])


@register.simple_tag
def aangevinkt_in(catalogus: object, *aangevinkt: Iterable[str] | None) -> int:
    """The count for one catalogue."""
    return aantal_aangevinkt([catalogus], aangevinkt)


@register.simple_tag
def aangevinkt_in_lijsten(catalogi: Iterable[object], *aangevinkt: Iterable[str] | None) -> int:
    """The count over the catalogues of one afweging."""
    return aantal_aangevinkt(catalogi or (), aangevinkt)
