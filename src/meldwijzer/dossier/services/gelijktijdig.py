"""Optimistic concurrency: a form saved against a casus that changed since it was opened.

Every write raises ``Casus.versie`` (services._basis._bijgewerkt); a form carries the version it
was opened with. A save against another version is refused with this error, which says who
changed what and when, so the person can look first and then save their (kept) input again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from meldwijzer.dossier import gebeurtenissen

if TYPE_CHECKING:
    from meldwijzer.dossier.models import Casus


class VerouderdFormulier(ValidationError):
    def __init__(self, casus: Casus) -> None:
        from meldwijzer.audit.models import Gebeurtenis

        laatste = Gebeurtenis.objects.filter(casus=casus).order_by("-tijdstip", "-pk").first()
        if laatste is None:
            tekst = _("Deze casus is gewijzigd nadat u dit formulier opende.")
        else:
            tekst = _(
                "Deze casus is gewijzigd nadat u dit formulier opende: %(wie)s, %(wanneer)s: "
                "%(wat)s."
            ) % {
                "wie": laatste.actor_naam,
                "wanneer": date_format(timezone.localtime(laatste.tijdstip), "j F Y, H:i"),
                "wat": gebeurtenissen.label(laatste.soort).lower(),
            }
        tekst += " " + _(
            "Uw invoer is niet opgeslagen, maar staat nog in het formulier. Bekijk wat er "
            "veranderde en sla daarna opnieuw op."
        )
        super().__init__(tekst, code="verouderd")
        self.casus_versie = casus.versie
