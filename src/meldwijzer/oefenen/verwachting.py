"""Whether the framework can produce the answers an oefencasus expects.

A vignette teaches what the framework decides, so its expected answers must be a path the
engine walks to the end, with signals the framework can tick and that do not make the framework
itself warn against those answers (a warning would contradict the feedback). Anything else is
refused with the reason, in Dutch, naming what to change.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from meldwijzer.dossier import stap5
from meldwijzer.kader import Afwegingskader, BeslisFout, Beslissing, beslis
from meldwijzer.kader.kaders import meegeleverde_situaties
from meldwijzer.kader.situaties import Situatie, SituatieFout, lees_situatiebestand


class OnmogelijkeVerwachting(Exception):
    """The framework cannot produce these expected answers; ``redenen`` says why."""

    def __init__(self, redenen: list[str]) -> None:
        self.redenen = redenen
        super().__init__(" ".join(redenen))


@dataclass(frozen=True)
class Verwachting:
    """Expected answers the framework produces: by option id, in path order."""

    route: str
    antwoorden: dict[str, str]
    signalen: list[str]
    beslissing: Beslissing


def toets_verwachting(
    kader: Afwegingskader,
    route: str,
    antwoorden: Mapping[str, str],
    signalen: Iterable[str] = (),
) -> Verwachting:
    """The expected answers as the framework walks them, or OnmogelijkeVerwachting."""
    antwoorden = {a: o for a, o in antwoorden.items() if o}
    signalen = sorted(set(signalen))
    if route not in kader.routes:
        raise OnmogelijkeVerwachting(
            [_("Route '%(route)s' bestaat niet in dit kader; kies een route.") % {"route": route}]
        )
    if not antwoorden:
        raise OnmogelijkeVerwachting(
            [
                _(
                    "Geef bij de eerste afweging het antwoord dat u verwacht, en zo verder tot "
                    "het eind."
                )
            ]
        )
    try:
        beslissing = beslis(kader, antwoorden, signalen, route=route)
    except BeslisFout as fout:
        raise OnmogelijkeVerwachting([str(fout)]) from fout
    redenen = []
    # Named as the pages name them: '2 · VEILIGHEID', after a handover with the route's title.
    namen = stap5.afweging_namen(kader, beslissing.route)
    te_vinken = route_signalen(kader, route)
    for signaal in signalen:
        if signaal not in te_vinken:
            redenen.append(
                _(
                    "Het signaal '%(tekst)s' staat bij geen afweging van deze route: collega's "
                    "kunnen het niet aanvinken. Vink het niet aan of kies een andere route."
                )
                % {"tekst": kader.items[signaal][1]}
            )
    if not beslissing.afgerond:
        afweging = stap5.volgende_afweging(kader, beslissing)
        assert afweging is not None and beslissing.volgende_sleutel is not None
        redenen.append(
            _(
                "Het kader is na deze antwoorden nog niet klaar: afweging %(nummer)s (%(vraag)s) "
                "volgt nog. Geef ook daar het antwoord dat u verwacht."
            )
            % {"nummer": namen[beslissing.volgende_sleutel], "vraag": afweging.vraag}
        )
    for w in beslissing.waarschuwingen:
        redenen.append(
            _(
                "Het kader waarschuwt tegen deze antwoorden bij deze signalen: %(tekst)s Pas het "
                "antwoord bij afweging %(nummer)s aan of vink dit signaal niet aan."
            )
            % {"tekst": w.tekst, "nummer": namen[w.sleutel(beslissing.route)]}
        )
    if redenen:
        raise OnmogelijkeVerwachting(redenen)
    return Verwachting(
        route=beslissing.route,
        antwoorden={beslissing.sleutel(s): s.antwoord for s in beslissing.pad},
        signalen=signalen,
        beslissing=beslissing,
    )


def bereikbare_routes(kader: Afwegingskader, start: str) -> list[str]:
    """The route a vignette starts in and every route an answer can hand it over to (format 2,
    ``vervolg``), in the order of the file: where its expected answers can lie."""
    gezien = {start}
    te_doen = [start]
    while te_doen:
        for afweging in stap5.route_model(kader, te_doen.pop()).afwegingen:
            for optie in afweging.opties:
                for actie in optie.mogelijke_acties():
                    doel = kader.overdracht.get(actie)
                    if doel is not None and doel[0] not in gezien:
                        gezien.add(doel[0])
                        te_doen.append(doel[0])
    return [r.id for r in kader.model.routes if r.id in gezien]


def route_signalen(kader: Afwegingskader, route: str) -> frozenset[str]:
    """The signals a learner can tick on this route: the tickable lists beside its afwegingen
    (as on stap 5)."""
    bij_route = {c for a in stap5.route_model(kader, route).afwegingen for c in a.catalogi}
    return frozenset(
        item.id
        for c in kader.model.catalogi
        if c.aanvinkbaar and c.id in bij_route
        for item in c.items
    )


@dataclass(frozen=True)
class Situatiekeuze:
    """One of the framework's own test situations, offered as the start of a vignette."""

    nummer: int
    naam: str
    toelichting: str
    route: str
    antwoorden: dict[str, str]
    signalen: list[str]
    redenen: list[str] = field(default_factory=list)
    # The situation stops halfway (the framework has more to ask): a vignette can start from it
    # when the aandachtsfunctionaris adds the answers to the end.
    aan_te_vullen: bool = False

    @property
    def bruikbaar(self) -> bool:
        return not self.redenen

    @property
    def startpunt(self) -> bool:
        return self.bruikbaar or self.aan_te_vullen


def _halverwege(kader: Afwegingskader, route: str, s: Situatie) -> Beslissing | None:
    """The situation's decision if it only lacks answers to the end (no error, no warning)."""
    try:
        b = beslis(kader, s.antwoorden, s.signalen, route=route)
    except BeslisFout:
        return None
    return b if not b.afgerond and not b.waarschuwingen else None


def situaties_van(kader: Afwegingskader) -> list[Situatiekeuze]:
    """The test situations shipped with this framework (``meldwijzer kader test``), each with
    whether a vignette can start from it and, if not, why."""
    bestand = meegeleverde_situaties().get(kader.id)
    if bestand is None:
        return []
    try:
        situaties = lees_situatiebestand(bestand)
    except SituatieFout:
        return []
    uit = []
    for i, s in enumerate(situaties, start=1):
        route = s.route or (next(iter(kader.routes)) if len(kader.routes) == 1 else "")
        try:
            v = toets_verwachting(kader, route, s.antwoorden, s.signalen)
        except OnmogelijkeVerwachting as fout:
            b = _halverwege(kader, route, s) if route else None
            uit.append(
                Situatiekeuze(
                    i,
                    s.naam,
                    s.toelichting or "",
                    route,
                    {st.afweging: st.antwoord for st in b.pad} if b else dict(s.antwoorden),
                    sorted(set(s.signalen)) if b else [],
                    fout.redenen,
                    aan_te_vullen=b is not None,
                )
            )
            continue
        uit.append(Situatiekeuze(i, s.naam, s.toelichting or "", v.route, v.antwoorden, v.signalen))
    return uit
