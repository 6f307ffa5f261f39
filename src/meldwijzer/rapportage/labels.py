"""How outcome codes and kinds are named on the dashboard and in the annual figures."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from meldwijzer.kader.model import ActieSoort

ACTIE_SOORT: dict[str, Promise] = {
    ActieSoort.AFSLUITEN: gettext_lazy("Afsluiten"),
    ActieSoort.MELDEN: gettext_lazy("Melden"),
    ActieSoort.HULP: gettext_lazy("Hulp bieden of organiseren"),
    ActieSoort.HULP_AFSLUITEN: gettext_lazy("Hulp afsluiten"),
    ActieSoort.OVERIG: gettext_lazy("Overige actie"),
}

MELDING: dict[str, Promise] = {
    "regulier": gettext_lazy("Melding"),
    "spoed": gettext_lazy("Spoedmelding"),
}

AFSLUITING: dict[str, Promise] = {
    "afsluiten": gettext_lazy("Afgesloten: geen vermoeden"),
    "hulp_afsluiten": gettext_lazy("Hulp afgesloten: de hulp had resultaat"),
    "na_melding": gettext_lazy("Afgesloten na de melding"),
}


def uitkomst(code: str) -> str:
    """``melden+hulp`` → "Melden + Hulp bieden of organiseren"."""
    if not code:
        return _("Nog geen actie")
    return " + ".join(str(ACTIE_SOORT.get(s, s)) for s in code.split("+"))
