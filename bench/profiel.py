"""Profiles of the web app under load: where a request's milliseconds go (docs/performance.md,
"Waar de milliseconden heen gaan").

py-spy samples the gunicorn workers from outside (no change to the code it measures) while wrk
drives one page. Each sample is a stack of frames; two questions are asked of it:

- **wie** (who asked for the work): the innermost frame that belongs to a part of the app or of
  Django with a name in the table below — the access log, the permission checks, session and
  second factor, context processors, middleware, the view;
- **wat** (what kind of work): the innermost frame of a known kind — SQL in the database driver,
  decryption, building ORM queries and model instances, rendering templates; the rest is
  "overig" (Python, Django's request handling, gunicorn).

The shares per page go into a JSON file; the stacks themselves are drawn as a flame graph (SVG,
written here: width is the share of samples, the root at the bottom).
"""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

# (name, pattern on "function (file:line)") — the innermost matching frame decides. Order
# matters only within one frame.
WIE: list[tuple[str, re.Pattern[str]]] = [
    ("toegangslog en keten", re.compile(r"meldwijzer/audit/")),
    (
        "rechten en lidmaatschap",
        re.compile(r"meldwijzer/accounts/(permissions|selectors)\.py|MembershipMiddleware"),
    ),
    (
        "sessie en tweede factor",
        re.compile(r"django/contrib/(sessions|auth)/|django_otp/|meldwijzer/accounts/"),
    ),
    ("contextprocessors", re.compile(r"context_processors\.py")),
    ("middleware (overig)", re.compile(r"middleware\.py|csp/|axes/|whitenoise/")),
    ("templates", re.compile(r"django/template/|/templatetags/")),
    ("Meldwijzer (views, diensten, modellen)", re.compile(r"meldwijzer/")),
]
WAT: list[tuple[str, re.Pattern[str]]] = [
    (
        "SQL (database)",
        re.compile(
            r"django/db/backends/(utils|sqlite3/base|postgresql/base)\.py|psycopg/|sqlite3/"
        ),
    ),
    ("ontsleutelen en hashen", re.compile(r"meldwijzer/sleutels/|cryptography/|hmac\.py")),
    ("ORM (query's en modellen)", re.compile(r"django/db/models/")),
    ("templates renderen", re.compile(r"django/template/|/templatetags/")),
]
OVERIG = "overig"


def neem_op(master_pid: int, seconden: int, uit: Path) -> Path:
    """Record every worker of this gunicorn master for ``seconden`` as folded stacks."""
    uit.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(Path(__file__).resolve().parents[1] / ".venv" / "bin" / "py-spy"), "record",
            "--pid", str(master_pid), "--subprocesses", "--duration", str(seconden),
            "--rate", "250", "--format", "raw", "--output", str(uit), "--nonblocking",
        ],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    return uit


def lees_stapels(gevouwen: Path) -> Counter[tuple[str, ...]]:
    """Folded stacks (``a;b;c 12``), root first, without py-spy's process and thread frames
    and without the gunicorn master (its samples are not requests)."""
    stapels: Counter[tuple[str, ...]] = Counter()
    for regel in gevouwen.read_text(encoding="utf-8", errors="replace").splitlines():
        stapel, _sep, aantal = regel.rpartition(" ")
        if not stapel or not aantal.isdigit():
            continue
        frames = tuple(
            f for f in stapel.split(";") if not f.startswith(("process ", "thread ", '"'))
        )
        if frames and any("handle_request" in f for f in frames):
            stapels[frames] += int(aantal)
    return stapels


def _eerste(frames: tuple[str, ...], patronen: list[tuple[str, re.Pattern[str]]]) -> str:
    for frame in reversed(frames):
        for naam, patroon in patronen:
            if patroon.search(frame):
                return naam
    return OVERIG


def verdeling(stapels: Counter[tuple[str, ...]]) -> dict[str, Any]:
    """Shares per 'wie' and per 'wat', and the matrix of both, in percent of the samples."""
    totaal = sum(stapels.values()) or 1
    wie: Counter[str] = Counter()
    wat: Counter[str] = Counter()
    beide: Counter[tuple[str, str]] = Counter()
    for frames, aantal in stapels.items():
        a, b = _eerste(frames, WIE), _eerste(frames, WAT)
        wie[a] += aantal
        wat[b] += aantal
        beide[(a, b)] += aantal

    def pct(n: int) -> float:
        return round(100 * n / totaal, 1)

    return {
        "monsters": sum(stapels.values()),
        "wie": {k: pct(v) for k, v in wie.most_common()},
        "wat": {k: pct(v) for k, v in wat.most_common()},
        "wie_wat": {f"{a} / {b}": pct(v) for (a, b), v in beide.most_common()},
    }


# --- the flame graph -------------------------------------------------------------------------

_BREEDTE = 1200
_HOOGTE = 16


def _boom(stapels: Counter[tuple[str, ...]]) -> dict[str, Any]:
    wortel: dict[str, Any] = {"n": 0, "k": {}}
    for frames, aantal in stapels.items():
        knoop = wortel
        knoop["n"] += aantal
        for frame in frames:
            knoop = knoop["k"].setdefault(frame, {"n": 0, "k": {}})
            knoop["n"] += aantal
    return wortel


def _kleur(frame: str) -> str:
    for i, (_naam, patroon) in enumerate(WAT):
        if patroon.search(frame):
            return ["#e0785a", "#b48ad9", "#e8b44f", "#6fb07f"][i]
    return "#9fb7cf" if "(meldwijzer/" in frame else "#d9d2c5"


def vlamgrafiek(stapels: Counter[tuple[str, ...]], titel: str) -> str:
    """An SVG flame graph: one bar per frame, as wide as its share of samples; a bar's title
    (hover) gives the frame and its share. Frames under 0.1 % are left out."""
    wortel = _boom(stapels)
    totaal = wortel["n"] or 1
    rijen: list[str] = []
    diepte_max = 0

    def teken(knoop: dict[str, Any], x: float, diepte: int) -> None:
        nonlocal diepte_max
        for frame, kind in sorted(knoop["k"].items()):
            breedte = _BREEDTE * kind["n"] / totaal
            if kind["n"] / totaal >= 0.001:
                diepte_max = max(diepte_max, diepte)
                aandeel = 100 * kind["n"] / totaal
                tekst = html.escape(frame)
                label = html.escape(frame.split(" (")[0])[: int(breedte / 7)]
                rijen.append(
                    f'<g data-d="{diepte}"><title>{tekst} — {aandeel:.1f}%</title>'
                    f'<rect x="{x:.1f}" y="@{diepte}@" width="{max(breedte - 0.5, 0.5):.1f}" '
                    f'height="{_HOOGTE - 1}" fill="{_kleur(frame)}"/>'
                    + (
                        f'<text x="{x + 2:.1f}" y="@{diepte}t@">{label}</text>'
                        if breedte > 30
                        else ""
                    )
                    + "</g>"
                )
                teken(kind, x, diepte + 1)
            x += breedte

    teken(wortel, 0.0, 0)
    hoogte = (diepte_max + 3) * _HOOGTE + 30
    lijnen = []
    for rij in rijen:
        d = int(rij.split('data-d="', 1)[1].split('"', 1)[0])
        y = hoogte - (d + 2) * _HOOGTE
        lijnen.append(rij.replace(f"@{d}@", str(y)).replace(f"@{d}t@", str(y + _HOOGTE - 4)))
    legenda = " · ".join(
        f'<tspan fill="{k}">■</tspan> {html.escape(n)}'
        for n, k in zip(
            [n for n, _p in WAT] + ["Meldwijzer", "overig"],
            ["#e0785a", "#b48ad9", "#e8b44f", "#6fb07f", "#9fb7cf", "#d9d2c5"],
            strict=True,
        )
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_BREEDTE}" height="{hoogte}" '
        f'font-family="monospace" font-size="11" role="img" aria-label="{html.escape(titel)}">'
        f'<rect width="100%" height="100%" fill="#fff"/>'
        f'<text x="4" y="16" font-size="14">{html.escape(titel)}</text>'
        f'<text x="4" y="32">{legenda}</text>' + "".join(lijnen) + "</svg>\n"
    )


def schrijf(gevouwen: Path, svg: Path, titel: str) -> dict[str, Any]:
    stapels = lees_stapels(gevouwen)
    svg.parent.mkdir(parents=True, exist_ok=True)
    svg.write_text(vlamgrafiek(stapels, titel), encoding="utf-8")
    return verdeling(stapels)


def tabel(profielen: dict[str, dict[str, Any]]) -> str:
    """Markdown: per page the shares of 'wie' and of 'wat'."""
    regels = []
    for pagina, v in profielen.items():
        regels += [
            f"**{pagina}** ({v['monsters']} monsters, server-CPU "
            f"{v.get('server_cpu_ms_per_verzoek', '–')} ms per verzoek)",
            "",
            "| wie vraagt erom | % | soort werk | % |",
            "|---|---:|---|---:|",
        ]
        wie, wat = list(v["wie"].items()), list(v["wat"].items())
        for i in range(max(len(wie), len(wat))):
            a = wie[i] if i < len(wie) else ("", "")
            b = wat[i] if i < len(wat) else ("", "")
            regels.append(f"| {a[0]} | {a[1]} | {b[0]} | {b[1]} |")
        regels.append("")
    return "\n".join(regels)


if __name__ == "__main__":  # pragma: no cover - a helper for reading one recording by hand
    import sys

    print(json.dumps(verdeling(lees_stapels(Path(sys.argv[1]))), indent=1))
