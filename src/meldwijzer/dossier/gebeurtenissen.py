"""What each kind of audit event in a casus is called on the timeline and in messages."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

SOORTEN: dict[str, Promise] = {
    "casus.geopend": _("Casus geopend"),
    "casus.stap": _("Stap gewijzigd"),
    "casus.heropend": _("Casus heropend"),
    "casus.gedeeld": _("Casus gedeeld met een collega"),
    "casus.deling_ingetrokken": _("Delen ingetrokken"),
    # A new owner within the organisation (services.wissel_eigenaar); the stored name is older.
    "casus.overgedragen": _("Casus overgedragen aan een collega"),
    "casus.afgesloten": _("Traject afgesloten"),
    "betrokkene.toegevoegd": _("Betrokkene toegevoegd"),
    "kindcheck.vastgelegd": _("Kindcheck vastgelegd"),
    "zienswijze.vastgelegd": _("Zienswijze van een betrokkene vastgelegd"),
    "signaal.vastgelegd": _("Signaal vastgelegd (stap 1)"),
    "consultatie.vastgelegd": _("Consultatie vastgelegd (stap 2)"),
    "gesprek.vastgelegd": _("Gesprek of reden geen gesprek vastgelegd (stap 3)"),
    "weging.vastgelegd": _("Weging vastgelegd (stap 4)"),
    "afweging.beantwoord": _("Afweging beantwoord (stap 5)"),
    "afweging.ingetrokken": _("Conceptantwoord ingetrokken (stap 5)"),
    "besluit.vastgelegd": _("Besluit vastgelegd (stap 5)"),
    "melding.vastgelegd": _("Melding bij Veilig Thuis vastgelegd"),
    "spoedmelding.vastgelegd": _("Spoedmelding bij Veilig Thuis vastgelegd"),
    "afspraak_vt.vastgelegd": _("Afspraak met Veilig Thuis vastgelegd"),
    "terugkoppeling_vt.vastgelegd": _("Terugkoppeling van Veilig Thuis vastgelegd"),
    "hulpplan.vastgelegd": _("Hulpplan vastgelegd"),
    "evaluatie.vastgelegd": _("Evaluatie vastgelegd"),
    "hulp_buiten_meldcode.vastgelegd": _("Hulp buiten de meldcode genoteerd"),
    "casus.kader_gewisseld": _("Naar een nieuwere kaderversie gewisseld"),
}


def label(soort: str) -> str:
    return str(SOORTEN.get(soort, soort))
