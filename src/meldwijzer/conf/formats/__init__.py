"""Meldwijzer's one date style, per language (``FORMAT_MODULE_PATH``; docs/ontwikkelen.md,
"Datums"): "5 december 2026" and "5 december 2026, 14:05" in Dutch, "5 December 2026" and
"5 December 2026, 14:05" in English. Pages, PDFs, e-mails and messages take their dates from
here (templates with ``|date`` and ``|date:"DATETIME_FORMAT"``, Python with
``meldwijzer.datumtekst``); what machines read (API, FHIR, exports for machines) stays ISO 8601.
Anything not set here comes from Django's own locale formats (e.g. the input formats).
"""
