"""The meldcode document as an editable ODF text document (.odt), written with zipfile and
ElementTree from the same HTML the PDF is made of: one template, two outputs, the same text.

Headings, paragraphs, lists, tables and bold text are carried over; the flowchart goes in as
its SVG picture. Why no library: docs/adr/0022-meldcodedocument-pdf-en-odf.md."""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "draw": "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "xlink": "http://www.w3.org/1999/xlink",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
    "meta": "urn:oasis:names:tc:opendocument:xmlns:meta:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
    "manifest": "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0",
}
for _prefix, _uri in NS.items():
    ET.register_namespace(_prefix, _uri)

MIMETYPE = "application/vnd.oasis.opendocument.text"
AFBEELDING = "Pictures/stroomschema.svg"
OVERSLAAN = {"head", "title", "style", "script", "nav"}


def q(naam: str) -> str:
    prefix, _dubbelepunt, lokaal = naam.partition(":")
    return f"{{{NS[prefix]}}}{lokaal}"


class _NaarOdf(HTMLParser):
    """HTML of the document template → the body of content.xml."""

    def __init__(self, tekst_element: ET.Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stapel: list[ET.Element] = [tekst_element]
        self.html_stapel: list[str] = []
        self.overslaan = 0
        self.svg_diepte = 0
        self.svg_hoogte_cm = 17.0
        self.met_afbeelding = False

    # --- where text goes --------------------------------------------------------------------
    @property
    def huidig(self) -> ET.Element:
        return self.stapel[-1]

    def _tekstcontainer(self) -> ET.Element:
        """The paragraph text goes in; one is opened in a list item or cell that has none."""
        if self.huidig.tag in (q("text:p"), q("text:h"), q("text:span")):
            return self.huidig
        p = ET.SubElement(self.huidig, q("text:p"), {q("text:style-name"): "Text_20_body"})
        self.stapel.append(p)
        self.html_stapel.append("#impliciet")
        return p

    def _voeg_tekst_toe(self, tekst: str) -> None:
        el = self._tekstcontainer()
        if len(el):
            laatste = el[-1]
            laatste.tail = (laatste.tail or "") + tekst
        else:
            el.text = (el.text or "") + tekst

    def _sluit_impliciet(self) -> None:
        while self.html_stapel and self.html_stapel[-1] == "#impliciet":
            self.html_stapel.pop()
            self.stapel.pop()

    def _sub(self, tag: str, attrib: dict[str, str] | None = None) -> ET.Element:
        return ET.SubElement(self.huidig, tag, attrib or {})

    def _open(self, html_tag: str, element: ET.Element) -> None:
        self.stapel.append(element)
        self.html_stapel.append(html_tag)

    # --- the parser's callbacks -------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: C901
        attr = dict(attrs)
        if self.svg_diepte or tag == "svg":
            self._svg_start(tag, attrs)
            return
        if self.overslaan or tag in OVERSLAAN or attr.get("aria-hidden") == "true":
            if tag not in ("br", "meta", "link", "img", "input"):
                self.overslaan += 1
            return
        if tag in ("h1", "h2", "h3", "h4"):
            self._sluit_impliciet()
            niveau = tag[1]
            self._open(
                tag,
                ET.SubElement(
                    self.huidig,
                    q("text:h"),
                    {q("text:style-name"): f"Heading_20_{niveau}", q("text:outline-level"): niveau},
                ),
            )
        elif tag in ("p", "figcaption"):
            self._sluit_impliciet()
            stijl = (
                "Nog_20_in_20_te_20_vullen"
                if "nog-in-te-vullen" in (attr.get("class") or "")
                else "Text_20_body"
            )
            self._open(tag, ET.SubElement(self.huidig, q("text:p"), {q("text:style-name"): stijl}))
        elif tag in ("ul", "ol"):
            self._sluit_impliciet()
            stijl = "Opsomming" if tag == "ul" else "Nummering"
            self._open(
                tag, ET.SubElement(self.huidig, q("text:list"), {q("text:style-name"): stijl})
            )
        elif tag == "li":
            self._open(tag, ET.SubElement(self.huidig, q("text:list-item")))
        elif tag == "table":
            self._sluit_impliciet()
            self._open(
                tag,
                ET.SubElement(self.huidig, q("table:table"), {q("table:name"): f"Tabel{id(attr)}"}),
            )
        elif tag == "tr":
            self._open(tag, ET.SubElement(self.huidig, q("table:table-row")))
        elif tag in ("td", "th"):
            self._open(
                tag,
                ET.SubElement(
                    self.huidig, q("table:table-cell"), {q("office:value-type"): "string"}
                ),
            )
        elif tag == "strong":
            self._open(
                tag,
                ET.SubElement(
                    self._tekstcontainer(), q("text:span"), {q("text:style-name"): "Vet"}
                ),
            )
        elif tag == "br":
            ET.SubElement(self._tekstcontainer(), q("text:line-break"))

    def handle_endtag(self, tag: str) -> None:
        if self.svg_diepte:
            self._svg_eind(tag)
            return
        if self.overslaan:
            if tag not in ("br", "meta", "link", "img", "input"):
                self.overslaan -= 1
            return
        if tag in self.html_stapel:
            while self.html_stapel:
                html_tag = self.html_stapel.pop()
                element = self.stapel.pop()
                if html_tag == "table":
                    _kolommen(element)
                if html_tag == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.svg_diepte:
            return
        if self.overslaan:
            return
        tekst = " ".join(data.split())
        if data[:1].isspace() and tekst:
            tekst = " " + tekst
        if data[-1:].isspace() and tekst:
            tekst += " "
        if not tekst.strip():
            if self.huidig.tag in (q("text:p"), q("text:h"), q("text:span")) and data and tekst:
                self._voeg_tekst_toe(" ")
            return
        self._voeg_tekst_toe(tekst)

    # --- the flowchart: the picture is the SVG itself (html_naar_odt), a frame in the text ---
    def _svg_start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.svg_diepte += 1

    def _svg_eind(self, tag: str) -> None:
        self.svg_diepte -= 1
        if self.svg_diepte:
            return
        self.met_afbeelding = True
        self._sluit_impliciet()
        p = ET.SubElement(self.huidig, q("text:p"), {q("text:style-name"): "Text_20_body"})
        frame = ET.SubElement(
            p,
            q("draw:frame"),
            {
                q("draw:name"): "Stroomschema",
                q("text:anchor-type"): "as-char",
                q("svg:width"): "17cm",
                q("svg:height"): f"{self.svg_hoogte_cm:.2f}cm",
            },
        )
        ET.SubElement(
            frame,
            q("draw:image"),
            {
                q("xlink:href"): AFBEELDING,
                q("xlink:type"): "simple",
                q("xlink:show"): "embed",
                q("xlink:actuate"): "onLoad",
            },
        )
        ET.SubElement(frame, q("svg:title")).text = "Stroomschema van het afwegingskader"


def _hoogte_cm(svg: str, breedte_cm: float) -> float:
    """The picture's height at this width, from the SVG's viewBox (its aspect ratio)."""
    gevonden = re.search(r'viewBox="[\d.\-]+ [\d.\-]+ ([\d.]+) ([\d.]+)"', svg)
    if not gevonden or float(gevonden[1]) == 0:
        return breedte_cm
    return breedte_cm * float(gevonden[2]) / float(gevonden[1])


def _kolommen(tabel: ET.Element) -> None:
    """ODF wants the columns declared before the rows."""
    rijen = tabel.findall(q("table:table-row"))
    aantal = max((len(r) for r in rijen), default=1)
    kolom = ET.Element(q("table:table-column"), {q("table:number-columns-repeated"): str(aantal)})
    tabel.insert(0, kolom)


# The styles of the document (headings, body text, "nog in te vullen", lists), with the
# namespaces filled in from NS.
STIJLEN = Path(__file__).with_name("odf_stijlen.xml").read_text(encoding="utf-8").format(**NS)


def _manifest(met_afbeelding: bool) -> bytes:
    regels = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<manifest:manifest xmlns:manifest="{NS["manifest"]}" manifest:version="1.3">',
        ' <manifest:file-entry manifest:full-path="/" manifest:version="1.3"'
        f' manifest:media-type="{MIMETYPE}"/>',
        ' <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>',
        ' <manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>',
        ' <manifest:file-entry manifest:full-path="meta.xml" manifest:media-type="text/xml"/>',
    ]
    if met_afbeelding:
        regels.append(
            f' <manifest:file-entry manifest:full-path="{AFBEELDING}"'
            ' manifest:media-type="image/svg+xml"/>'
        )
    regels.append("</manifest:manifest>")
    return "\n".join(regels).encode()


def _meta(titel: str, auteur: str) -> bytes:
    document = ET.Element(q("office:document-meta"), {q("office:version"): "1.3"})
    meta = ET.SubElement(document, q("office:meta"))
    ET.SubElement(meta, q("meta:generator")).text = "Meldwijzer"
    ET.SubElement(meta, q("dc:title")).text = titel
    ET.SubElement(meta, q("dc:language")).text = "nl-NL"
    ET.SubElement(meta, q("meta:initial-creator")).text = auteur
    return ET.tostring(document, encoding="utf-8", xml_declaration=True)


def html_naar_odt(html: str, *, titel: str, auteur: str, svg: str | None = None) -> bytes:
    """The rendered document template as the bytes of an .odt file; ``svg`` is the flowchart
    the template shows inline (the picture of its frame)."""
    document = ET.Element(q("office:document-content"), {q("office:version"): "1.3"})
    body = ET.SubElement(document, q("office:body"))
    tekst = ET.SubElement(body, q("office:text"))
    omzetter = _NaarOdf(tekst)
    if svg:
        omzetter.svg_hoogte_cm = _hoogte_cm(svg, 17)
    omzetter.feed(html)
    omzetter.close()
    for i, tabel in enumerate(tekst.iter(q("table:table")), start=1):
        tabel.set(q("table:name"), f"Tabel{i}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zip_:
        # The mimetype first and uncompressed, so a reader recognises the file (ODF 1.3, 3.3).
        zip_.writestr(zipfile.ZipInfo("mimetype"), MIMETYPE, compress_type=zipfile.ZIP_STORED)
        zip_.writestr(
            "content.xml",
            ET.tostring(document, encoding="utf-8", xml_declaration=True),
            compress_type=zipfile.ZIP_DEFLATED,
        )
        zip_.writestr("styles.xml", STIJLEN.encode(), compress_type=zipfile.ZIP_DEFLATED)
        zip_.writestr("meta.xml", _meta(titel, auteur), compress_type=zipfile.ZIP_DEFLATED)
        met_afbeelding = bool(svg and omzetter.met_afbeelding)
        if met_afbeelding and svg:
            zip_.writestr(AFBEELDING, svg.encode(), compress_type=zipfile.ZIP_DEFLATED)
        zip_.writestr(
            "META-INF/manifest.xml",
            _manifest(met_afbeelding),
            compress_type=zipfile.ZIP_DEFLATED,
        )
    return buffer.getvalue()
