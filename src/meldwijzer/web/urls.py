from django.urls import path

import meldwijzer.ids  # noqa: F401  (registers the <id:…> converter)
from meldwijzer.web import urls_account, urls_oefenen, urls_rapportage
from meldwijzer.web.views import (
    algemeen,
    besluit,
    bewaren,
    casussen,
    correcties,
    inzage,
    kaders,
    kadervertalingen,
    kaderwissel,
    meldcode,
    samenwerken,
    socialekaart,
    stappen,
    transfer,
    vervolg,
    zorg,
)

app_name = "web"

urlpatterns = [
    path("health", algemeen.health, name="health"),
    path("", algemeen.start, name="start"),
    path("over/", algemeen.over, name="over"),
    *urls_account.urlpatterns,  # logging in and out, account, beheer, logboek
    *urls_rapportage.urlpatterns,  # termijnen, dashboard, annual figures, documents
    *urls_oefenen.urlpatterns,  # practice mode: oefencasussen, never a casus
    path("organisatie/", algemeen.organisatie_kiezen, name="organisatie"),
    path("casussen/", casussen.lijst, name="casussen"),
    path("casussen/nieuw/", casussen.nieuw, name="casus_nieuw"),
    path("casussen/zoeken/", casussen.zoeken, name="casus_zoeken"),
    path("casussen/<uuid:casus_id>/", casussen.overzicht, name="casus"),
    path("casussen/<uuid:casus_id>/tijdlijn/", casussen.tijdlijn_view, name="tijdlijn"),
    # Inzage and transfer: PDF and JSON, access-logged (docs/security.md).
    path("casussen/<uuid:casus_id>/inzage/", inzage.inzage_pagina, name="inzage"),
    path("casussen/<uuid:casus_id>/inzage/bestand/", inzage.inzage_bestand, name="inzage_bestand"),
    # Transfer to another organisation (docs/handleiding-casus.md): export on the casus, import in
    # the receiver.
    path(
        "casussen/<uuid:casus_id>/overdragen-organisatie/",
        transfer.casus_exporteren,
        name="casus_exporteren",
    ),
    path("casussen/importeren/", transfer.casus_importeren, name="casus_importeren"),
    path("beheer/bewaartermijn/", bewaren.bewaartermijn, name="beheer_bewaartermijn"),
    # The organisation's meldcode document (docs/meldcode.md).
    path("meldcode/", meldcode.meldcode, name="meldcode"),
    path("meldcode/versies/<id:volgnummer>/", meldcode.versie_lezen, name="meldcode_versie"),
    path(
        "meldcode/versies/<id:volgnummer>/pdf/",
        meldcode.versie_lezen,
        {"formaat": "pdf"},
        name="meldcode_versie_pdf",
    ),
    path(
        "meldcode/versies/<id:volgnummer>/odt/",
        meldcode.versie_lezen,
        {"formaat": "odt"},
        name="meldcode_versie_odt",
    ),
    path("meldcode/beheer/", meldcode.beheer, name="meldcode_beheer"),
    path("meldcode/beheer/nieuwe-versie/", meldcode.nieuwe_versie, name="meldcode_nieuwe_versie"),
    path(
        "meldcode/beheer/versies/<id:volgnummer>/vaststellen/",
        meldcode.vaststellen,
        name="meldcode_vaststellen",
    ),
    # The organisation's sociale kaart (docs/sociale-kaart.md).
    path("sociale-kaart/", socialekaart.kaart, name="sociale_kaart"),
    path("sociale-kaart/nieuw/", socialekaart.contact, name="sociale_kaart_nieuw"),
    path("sociale-kaart/<id:contact_id>/", socialekaart.contact, name="sociale_kaart_contact"),
    path(
        "sociale-kaart/<id:contact_id>/verwijderen/",
        socialekaart.verwijderen,
        name="sociale_kaart_verwijderen",
    ),
    path("casussen/<uuid:casus_id>/heropenen/", casussen.heropenen, name="heropenen"),
    path("casussen/<uuid:casus_id>/betrokkenen/", stappen.betrokkenen, name="betrokkenen"),
    path("casussen/<uuid:casus_id>/signalen/", stappen.signalen, name="signalen"),
    path("casussen/<uuid:casus_id>/consultatie/", stappen.consultatie, name="consultatie"),
    path("casussen/<uuid:casus_id>/gesprek/", stappen.gesprek, name="gesprek"),
    path("casussen/<uuid:casus_id>/weging/", stappen.weging, name="weging"),
    path("casussen/<uuid:casus_id>/besluit/", besluit.besluit, name="besluit"),
    path(
        "casussen/<uuid:casus_id>/besluit/opnieuw/",
        correcties.opnieuw_beslissen,
        name="opnieuw_beslissen",
    ),
    path(
        "casussen/<uuid:casus_id>/correctie/<str:soort>/<int:item_id>/",
        correcties.corrigeren,
        name="corrigeren",
    ),
    path(
        "casussen/<uuid:casus_id>/intrekking/<str:soort>/<int:item_id>/",
        correcties.intrekken,
        name="intrekken",
    ),
    path(
        "casussen/<uuid:casus_id>/besluit/intrekken/",
        besluit.concept_intrekken,
        name="concept_intrekken",
    ),
    path(
        "casussen/<uuid:casus_id>/besluiten/<id:volgnummer>/",
        besluit.besluit_detail,
        name="besluit_detail",
    ),
    path("casussen/<uuid:casus_id>/melding/", vervolg.melding, name="melding"),
    path(
        "casussen/<uuid:casus_id>/melding/<id:melding_id>/afspraak/",
        vervolg.afspraak_veilig_thuis,
        name="melding_afspraak",
    ),
    path(
        "casussen/<uuid:casus_id>/melding/<id:melding_id>/terugkoppeling/",
        vervolg.terugkoppeling,
        name="melding_terugkoppeling",
    ),
    path("casussen/<uuid:casus_id>/hulpplan/", vervolg.hulpplan, name="hulpplan"),
    path("casussen/<uuid:casus_id>/evaluatie/", vervolg.evaluatie, name="evaluatie"),
    path("casussen/<uuid:casus_id>/afsluiten/", vervolg.afsluiten, name="afsluiten"),
    path("casussen/<uuid:casus_id>/zienswijzen/", zorg.zienswijzen, name="zienswijzen"),
    path(
        "casussen/<uuid:casus_id>/betrokkenen/<id:betrokkene_id>/kindcheck/",
        zorg.kindcheck,
        name="kindcheck",
    ),
    path("casussen/<uuid:casus_id>/samenwerken/", samenwerken.samenwerken, name="samenwerken"),
    path(
        "casussen/<uuid:casus_id>/samenwerken/<id:deling_id>/intrekken/",
        samenwerken.deling_intrekken,
        name="deling_intrekken",
    ),
    path(
        "casussen/<uuid:casus_id>/hulp-buiten-meldcode/",
        stappen.hulp_buiten_meldcode,
        name="hulp_buiten_meldcode",
    ),
    # Afwegingskaders: versions, import, publication, differences, conformance (docs/adr/0006).
    path("casussen/<uuid:casus_id>/kader/", kaderwissel.kader_wisselen, name="kader_wisselen"),
    path("kaders/", kaders.lijst, name="kaders"),
    path("kaders/importeren/", kaders.importeren, name="kader_importeren"),
    path("kaders/verschil/", kaders.verschil_view, name="kader_verschil"),
    path("kaders/gebruik/", kaders.gebruik, name="kader_gebruik"),
    path("kaders/<id:kaderversie_id>/", kaders.versie, name="kader_versie"),
    path("kaders/<id:kaderversie_id>/toets/", kaders.toets_view, name="kader_toets"),
    path("kaders/<id:kaderversie_id>/vaststellen/", kaders.vaststellen, name="kader_vaststellen"),
    path("kaders/<id:kaderversie_id>/verwijderen/", kaders.verwijderen, name="kader_verwijderen"),
    path(
        "kaders/<id:kaderversie_id>/vertalingen/",
        kadervertalingen.vertaling_uploaden,
        name="kader_vertaling_uploaden",
    ),
    path(
        "kaders/<id:kaderversie_id>/vertalingen/<slug:taal>/intrekken/",
        kadervertalingen.vertaling_intrekken,
        name="kader_vertaling_intrekken",
    ),
    path("beheer/kader/", kaders.kaderkeuze, name="beheer_kader"),
]
