"""Termijnen, the aandachtsfunctionaris's dashboard and the annual figures
(docs/handleiding-termijnen.md).

Thin views: the figures come from ``rapportage``; every page that lists casussen writes the
access log, and so does the export of the annual figures.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, cast

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from meldwijzer.accounts.models import Membership
from meldwijzer.accounts.permissions import (
    mag_dashboard_zien,
    mag_jaarcijfers_zien,
    ziet_alle_casussen,
)
from meldwijzer.audit.models import Toegang
from meldwijzer.audit.toegang import noteer
from meldwijzer.rapportage import grafieken, selectors
from meldwijzer.rapportage import jaarcijfers as jaarcijfers_
from meldwijzer.rapportage.dashboard import Dashboard, cache_seconden, verlopen_lijst
from meldwijzer.rapportage.dashboard import dashboard as bereken_dashboard
from meldwijzer.rapportage.models import Termijn
from meldwijzer.sleutels.sleutelring import vooraf_laden
from meldwijzer.web.forms_rapportage import DashboardFilterForm, JaarForm
from meldwijzer.web.menu import casusadres
from meldwijzer.web.views.helpers import View, casuswerk


def alleen_voor(mag: Callable[[Membership | None], bool]) -> Callable[[View], View]:
    """Login required and this right, checked before the method (403 either way); GET only."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not mag(getattr(request, "membership", None)):
                return render(request, "403.html", {"reden": "rapportage"}, status=403)
            if request.method not in ("GET", "HEAD"):
                return HttpResponseNotAllowed(["GET"])
            return view(request, *args, **kwargs)

        return login_required(never_cache(wrapper))

    return decorator


@casuswerk
def termijnen(request: HttpRequest) -> HttpResponse:
    """My open termijnen (the aandachtsfunctionaris may ask for the organisation's)."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    membership = request.membership  # type: ignore[attr-defined]
    alle = request.GET.get("alle") == "1" and ziet_alle_casussen(membership)
    pagina = Paginator(
        selectors.open_termijnen(membership, alleen_eigen=not alle),
        settings.MELDWIJZER_PAGINA_GROOTTE,
    ).get_page(request.GET.get("pagina"))
    noteer(
        request,
        onderdeel="rapportage.termijnen",
        actie=Toegang.Actie.ZOEKEN,
        details={"alle": alle, "pagina": pagina.number},
    )
    # The casus titles on the page are encrypted under their own keys: load them in one query.
    # (the page's rows are a QuerySet slice: Paginator's type says only "sliceable")
    rijen = cast("QuerySet[Termijn]", pagina.object_list)
    vooraf_laden(rijen.values_list("casus__sleutel_id", flat=True))
    return render(
        request,
        "rapportage/termijnen.html",
        {"pagina": pagina, "alle": alle, "vandaag": timezone.localdate()},
    )


def _maandlabel(maand: Any) -> str:
    return formats.date_format(maand, "YEAR_MONTH_FORMAT")


def _maandlabels(maanden: list[Any]) -> list[str]:
    """Under the chart's axis: the month, and the year under the first and under January."""
    return [
        formats.date_format(m, "M") + (f"\n{m.year}" if i == 0 or m.month == 1 else "")
        for i, m in enumerate(maanden)
    ]


class _Grafieken:
    """The dashboard's charts, each drawn only when the template asks for it: the counts'
    fragment usually comes from the cache, and then no chart is drawn at all."""

    def __init__(self, d: Dashboard) -> None:
        self.d = d

    @functools.cached_property
    def stappen(self) -> str:
        return grafieken.staven(
            "grafiek-stappen",
            _("Casussen per stap"),
            [(t.label, t.aantal) for t in self.d.per_stap],
        )

    @functools.cached_property
    def verlopen(self) -> str:
        return grafieken.staven(
            "grafiek-verlopen",
            _("Verlopen termijnen per soort"),
            [(t.label, t.aantal) for t in self.d.verlopen],
            kleur=grafieken.ROOD,
        )

    @functools.cached_property
    def besluiten(self) -> str:
        return grafieken.staven(
            "grafiek-besluiten",
            _("Besluiten naar uitkomst"),
            [(t.label, t.aantal) for t in self.d.besluiten],
            kleur=grafieken.DONKERBLAUW,
        )

    @functools.cached_property
    def meldingen(self) -> str:
        d = self.d
        return grafieken.kolommen(
            "grafiek-meldingen",
            _("Meldingen bij Veilig Thuis per maand"),
            _maandlabels([m.maand for m in d.meldingen]),
            [
                grafieken.Reeks(_("Melding"), [m.regulier for m in d.meldingen]),
                grafieken.Reeks(
                    _("Spoedmelding"),
                    [m.spoed for m in d.meldingen],
                    kleur=grafieken.ROOD,
                    gearceerd=True,
                ),
            ],
        )

    @functools.cached_property
    def doorlooptijd(self) -> str:
        return grafieken.staven(
            "grafiek-doorlooptijd",
            _("Dagen van eerste signaal tot besluit"),
            [(k.label, k.aantal) for k in self.d.doorlooptijd.klassen],
        )

    def maanden(self) -> list[tuple[str, Any]]:
        return [(_maandlabel(m.maand), m) for m in self.d.meldingen]


@alleen_voor(mag_dashboard_zien)
def dashboard(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    form = DashboardFilterForm(request.GET or None, organisatie=membership.organisatie)
    filter_ = form.filter()
    d = bereken_dashboard(filter_, met_lijst=False)
    noteer(
        request,
        onderdeel="rapportage.dashboard",
        actie=Toegang.Actie.ZOEKEN,
        details={
            "van": filter_.van.isoformat(),
            "tot": filter_.tot.isoformat(),
            "beroepskracht": filter_.eigenaar_id,
        },
    )

    def verlopen() -> list[tuple[Termijn, int, str]]:
        """Read only where the list's fragment is rendered, not when it comes from the cache
        (it is cached under the counts' key: a dossier write or a new day renders it again)."""
        return [
            (t, (d.vandaag - t.uiterlijk).days, casusadres("casus", t.casus.uuid))
            for t in verlopen_lijst(filter_, d.vandaag)
        ]

    return render(
        request,
        "rapportage/dashboard.html",
        {
            "form": form,
            "d": d,
            "grafiek": _Grafieken(d),
            # The counts' HTML is cached under the counts' own key (rapportage/dashboard.py);
            # without a key (cache off) it is rendered each time.
            "fragment_seconden": cache_seconden() if d.cachesleutel else 0,
            "verlopen": verlopen,
        },
    )


@alleen_voor(mag_jaarcijfers_zien)
def jaarcijfers(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    form = JaarForm(request.GET or None)
    jaar = form.gekozen()
    cijfers = jaarcijfers_.bereken(membership.organisatie_id, jaar)
    noteer(
        request,
        onderdeel="rapportage.jaarcijfers",
        actie=Toegang.Actie.INZIEN,
        details={"jaar": jaar},
    )
    return render(
        request,
        "rapportage/jaarcijfers.html",
        {
            "form": form,
            "jaar": jaar,
            "cijfers": cijfers,
            "kolommen": jaarcijfers_.KWARTALEN,
            "drempel": jaarcijfers_.DREMPEL,
            "geheim_teken": jaarcijfers_.GEHEIM,
            "organisatie": membership.organisatie,
            "gemaakt_op": timezone.localtime(),
        },
    )


@alleen_voor(mag_jaarcijfers_zien)
def jaarcijfers_csv(request: HttpRequest) -> HttpResponse:
    membership = request.membership  # type: ignore[attr-defined]
    jaar = JaarForm(request.GET or None).gekozen()
    cijfers = jaarcijfers_.bereken(membership.organisatie_id, jaar)
    noteer(
        request,
        onderdeel="rapportage.jaarcijfers",
        actie=Toegang.Actie.EXPORTEREN,
        details={"jaar": jaar, "formaat": "csv"},
    )
    antwoord = HttpResponse(jaarcijfers_.als_csv(cijfers), content_type="text/csv; charset=utf-8")
    antwoord["Content-Disposition"] = f'attachment; filename="meldcode-jaarcijfers-{jaar}.csv"'
    return antwoord
