"""Benchmark of the afwegingskader engine (meldwijzer.kader) on one core.

Measures, for the shipped ``basis`` framework:

1. loading + validating it from its YAML text (``laad_tekst``, no caches), median and p95;
2. decisions per second of ``beslis`` on pre-generated random valid inputs, and with
   ``Beslissing.als_dict()`` (the CLI/API contract) included;
3. the same decisions as JSON Logic rules (``panzi-json-logic``, one rule per output, generated
   from the framework graph as a team without the engine would write them), after verifying that
   every JSON Logic result equals the engine's.

Usage::

    .venv/bin/python bench/kader_bench.py [--seconds N] [--runs N] [--inputs N] [--seed N]
                                          [--json out.json] [--markdown] [--rules rules.json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import math
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from json_logic import jsonLogic

from meldwijzer.kader import Afwegingskader, beslis, laad_tekst, meegeleverde_kaders
from meldwijzer.kader.engine import Beslissing
from meldwijzer.kader.laden import inhoud_hash, lees_yaml
from meldwijzer.kader.model import Afweging, Kader, Route, Wanneer
from meldwijzer.kader.validatie import valideer

TARGET_BESLIS = 100_000  # decisions per second on one core
TARGET_LOAD_MS = 50.0  # load + validate basis

Json = Any


# --- machine ----------------------------------------------------------------------------------


def pin_to_one_core() -> int | None:
    """Run on a single CPU so the figures are single-core figures; returns the CPU used."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def machine(cpu: int | None) -> dict[str, Any]:
    model = platform.processor() or platform.machine()
    mhz: str | None = None
    try:
        for regel in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            sleutel, _, waarde = regel.partition(":")
            if sleutel.strip() == "model name" and waarde.strip():
                model = waarde.strip()
            if sleutel.strip() == "cpu MHz" and mhz is None:
                mhz = waarde.strip()
    except OSError:
        pass
    return {
        "cpu": model,
        "cpu_mhz": mhz,
        "cores": os.cpu_count(),
        "pinned_cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


# --- 1. load + validate -----------------------------------------------------------------------


def percentile(waarden: Sequence[float], p: float) -> float:
    gesorteerd = sorted(waarden)
    return gesorteerd[max(0, math.ceil(p / 100 * len(gesorteerd)) - 1)]


def bench_load(tekst: str, runs: int) -> dict[str, Any]:
    for _ in range(3):  # warm-up: imports, pydantic's first-use work
        laad_tekst(tekst, "basis.yaml")
    tijden: list[float] = []
    for _ in range(runs):
        t0 = time.perf_counter()
        laad_tekst(tekst, "basis.yaml")
        tijden.append((time.perf_counter() - t0) * 1000)

    # Where the time goes: the same pipeline as controleer_tekst, one stage at a time.
    delen: dict[str, list[float]] = {"yaml": [], "schema": [], "validatie": [], "compileren": []}
    for _ in range(max(5, runs // 5)):
        t0 = time.perf_counter()
        data, regels, _ = lees_yaml(tekst, "basis.yaml")
        t1 = time.perf_counter()
        model = Kader.model_validate(data)
        t2 = time.perf_counter()
        valideer(model, regels, "basis.yaml", None)
        t3 = time.perf_counter()
        Afwegingskader(model, inhoud_hash(model), "basis.yaml")
        t4 = time.perf_counter()
        for naam, duur in zip(delen, (t1 - t0, t2 - t1, t3 - t2, t4 - t3), strict=True):
            delen[naam].append(duur * 1000)
    return {
        "runs": runs,
        "median_ms": statistics.median(tijden),
        "p95_ms": percentile(tijden, 95),
        "min_ms": min(tijden),
        "breakdown_median_ms": {k: statistics.median(v) for k, v in delen.items()},
    }


# --- random valid inputs ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Invoer:
    antwoorden: dict[str, str]
    signalen: tuple[str, ...]
    data: dict[str, Json]  # the same input as JSON Logic data


def langste_pad(route: Route) -> int:
    per_id = {a.id: a for a in route.afwegingen}

    def diepte(a: Afweging) -> int:
        return 1 + max(
            (diepte(per_id[o.volgende]) for o in a.opties if o.volgende is not None), default=0
        )

    return diepte(per_id[route.start])


def genereer(kader: Afwegingskader, aantal: int, seed: int, zwaarst: bool = False) -> list[Invoer]:
    """Random path prefixes (depth 0 to complete) and 0-4 random tickable signals.

    With ``zwaarst``: only paths of the longest length, always with 4 signals (worst case).
    """
    rng = random.Random(seed)
    route = kader.model.routes[0]
    per_id = {a.id: a for a in route.afwegingen}
    maximum = langste_pad(route)
    aanvinkbaar = sorted(kader.aanvinkbaar)
    invoer: list[Invoer] = []
    for _ in range(aantal):
        doel = maximum if zwaarst else rng.randint(0, maximum)
        antwoorden: dict[str, str] = {}
        huidig: str | None = route.start
        while len(antwoorden) < doel:
            if huidig is None:  # a shorter complete path: start again for the worst case
                if not zwaarst:
                    break
                antwoorden, huidig = {}, route.start
            optie = rng.choice(per_id[huidig].opties)
            antwoorden[huidig] = optie.id
            huidig = optie.volgende
        signalen = tuple(rng.sample(aanvinkbaar, 4 if zwaarst else rng.randint(0, 4)))
        data = {"antwoorden": antwoorden, "signalen": sorted(signalen)}
        invoer.append(Invoer(antwoorden, signalen, data))
    return invoer


# --- JSON Logic rules -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Stand:
    acties: tuple[str, ...] = ()
    normen: tuple[str, ...] = ()
    samen: bool = False
    opnieuw: bool = False


def json_logic_regels(kader: Afwegingskader) -> dict[str, Json]:
    """One JSON Logic rule per output, generated from the framework graph (first route).

    acties/volgende_afweging/normen/samen/opnieuw are decision trees over the answers with
    constant leaves (equal subtrees collapsed), as one would write them by hand; waarschuwingen
    and hints filter the ticked signals per signal rule. The generator applies the framework's
    semantics itself (cumulative actions without duplicates, ``vervalt_naast`` for norms); it does
    not call the engine, so comparing the two is a real check.
    """
    model = kader.model
    route = model.routes[0]
    per_id = {a.id: a for a in route.afwegingen}
    normen = {n.id: n for n in model.normen}

    def stap(stand: _Stand, afweging: Afweging, optie_id: str) -> _Stand:
        optie = next(o for o in afweging.opties if o.id == optie_id)
        acties = stand.acties + tuple(a for a in optie.acties if a not in stand.acties)
        norm_lijst = stand.normen
        norm = optie.norm
        vervalt = normen[norm].vervalt_naast if norm is not None else []
        if norm is not None and norm not in norm_lijst and not set(vervalt) & set(norm_lijst):
            norm_lijst = (*norm_lijst, norm)
        return _Stand(
            acties,
            norm_lijst,
            stand.samen or optie.samen_met_veilig_thuis,
            stand.opnieuw or optie.opnieuw_melden,
        )

    def blad(uitvoer: str, stand: _Stand, volgende: str | None) -> Json:
        return {
            "acties": list(stand.acties),
            "volgende_afweging": volgende,
            "normen": list(stand.normen),
            "samen_met_veilig_thuis": stand.samen,
            "opnieuw_melden": stand.opnieuw,
        }[uitvoer]

    def boom(uitvoer: str, huidig: str, stand: _Stand) -> Json:
        afweging = per_id[huidig]
        if afweging.samen_met_veilig_thuis:
            stand = _Stand(stand.acties, stand.normen, True, stand.opnieuw)
        takken: list[tuple[Json, Json]] = []
        for optie in afweging.opties:
            verder = stap(stand, afweging, optie.id)
            sub = (
                boom(uitvoer, optie.volgende, verder)
                if optie.volgende is not None
                else blad(uitvoer, verder, None)
            )
            takken.append(({"==": [{"var": f"antwoorden.{huidig}"}, optie.id]}, sub))
        onbeantwoord = blad(uitvoer, stand, huidig)
        waarden = [sub for _, sub in takken] + [onbeantwoord]
        if all(not isinstance(w, dict) and w == onbeantwoord for w in waarden):
            return onbeantwoord
        args: list[Json] = []
        for conditie, sub in takken:
            args += [conditie, sub]
        return {"if": [*args, onbeantwoord]}

    # Signal rules in the order the engine applies them: path order, then file order.
    volgorde = _topologisch(route)
    catalogi = {c.id: [i.id for i in c.items] for c in model.catalogi}
    regels = sorted(
        (r for r in model.signaalregels if r.route in (None, route.id)),
        key=lambda r: volgorde.index(r.afweging),
    )

    def signaalregel(soort: str) -> Json:
        delen: list[Json] = []
        for r in regels:
            if r.soort.value != soort:
                continue
            opties = [o.id for o in per_id[r.afweging].opties if o.betekenis is r.bij_betekenis]
            conditie = {"in": [{"var": f"antwoorden.{r.afweging}"}, opties]}
            alles = "*" in r.signalen
            ids = sorted({i for s in r.signalen for i in catalogi.get(s, [s])})
            treffers: Json = (
                {"var": "signalen"}
                if alles
                else {"filter": [{"var": "signalen"}, {"in": [{"var": ""}, ids]}]}
            )
            if r.wanneer is Wanneer.AANGEVINKT:
                delen.append(
                    {"if": [conditie, {"map": [treffers, {"cat": [r.id, ":", {"var": ""}]}]}, []]}
                )
            else:
                delen.append({"if": [{"and": [conditie, {"!": [treffers]}]}, [r.id], []]})
        return {"merge": delen}

    uitvoer = ["acties", "volgende_afweging", "normen", "samen_met_veilig_thuis", "opnieuw_melden"]
    rules: dict[str, Json] = {u: boom(u, route.start, _Stand()) for u in uitvoer}
    rules["waarschuwingen"] = signaalregel("waarschuwing")
    rules["hints"] = signaalregel("hint")
    return rules


def _topologisch(route: Route) -> list[str]:
    per_id = {a.id: a for a in route.afwegingen}
    volgorde: list[str] = []

    def bezoek(a: str) -> None:
        if a in volgorde:
            return
        for o in per_id[a].opties:
            if o.volgende is not None:
                bezoek(o.volgende)
        volgorde.insert(0, a)

    bezoek(route.start)
    return volgorde + [a.id for a in route.afwegingen if a.id not in volgorde]


def _meldingen(besluit: Beslissing, hints: bool) -> list[str]:
    return [
        f"{m.regel}:{m.signaal}" if m.signaal is not None else m.regel
        for m in (besluit.hints if hints else besluit.waarschuwingen)
    ]


def verwacht(besluit: Beslissing) -> dict[str, Json]:
    return {
        "acties": list(besluit.acties),
        "volgende_afweging": besluit.volgende_afweging,
        "normen": list(besluit.normen),
        "samen_met_veilig_thuis": besluit.samen_met_veilig_thuis,
        "opnieuw_melden": besluit.opnieuw_melden,
        "waarschuwingen": _meldingen(besluit, hints=False),
        "hints": _meldingen(besluit, hints=True),
    }


def verifieer(kader: Afwegingskader, rules: Mapping[str, Json], invoer: Sequence[Invoer]) -> int:
    """Every JSON Logic output must equal the engine's; exits loudly on the first difference."""
    fired = 0
    for x in invoer:
        engine = verwacht(beslis(kader, x.antwoorden, x.signalen))
        logic = {naam: jsonLogic(rule, x.data) for naam, rule in rules.items()}
        if logic != engine:
            verschil = {k: (engine[k], logic[k]) for k in engine if engine[k] != logic[k]}
            sys.exit(
                "JSON Logic wijkt af van de engine voor "
                f"{json.dumps(x.data, ensure_ascii=False)}: (engine, json-logic) = {verschil}"
            )
        fired += bool(engine["waarschuwingen"])
    return fired


# --- decisions per second ---------------------------------------------------------------------


def meet(ronde: Callable[[], int], seconden: float) -> dict[str, float]:
    """Repeat a pass over all inputs for about ``seconden``; overall and best-pass rate."""
    ronde()  # warm-up pass
    gc.collect()
    aantal = 0
    snelste = 0.0
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        n = ronde()
        t1 = time.perf_counter()
        aantal += n
        snelste = max(snelste, n / (t1 - t0))
        if t1 - start >= seconden:
            break
    duur = time.perf_counter() - start
    return {"per_s": aantal / duur, "best_pass_per_s": snelste, "decisions": aantal, "s": duur}


def bench_beslis(kader: Afwegingskader, invoer: Sequence[Invoer], seconden: float) -> Any:
    paren = [(x.antwoorden, x.signalen) for x in invoer]

    def ronde() -> int:
        for antwoorden, signalen in paren:
            beslis(kader, antwoorden, signalen)
        return len(paren)

    def ronde_dict() -> int:
        for antwoorden, signalen in paren:
            beslis(kader, antwoorden, signalen).als_dict()
        return len(paren)

    return meet(ronde, seconden), meet(ronde_dict, seconden)


def bench_json_logic(
    rules: Mapping[str, Json], invoer: Sequence[Invoer], seconden: float, namen: Sequence[str]
) -> dict[str, float]:
    gekozen = [rules[n] for n in namen]
    data = [x.data for x in invoer]

    def ronde() -> int:
        for d in data:
            for rule in gekozen:
                jsonLogic(rule, d)
        return len(data)

    return meet(ronde, seconden)


# --- report -----------------------------------------------------------------------------------


def _getal(x: float) -> str:
    return f"{x:,.0f}".replace(",", " ")


def rapport(res: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    load = res["load"]
    b, bd = res["beslis"], res["beslis_als_dict"]
    jl, jl_alles = res["json_logic"], res["json_logic_met_hints"]
    factor = b["per_s"] / jl_alles["per_s"]
    factor_kern = b["per_s"] / jl["per_s"]

    def oordeel(ok: bool) -> str:
        return "PASS" if ok else "FAIL"

    return [
        (
            "laden + valideren basis (median / p95)",
            f"{load['median_ms']:.1f} / {load['p95_ms']:.1f} ms",
            f"< {TARGET_LOAD_MS:.0f} ms",
            oordeel(load["p95_ms"] < TARGET_LOAD_MS),
        ),
        (
            "beslis()",
            f"{_getal(b['per_s'])} /s",
            f">= {_getal(TARGET_BESLIS)} /s",
            oordeel(b["per_s"] >= TARGET_BESLIS),
        ),
        ("beslis() + als_dict()", f"{_getal(bd['per_s'])} /s", "", ""),
        (
            "beslis(), zwaarste invoer (volledig pad, 4 signalen)",
            f"{_getal(res['beslis_zwaarst']['per_s'])} /s",
            "",
            "",
        ),
        (
            "JSON Logic, 6 regels (zonder hints)",
            f"{_getal(jl['per_s'])} /s",
            "",
            "",
        ),
        (
            "JSON Logic, 7 regels (zelfde werk als beslis)",
            f"{_getal(jl_alles['per_s'])} /s",
            "",
            "",
        ),
        (
            "beslis() t.o.v. JSON Logic (7 / 6 regels)",
            f"{factor:.1f}x / {factor_kern:.1f}x",
            "> 1x",
            oordeel(factor_kern > 1),
        ),
    ]


def print_tabel(res: dict[str, Any]) -> None:
    m = res["machine"]
    print(
        f"Machine: {m['cpu']} ({m['cores']} cores, gepind op cpu {m['pinned_cpu']}); {m['python']}"
    )
    print(f"Datum: {m['date']}; invoer: {res['inputs']} willekeurige geldige invoeren")
    print()
    rijen = rapport(res)
    breedte = [max(len(r[i]) for r in rijen) for i in range(4)]
    for rij in rijen:
        print("  ".join(c.ljust(breedte[i]) for i, c in enumerate(rij)).rstrip())
    delen = res["load"]["breakdown_median_ms"]
    print()
    print("Laden, mediane verdeling: " + ", ".join(f"{k} {v:.2f} ms" for k, v in delen.items()))
    print(f"Invoer naar aantal antwoorden: {_mix(res['input_mix']['answers'])}")
    print(
        f"JSON Logic gecontroleerd tegen de engine: {res['inputs']} invoeren gelijk "
        f"({res['json_logic_warnings_checked']} met waarschuwingen)."
    )


def _mix(telling: Mapping[int, int]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in telling.items())


def markdown(res: dict[str, Any], commando: str) -> str:
    m = res["machine"]
    delen = res["load"]["breakdown_median_ms"]
    regels = [
        "## Afwegingskader-engine (kader)",
        "",
        f"Gemeten op {m['date']} op een gedeelde machine met {m['cores']} cores "
        f"({m['cpu']}), vastgepind op één core; {m['python']}, {m['platform']}.",
        "",
        "Reproduceren:",
        "",
        "```sh",
        commando,
        "```",
        "",
        "| Meting | Resultaat | Doel | Oordeel |",
        "| --- | --- | --- | --- |",
    ]
    regels += [f"| {a} | {b} | {c or '—'} | {d or '—'} |" for a, b, c, d in rapport(res)]
    regels += [
        "",
        f"- Invoer: {res['inputs']} willekeurige geldige invoeren voor `basis` (seed "
        f"{res['seed']}): een willekeurig begin van een pad door de afwegingen (0 antwoorden tot "
        "een volledig pad) plus 0–4 willekeurige aanvinkbare signalen; elke meting herhaalt "
        f"rondes over alle invoeren gedurende ~{res['seconds']:g} s. Verdeling naar aantal "
        f"antwoorden: {_mix(res['input_mix']['answers'])}; {res['input_mix']['complete_paths']} "
        "volledige paden. De zwaarste invoer (5 antwoorden, 4 signalen) geeft een ondergrens.",
        "- Laden = `laad_tekst(tekst)` op de YAML-tekst zonder caches: YAML lezen met "
        "regelnummers, schema (pydantic), graaf- en minimumcontroles, compileren en inhoudshash. "
        f"Mediane verdeling: YAML {delen['yaml']:.1f} ms, schema {delen['schema']:.1f} ms, "
        f"validatie {delen['validatie']:.1f} ms, compileren + hash {delen['compileren']:.1f} ms "
        f"({res['load']['runs']} runs).",
        "- JSON Logic: `panzi-json-logic`, één regel per uitvoer (acties, volgende_afweging, "
        "normen, samen_met_veilig_thuis, opnieuw_melden, waarschuwingen; hints als zevende), "
        "gegenereerd uit de graaf als beslisboom over de antwoorden. Vóór het meten is voor elke "
        "invoer gecontroleerd dat alle uitkomsten gelijk zijn aan die van `beslis` "
        f"({res['json_logic_warnings_checked']} invoeren gaven waarschuwingen).",
        f"- Gedeelde machine ({m['cores']} cores): andere processen kunnen de cijfers drukken; "
        "herhaal de meting bij twijfel. Vereist de dev-extra's (`panzi-json-logic`).",
    ]
    return "\n".join(regels) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="seconden per meting")
    parser.add_argument("--runs", type=int, default=50, help="aantal keer laden")
    parser.add_argument("--inputs", type=int, default=10_000, help="aantal invoeren")
    parser.add_argument("--seed", type=int, default=20240501)
    parser.add_argument("--json", type=Path, help="schrijf de resultaten als JSON")
    parser.add_argument("--markdown", action="store_true", help="druk de docs-sectie af")
    parser.add_argument("--rules", type=Path, help="schrijf de JSON Logic-regels weg")
    args = parser.parse_args(argv)

    cpu = pin_to_one_core()
    tekst = meegeleverde_kaders()["basis"].read_text(encoding="utf-8")
    res: dict[str, Any] = {
        "machine": machine(cpu),
        "seconds": args.seconds,
        "inputs": args.inputs,
        "seed": args.seed,
    }
    res["load"] = bench_load(tekst, args.runs)

    kader = laad_tekst(tekst, "basis.yaml")
    invoer = genereer(kader, args.inputs, args.seed)
    rules = json_logic_regels(kader)
    if args.rules:
        args.rules.write_text(json.dumps(rules, indent=2, ensure_ascii=False), encoding="utf-8")
    res["json_logic_warnings_checked"] = verifieer(kader, rules, invoer)

    res["beslis"], res["beslis_als_dict"] = bench_beslis(kader, invoer, args.seconds)
    zwaarst = genereer(kader, args.inputs, args.seed, zwaarst=True)
    verifieer(kader, rules, zwaarst)
    res["beslis_zwaarst"], _ = bench_beslis(kader, zwaarst, args.seconds / 3)
    res["input_mix"] = {
        "answers": dict(sorted(Counter(len(x.antwoorden) for x in invoer).items())),
        "signals": dict(sorted(Counter(len(x.signalen) for x in invoer).items())),
        "complete_paths": sum(beslis(kader, x.antwoorden).afgerond for x in invoer),
    }
    kern = [n for n in rules if n != "hints"]
    res["json_logic"] = bench_json_logic(rules, invoer, args.seconds, kern)
    res["json_logic_met_hints"] = bench_json_logic(rules, invoer, args.seconds, list(rules))
    res["targets"] = {
        "beslis_per_s": TARGET_BESLIS,
        "load_ms": TARGET_LOAD_MS,
        "beslis_pass": res["beslis"]["per_s"] >= TARGET_BESLIS,
        "faster_than_json_logic": res["beslis"]["per_s"] > res["json_logic"]["per_s"],
        "load_pass": res["load"]["p95_ms"] < TARGET_LOAD_MS,
    }

    print_tabel(res)
    if args.markdown:
        print()
        print(markdown(res, ".venv/bin/python bench/kader_bench.py --markdown"))
    if args.json:
        args.json.write_text(json.dumps(res, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
