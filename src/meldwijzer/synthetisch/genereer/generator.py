"""The run: the framework's outcomes per profile, the organisations, then casussen in batches
(one transaction each), over one process or several (each organisation's hash chain stays in
one process), with the indexes off while loading."""

from __future__ import annotations

import datetime as dt
import json
import random
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction

from meldwijzer.sleutels import crypto
from meldwijzer.sleutels.sleutelring import hmac_sleutel, sleutelset
from meldwijzer.synthetisch.genereer import laden
from meldwijzer.synthetisch.genereer.casus import PROFIELEN, Casusbouwer
from meldwijzer.synthetisch.genereer.ketenrijen import Sjablonen
from meldwijzer.synthetisch.genereer.organisaties import (
    Org,
    Organisatiebouwer,
    bestaande_organisatie,
)
from meldwijzer.synthetisch.genereer.tabellen import Waarden, maak_tabellen

PARTIJ = 2_000  # casussen per transaction


@dataclass
class Resultaat:
    organisaties: int = 0
    gebruikers: int = 0
    casussen: int = 0
    rijen: dict[str, int] = field(default_factory=dict)
    credentials: Path | None = None
    # Seconds per phase (laden, indexen, statistieken), for the report and docs/performance.md.
    fasen: dict[str, float] = field(default_factory=dict)


class Generator:
    def __init__(
        self,
        *,
        organisaties: int,
        casussen: int,
        seed: int = 10,
        wachtwoord: str | None = None,
        nu: dt.datetime | None = None,
        voortgang: Callable[[int, int], None] | None = None,
        bestaande: list[int] | None = None,
    ) -> None:
        self.n_org = organisaties
        self.n_casus = casussen
        self.seed = seed
        self.rnd = random.Random(seed)
        self.wachtwoord = wachtwoord or secrets.token_urlsafe(18)
        self.nu = nu or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.laatst = self.nu - dt.timedelta(seconds=1)  # the latest moment of activity
        self.voortgang = voortgang
        self.bestaande = bestaande or []
        self.w = Waarden()
        self.sjablonen = Sjablonen()
        self.resultaat = Resultaat()
        from meldwijzer.rapportage.totalen import Wijzigingen

        self.totalen = Wijzigingen()  # the milestones of the batch, for the running totals

    # -- setup -----------------------------------------------------------------------------

    def _kader(self) -> None:
        """The basis framework version in the database, and the engine's outcome and each
        answer's question and label along every profile's path."""
        from meldwijzer.catalogus.models import KaderStatus, KaderVersie
        from meldwijzer.dossier.stap5 import afweging_model, optie_model
        from meldwijzer.kader import beslis

        versie = KaderVersie.objects.filter(
            kader_id="basis", status=KaderStatus.VASTGESTELD
        ).first()
        if versie is None:
            call_command("laadkaders", verbosity=0)
            versie = KaderVersie.objects.get(kader_id="basis", status=KaderStatus.VASTGESTELD)
        self.versie = versie
        kader = versie.kader()
        self.kader = kader
        route = kader.route(None).id
        self.route = route
        # Each answer's question and label, and the engine's outcome after each answer.
        self.uitkomst: dict[tuple[tuple[str, str], ...], dict[str, Any]] = {}
        self.uitkomst_json: dict[tuple[tuple[str, str], ...], str] = {}  # as stored, made once
        self.labels: dict[tuple[str, str], tuple[str, str]] = {}
        for _aandeel, _fase, pad, _afsluiten in PROFIELEN:
            for i in range(1, len(pad or ()) + 1):
                deel = tuple(pad[:i])  # type: ignore[index]
                self.uitkomst[deel] = beslis(kader, dict(deel), (), route=route).als_dict()
                self.uitkomst_json[deel] = json.dumps(self.uitkomst[deel])
                afweging, antwoord = deel[-1]
                model = afweging_model(kader, route, afweging)
                self.labels[deel[-1]] = (model.vraag, optie_model(model, antwoord).label)
        self.gewichten = [p[0] for p in PROFIELEN]

    def _organisaties(self) -> list[Org]:
        from meldwijzer.accounts.models import Organisatie

        bouwer = Organisatiebouwer(self.rnd, self.wachtwoord)
        per_org = max(1, self.n_casus // self.n_org)
        beroepskrachten = max(2, min(2_000, per_org // 250))
        self.credentials = bouwer.credentials
        if self.bestaande:
            return [self._bestaande_org(pk) for pk in self.bestaande]
        bestaand = Organisatie.objects.count()
        orgs = [
            bouwer.nieuw(f"Fictieve organisatie {bestaand + o + 1} (synthetisch)", beroepskrachten)
            for o in range(self.n_org)
        ]
        self.resultaat.gebruikers += bouwer.gebruikers
        self.resultaat.organisaties = len(orgs)
        return orgs

    def _bestaande_org(self, pk: int) -> Org:
        """More casussen for an organisation that exists, owned by its beroepskrachten."""
        org = bestaande_organisatie(pk)
        self.credentials = []
        self.resultaat.organisaties += 1
        return org

    # -- one casus -------------------------------------------------------------------------

    def _casus(self, org: Org, volgnummer: int) -> None:
        Casusbouwer(self, org).bouw()

    # -- the run ---------------------------------------------------------------------------

    def draai(self, processen: int = 1) -> Resultaat:
        """Generate everything; with ``processen`` > 1 the organisations are divided over that
        many processes (each organisation's hash chain stays in one process)."""
        self._kader()
        self.t = maak_tabellen()
        with transaction.atomic():
            orgs = self._organisaties()
        for tabel in self.t.values():
            tabel.start()
        per_org = [
            self.n_casus // len(orgs) + (1 if j < self.n_casus % len(orgs) else 0)
            for j in range(len(orgs))
        ]
        processen = max(1, min(processen, len(orgs)))
        indexen = laden.indexen_weg(self.t)
        fasen = self.resultaat.fasen
        begin = time.monotonic()
        try:
            if processen == 1:
                self._werk(orgs, per_org, 0, 1, None)
            else:
                self._parallel(orgs, per_org, processen)
        finally:
            fasen["laden"] = time.monotonic() - begin
            laden.indexen_terug(indexen)
            fasen["indexen"] = time.monotonic() - begin - fasen["laden"]
        self.resultaat.casussen = self.n_casus
        laden.volgorde_herstellen(self.t)
        begin = time.monotonic()
        laden.statistieken()
        fasen["statistieken"] = time.monotonic() - begin
        return self.resultaat

    def _parallel(self, orgs: list[Org], per_org: list[int], processen: int) -> None:
        import multiprocessing

        connection.close()  # every process opens its own
        ctx = multiprocessing.get_context("fork")
        teller = ctx.Value("q", 0)
        uitslagen: Any = ctx.Queue()
        kinderen = []
        for k in range(processen):
            deel = list(range(k, len(orgs), processen))
            kind = ctx.Process(
                target=self._kind,
                args=([orgs[j] for j in deel], [per_org[j] for j in deel], k, processen,
                      teller, uitslagen),
            )  # fmt: skip
            kind.start()
            kinderen.append(kind)
        klaar = 0
        while klaar < processen:
            try:
                rijen = uitslagen.get(timeout=0.5)
            except Exception:  # queue.Empty: show progress and wait on
                rijen = None
            if rijen is not None:
                klaar += 1
                if isinstance(rijen, str):
                    for kind in kinderen:
                        kind.terminate()
                    raise RuntimeError(f"Een genererend proces faalde: {rijen}")
                for tabel, aantal in rijen.items():
                    self.resultaat.rijen[tabel] = self.resultaat.rijen.get(tabel, 0) + aantal
            if self.voortgang:
                self.voortgang(teller.value, self.n_casus)
        for kind in kinderen:
            kind.join()
        time.sleep(0)

    def _kind(
        self,
        orgs: list[Org],
        per_org: list[int],
        k: int,
        processen: int,
        teller: Any,
        uitslagen: Any,
    ) -> None:
        try:
            self._werk(orgs, per_org, k, processen, teller)
            uitslagen.put(self.resultaat.rijen)
        except BaseException as fout:  # reported to the parent, which stops
            uitslagen.put(f"{type(fout).__name__}: {fout}")
        finally:
            connection.close()

    def _werk(
        self, orgs: list[Org], per_org: list[int], k: int, processen: int, teller: Any
    ) -> None:
        """Generate this process's organisations: ids interleaved with the other processes."""
        self.rnd = random.Random(self.seed * 1000 + k)
        from meldwijzer.rapportage import totalen

        sneller = laden.sneller_schrijven()
        from django.utils import timezone

        self.zone = timezone.get_current_timezone()
        self.sleutelset = sleutelset()
        self.ketensleutel = crypto.hmac_hexer(hmac_sleutel("keten"))
        for tabel in self.t.values():
            tabel.volgend_id += k
            tabel.stap = processen
        rooster = [j for j, n in enumerate(per_org) for _i in range(n)]
        self.rnd.shuffle(rooster)
        gedaan = 0
        while gedaan < len(rooster):
            partij = rooster[gedaan : gedaan + PARTIJ]
            for j in partij:
                self._casus(orgs[j], gedaan)
            with transaction.atomic():
                laden.schrijf(self.t, self.resultaat.rijen)
                laden.koppen(orgs)
                totalen.opslaan(self.totalen)
            self.totalen.clear()
            gedaan += len(partij)
            if teller is not None:
                with teller.get_lock():
                    teller.value += len(partij)
            elif self.voortgang:
                self.voortgang(gedaan, len(rooster))
        if sneller:
            laden.weer_veilig_schrijven()
