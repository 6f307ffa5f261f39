"""Addresses of termijnen, the dashboard, the annual figures and the printable documents
(docs/handleiding-termijnen.md). Included in web/urls.py, so every name is in the ``web:``
namespace."""

from django.urls import path

from meldwijzer.web.views import documenten, rapportage

urlpatterns = [
    path("termijnen/", rapportage.termijnen, name="termijnen"),
    path("dashboard/", rapportage.dashboard, name="dashboard"),
    path("jaarcijfers/", rapportage.jaarcijfers, name="jaarcijfers"),
    path("jaarcijfers/csv/", rapportage.jaarcijfers_csv, name="jaarcijfers_csv"),
    path("casussen/<uuid:casus_id>/dossier/", documenten.dossier, name="dossier_afdruk"),
    path("casussen/<uuid:casus_id>/dossier.pdf", documenten.dossier_pdf, name="dossier_pdf"),
    path(
        "casussen/<uuid:casus_id>/melding-voorbereiden/",
        documenten.melding_voorbereiden,
        name="melding_voorbereiden",
    ),
    path(
        "casussen/<uuid:casus_id>/melding-voorbereiden.pdf",
        documenten.melding_voorbereiden_pdf,
        name="melding_voorbereiden_pdf",
    ),
]
