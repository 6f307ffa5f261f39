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
    "besluit.heroverwogen": _("Opnieuw beslissen: antwoorden van stap 5 ingetrokken"),
    # Corrections and withdrawals keep the earlier version (docs/adr/0019).
    "signaal.gecorrigeerd": _("Signaal gecorrigeerd"),
    "signaal.ingetrokken": _("Signaal ingetrokken"),
    "signaal.aangevuld": _("Signaal aangevuld met een signaal aangevinkt bij een afweging"),
    "betrokkene.gecorrigeerd": _("Gegevens van een betrokkene gecorrigeerd"),
    "betrokkene.ingetrokken": _("Betrokkene ingetrokken"),
    "zienswijze.gecorrigeerd": _("Zienswijze gecorrigeerd"),
    "zienswijze.ingetrokken": _("Zienswijze ingetrokken"),
    "consultatie.gecorrigeerd": _("Consultatie gecorrigeerd"),
    "consultatie.ingetrokken": _("Consultatie ingetrokken"),
    "gesprek.gecorrigeerd": _("Gesprek gecorrigeerd"),
    "gesprek.ingetrokken": _("Gesprek ingetrokken"),
    "weging.gecorrigeerd": _("Weging gecorrigeerd"),
    "weging.ingetrokken": _("Weging ingetrokken"),
    "melding.gecorrigeerd": _("Gegevens van een melding gecorrigeerd"),
    "melding.ingetrokken": _("Melding ingetrokken"),
    "hulpplan.gecorrigeerd": _("Hulpplan gecorrigeerd"),
    "hulpplan.ingetrokken": _("Hulpplan ingetrokken"),
}


def label(soort: str) -> str:
    return str(SOORTEN.get(soort, soort))
