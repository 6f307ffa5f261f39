"""Forms of practice mode (docs/handleiding-oefenen.md): writing an oefencasus, and the stap-5
answer form without what only a casus has."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from meldwijzer.dossier import stap5
from meldwijzer.kader import Afwegingskader
from meldwijzer.kader.beslisdelen import antwoord_sleutel
from meldwijzer.kader.model import Afweging
from meldwijzer.oefenen.services import TITEL_MAX, VIGNET_MAX
from meldwijzer.oefenen.verwachting import bereikbare_routes, route_signalen
from meldwijzer.web.forms import AntwoordForm, regel, tekstvak

VOORVOEGSEL = "verwacht_"


class OefencasusForm(forms.Form):
    titel = regel(_("Titel"), max_length=TITEL_MAX, leeg=_("Geef de oefencasus een titel."))
    vignet = tekstvak(
        _("Vignet: de situatie die collega's lezen"),
        rijen=8,
        help_text=_(
            "Beschrijf een verzonnen situatie, zonder namen of gegevens van echte mensen. "
            "Collega's lezen dit en beantwoorden dan de afwegingen."
        ),
        leeg=_("Beschrijf de situatie die collega's lezen (het vignet)."),
    )
    signalen = forms.MultipleChoiceField(
        label=_("Signalen die collega's in het vignet moeten herkennen"),
        required=False,
        choices=[],
    )

    def __init__(self, *args: Any, kader: Afwegingskader, route: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["vignet"].max_length = VIGNET_MAX  # type: ignore[attr-defined]
        self.fields["signalen"].choices = [  # type: ignore[attr-defined]
            (i, kader.items[i][1]) for i in sorted(route_signalen(kader, route))
        ]
        # Every afweging the expected route can pass: those of the start route, and after a
        # handover (format 2) those of the route handed over to, under the engine's key.
        namen = stap5.afweging_namen(kader, route)
        self.afwegingen: list[tuple[str, Afweging]] = [
            (antwoord_sleutel(route, r, a.id), a)
            for r in bereikbare_routes(kader, route)
            for a in stap5.route_model(kader, r).afwegingen
        ]
        for sleutel, a in self.afwegingen:
            self.fields[VOORVOEGSEL + sleutel] = forms.ChoiceField(
                label=_("Afweging %(nummer)s: %(vraag)s")
                % {"nummer": namen.get(sleutel, a.id), "vraag": a.vraag},
                required=False,
                choices=[("", _("— niet op de verwachte route —"))]
                + [(o.id, o.label) for o in stap5.ja_eerst(a.opties)],
            )

    def verwachte_antwoorden(self) -> dict[str, str]:
        d = self.cleaned_data
        return {
            sleutel: d[VOORVOEGSEL + sleutel]
            for sleutel, _a in self.afwegingen
            if d.get(VOORVOEGSEL + sleutel)
        }

    def antwoordvelden(self) -> list[forms.BoundField]:
        return [self[VOORVOEGSEL + sleutel] for sleutel, _a in self.afwegingen]


class OefenAntwoordForm(AntwoordForm):
    """The stap-5 answer form, for a vignette: the answer, the signals at this afweging and a
    toelichting. What rests on a real casus — recorded signalen as sources, a new signaal, the
    contact at Veilig Thuis, the test of the voorwaarden — has no place in practice."""

    ALLEEN_CASUS = ("bronnen", "nieuw_signaal", "vt_contact", "vt_datum")

    def __init__(self, *args: Any, kader: Afwegingskader, afweging: Afweging, **kwargs: Any):
        super().__init__(
            *args, kader=kader, afweging=afweging, samen_met_veilig_thuis=False, **kwargs
        )
        for naam in list(self.fields):
            if (
                naam in self.ALLEEN_CASUS
                or naam.startswith("signaal_")
                or naam.startswith("voorwaarde_")
            ):
                del self.fields[naam]
        self.voorwaarden_items = []
        self.afweging_model = afweging
        self.fields["toelichting"].help_text = _(
            "Waarom kiest u dit antwoord? U leest het terug bij de terugkoppeling; niemand "
            "anders ziet het."
        )
