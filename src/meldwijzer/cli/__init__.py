"""The `meldwijzer` command line.

Commands that work on framework files or shipped frameworks (``afwegen`` and ``kader ...``) never
import Django (DESIGN.md, 'Layers'); commands that need the database set Django up lazily in
their own module, imported only when they run.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence

from meldwijzer.cli import argparse_nl
from meldwijzer.kader.fouten import KaderFout

Handler = Callable[[argparse.Namespace], int]


def bouw_parser() -> argparse.ArgumentParser:
    from meldwijzer.cli import afwegen, kader

    parser = argparse_nl.Parser(
        prog="meldwijzer",
        description="Meldwijzer: de meldcode huiselijk geweld en kindermishandeling met "
        "afwegingskader.",
    )
    sub = parser.add_subparsers(
        dest="commando", metavar="COMMANDO", parser_class=argparse_nl.Parser
    )
    sub.required = True
    afwegen.registreer(sub)
    kader_sub = kader.registreer(sub)
    _registreer_django_commandos(sub, kader_sub)
    return parser


def _registreer_django_commandos(
    sub: argparse._SubParsersAction[argparse_nl.Parser],
    kader_sub: argparse._SubParsersAction[argparse_nl.Parser],
) -> None:
    """Commands that need the database; their modules import Django only when run."""
    if importlib.util.find_spec("meldwijzer.cli.django_commandos") is None:
        return
    module = importlib.import_module("meldwijzer.cli.django_commandos")
    module.registreer(sub, kader_sub)


def main(argv: Sequence[str] | None = None) -> int:
    parser = bouw_parser()
    args = parser.parse_args(argv)
    handler: Handler = args.handler
    try:
        return handler(args)
    except KaderFout as fout:
        print(f"meldwijzer: {fout}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nmeldwijzer: afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
