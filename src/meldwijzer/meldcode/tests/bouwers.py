"""Helpers the meldcode tests share."""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree as ET

from meldwijzer.meldcode.odf import q


def tekst_van_odt(inhoud: bytes) -> str:
    """All text of an .odt, paragraph by paragraph (for tests and checks)."""
    with zipfile.ZipFile(io.BytesIO(inhoud)) as zip_:
        wortel = ET.fromstring(zip_.read("content.xml"))
    regels = []
    for el in wortel.iter():
        if el.tag in (q("text:p"), q("text:h")):
            regels.append("".join(el.itertext()))
    return "\n".join(regels)
