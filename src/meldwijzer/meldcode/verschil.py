"""What changed since a version was generated: the framework, a role-holder, the sociale kaart,
the termijnen (docs/meldcode.md, 'Verouderd'). Each change a Dutch sentence for the beheerder."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def _kader(k: dict[str, Any]) -> str:
    return f"{k['titel']} (versie {k['versie']})"


def _contacten(inhoud: dict[str, Any]) -> dict[int, dict[str, Any]]:
    kaart = inhoud["sociale_kaart"]
    return {c["id"]: c for c in [*kaart["veilig_thuis"], *kaart["deskundigen"]]}


def _af(inhoud: dict[str, Any]) -> list[str]:
    return [a["naam"] for a in inhoud["sociale_kaart"]["aandachtsfunctionarissen"]]


def veranderingen(oud: dict[str, Any], nu: dict[str, Any]) -> list[str]:
    uit: list[str] = []
    if (oud["kader"]["id"], oud["kader"]["versie"]) != (nu["kader"]["id"], nu["kader"]["versie"]):
        uit.append(
            _("Het afwegingskader is gewijzigd: was %(oud)s, is nu %(nu)s.")
            % {"oud": _kader(oud["kader"]), "nu": _kader(nu["kader"])}
        )
    oude_af, nieuwe_af = _af(oud), _af(nu)
    for naam in nieuwe_af:
        if naam not in oude_af:
            uit.append(_("%(naam)s is aandachtsfunctionaris geworden.") % {"naam": naam})
    for naam in oude_af:
        if naam not in nieuwe_af:
            uit.append(_("%(naam)s is geen aandachtsfunctionaris meer.") % {"naam": naam})
    oude_c, nieuwe_c = _contacten(oud), _contacten(nu)
    for pk, c in nieuwe_c.items():
        if pk not in oude_c:
            uit.append(_("Sociale kaart: %(naam)s is toegevoegd.") % {"naam": c["naam"]})
        elif c != oude_c[pk]:
            uit.append(_("Sociale kaart: %(naam)s is gewijzigd.") % {"naam": c["naam"]})
    for pk, c in oude_c.items():
        if pk not in nieuwe_c:
            uit.append(_("Sociale kaart: %(naam)s is verwijderd.") % {"naam": c["naam"]})
    if oud["termijnen"] != nu["termijnen"]:
        uit.append(_("De termijnen of de bewaartermijn zijn gewijzigd."))
    return uit
