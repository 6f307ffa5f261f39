"""The periodic jobs: what each does, when it is due, and whether it is configured.

A job is due once per period, from its hour on (local time, Europe/Amsterdam): it is due when no
run of it *succeeded* since the last scheduled moment. A run that failed is tried again by the
next ``meldwijzer taken`` (every quarter of an hour with the shipped timer). Every job is
idempotent on its own: a reminder is sent once (its claims), a casus erased once, a chain-head
file or a backup written again is a new file.

Summaries hold counts and file names, never casus data: every organisation's beheerder sees them.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from meldwijzer.rapportage.herinneringen import Stopsein

WERKDAGEN = frozenset(range(5))  # maandag tot en met vrijdag
ELKE_DAG = frozenset(range(7))
ZONDAG = frozenset({6})


@dataclass(frozen=True)
class Resultaat:
    gelukt: bool
    samenvatting: str


@dataclass(frozen=True)
class Taak:
    naam: str
    omschrijving: Any  # a lazy translation
    uur: int  # due each scheduled day from this hour on (local time)
    dagen: frozenset[int]  # weekdays (0 = Monday) on which it is due
    uitvoeren: Callable[[Stopsein], Resultaat]
    ingesteld: Callable[[], bool] = lambda: True

    def schema(self) -> str:
        """When it is due, in words."""
        if self.dagen == ELKE_DAG:
            tekst = gettext("elke dag vanaf %(uur)02d:00")
        elif self.dagen == WERKDAGEN:
            tekst = gettext("werkdagen vanaf %(uur)02d:00")
        else:
            tekst = gettext("zondag vanaf %(uur)02d:00")
        return tekst % {"uur": self.uur}

    def laatste_moment(self, nu: dt.datetime) -> dt.datetime:
        """The most recent scheduled moment at or before ``nu``."""
        lokaal = timezone.localtime(nu)
        for terug in range(8):
            dag = lokaal.date() - dt.timedelta(days=terug)
            moment = timezone.make_aware(dt.datetime.combine(dag, dt.time(self.uur)))
            if dag.weekday() in self.dagen and moment <= nu:
                return moment
        raise ValueError(self.naam)  # pragma: no cover  (dagen is never empty)


def _herinneringen(stop: Stopsein) -> Resultaat:
    from meldwijzer.rapportage import herinneringen

    s = herinneringen.verstuur(stop=stop)
    return Resultaat(not s.fouten and not s.gestopt, s.als_tekst())


def _bewaartermijn(stop: Stopsein) -> Resultaat:
    from meldwijzer.dossier.services.bewaren import pas_bewaartermijn_toe

    r = pas_bewaartermijn_toe()
    tekst = _(
        "Casussen verwijderd: %(verwijderd)s, overgeslagen: %(overgeslagen)s; fouten: %(fouten)s "
        "(de reden staat in het journaal van de machine)."
    ) % {
        "verwijderd": len(r.verwijderd),
        "overgeslagen": len(r.overgeslagen),
        "fouten": len(r.fouten),
    }
    return Resultaat(not r.fouten and not r.overgeslagen, str(tekst))


def ketenkoppen_map() -> Path:
    return Path(settings.MELDWIJZER_KETENKOPPEN_MAP)


def _ketenkoppen(stop: Stopsein) -> Resultaat:
    from meldwijzer.audit import keten

    koppen = keten.koppen()
    map_ = ketenkoppen_map()
    map_.mkdir(parents=True, exist_ok=True)
    pad = map_ / f"koppen-{timezone.localtime():%Y%m%d-%H%M%S}.json"
    deel = pad.with_name("." + pad.name + ".deel")
    deel.write_text(json.dumps(koppen, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    deel.replace(pad)  # whole or not at all
    tekst = _("%(aantal)s ketenkoppen geschreven naar %(pad)s.") % {
        "aantal": len(koppen["koppen"]),
        "pad": pad,
    }
    return Resultaat(True, str(tekst))


def _backup_ingesteld() -> bool:
    """Both folders set. A missing backup key is then a failure the beheerder sees (the backup
    says in Dutch what to set), not a silent skip."""
    return bool(settings.MELDWIJZER_BACKUP_MAP and settings.MELDWIJZER_BACKUP_SLEUTELMAP)


def _backup(stop: Stopsein) -> Resultaat:
    from meldwijzer.backup.kopie import maak_backup

    naam = f"mw-{timezone.localtime():%Y%m%d-%H%M%S}"
    uit = maak_backup(
        Path(settings.MELDWIJZER_BACKUP_MAP) / f"{naam}.mwb",
        Path(settings.MELDWIJZER_BACKUP_SLEUTELMAP) / f"{naam}.json",
    )
    tekst = _(
        "Back-up %(id)s: %(snapshot)s (%(mb).1f MB) en %(sleutels)s verpakte datasleutels in "
        "%(sleutelbestand)s."
    ) % {
        "id": uit.backup_id,
        "snapshot": uit.snapshot,
        "mb": uit.grootte / 1024 / 1024,
        "sleutels": uit.sleutels,
        "sleutelbestand": uit.sleutelbestand,
    }
    return Resultaat(True, str(tekst))


# In this order within one run: the backup before retention erases (so the night's backup still
# holds what is erased that week), reminders last.
TAKEN: tuple[Taak, ...] = (
    Taak(
        "ketenkoppen",
        _("De koppen van de auditketens buiten de database bewaren"),
        1,
        ELKE_DAG,
        _ketenkoppen,
    ),
    Taak(
        "backup",
        _("Versleutelde back-up van de database"),
        2,
        ELKE_DAG,
        _backup,
        _backup_ingesteld,
    ),
    Taak(
        "bewaartermijn",
        _("Casussen na hun bewaartermijn verwijderen"),
        3,
        ZONDAG,
        _bewaartermijn,
    ),
    Taak(
        "herinneringen",
        _("Herinneringen over termijnen e-mailen"),
        7,
        WERKDAGEN,
        _herinneringen,
    ),
)
PER_NAAM = {t.naam: t for t in TAKEN}
