"""Who reports what in the demo, and what they write: per subcategory, so the demo reads like a real
group's log (the guard company reports rounds and break-ins, never traffic operations).

The reporters follow the taxonomy's `typical_reporters` column (../shared/domain/taxonomy.csv) mapped to
the demo's organisations, most typical first. Descriptions are about places and phenomena, never people.
"""

POLICE = "Polisen LPO Eslöv"
RESCUE = "Räddningstjänsten Syd"
EBO = "Eslövs Bostads AB (ebo)"
HSB = "HSB"
BRINOVA = "Brinova"
GUARDS = "Bevakningsbolaget Syd (demo)"
CITY_CENTRE = "Stadskärneföreningen"
FIELD_WORKERS = "Fältsekreterarna"
YOUTH_CENTRE = "Mötesplatsen Gasverket"
STREETS = "Eslövs kommun, gata/park"
MUNICIPALITY = "Eslövs kommun, trygghetssamordning"

OWNERS = [EBO, HSB, BRINOVA]
EVERYONE = [STREETS, EBO, POLICE, CITY_CENTRE, FIELD_WORKERS, HSB, YOUTH_CENTRE, GUARDS, BRINOVA, RESCUE]

REPORTERS: dict[str, list[str]] = {
    "ORD.UNGDOMSGRUPP": [POLICE, GUARDS, FIELD_WORKERS, EBO, CITY_CENTRE],
    "ORD.SLAGSMAL": [POLICE, GUARDS, FIELD_WORKERS],
    "ORD.SAMLINGSPLATS": [POLICE, EBO, GUARDS, YOUTH_CENTRE],
    "ORD.BERUSAD": [POLICE, GUARDS, CITY_CENTRE],
    "ORD.INTRANG": [*OWNERS, GUARDS],
    "ORD.STOKIGA_GRANNAR": OWNERS,
    "ORD.HOT_PERSONAL": [CITY_CENTRE, GUARDS, YOUTH_CENTRE],
    "ORD.TIGGERI": [CITY_CENTRE, GUARDS],
    "ORD.PYROTEKNIK": [POLICE, RESCUE, EBO],
    "SKG.KLOTTER": [STREETS, *OWNERS, CITY_CENTRE],
    "SKG.ALLMAN_PLATS": [STREETS, GUARDS],
    "SKG.FASTIGHET": [*OWNERS, GUARDS],
    "SKG.SKOLA": [YOUTH_CENTRE, GUARDS],
    "SKG.FORDON": [POLICE, EBO, HSB],
    "BRD.AVFALL": [RESCUE, EBO, STREETS],
    "BRD.FORDON": [RESCUE, POLICE],
    "BRD.BYGGNAD": [RESCUE, EBO, POLICE],
    "BRD.SKOLA": [RESCUE],
    "BRD.MARK": [RESCUE],
    "BRD.OVRIG": [RESCUE, EBO],
    "BRD.BRANDRISK": [RESCUE, *OWNERS],
    "NAR.PAVERKAD": [POLICE, GUARDS, FIELD_WORKERS],
    "NAR.HANDEL": [POLICE, EBO, GUARDS],
    "NAR.TILLHALL": [*OWNERS, POLICE],
    "NAR.FYND": [STREETS, EBO, GUARDS],
    "NAR.LANGNING": [POLICE, FIELD_WORKERS],
    "TRF.FORTKORNING": [POLICE, STREETS],
    "TRF.BUSKORNING": [POLICE, EBO, FIELD_WORKERS],
    "TRF.GCV": [POLICE, STREETS],
    "TRF.STORANDE": [POLICE, GUARDS, CITY_CENTRE],
    "MIL.BELYSNING": [STREETS, *OWNERS],
    "MIL.NEDSKRAPNING": [STREETS, EBO, CITY_CENTRE],
    "MIL.DUMPNING": [STREETS, *OWNERS],
    "MIL.VEGETATION": [STREETS, EBO, HSB],
    "MIL.OTRYGG_PLATS": EVERYONE,
    "BRO.INBROTT_BOSTAD": [POLICE, EBO, HSB],
    "BRO.INBROTT_FORRAD": [*OWNERS, GUARDS, POLICE],
    "BRO.STOLD_FORDON": [POLICE, EBO, BRINOVA],
    "BRO.BUTIK": [CITY_CENTRE, GUARDS, POLICE],
    "BRO.VALD": [POLICE],
    "BRO.OFREDANDE": [POLICE, FIELD_WORKERS],
    "UNG.RISKMILJO": [FIELD_WORKERS, YOUTH_CENTRE, POLICE],
    "UNG.SKOLOMRADE": [GUARDS, FIELD_WORKERS],
    "AKT.PATRULL": [POLICE, GUARDS, FIELD_WORKERS],
    "AKT.TRYGGHETSVANDRING": [MUNICIPALITY, POLICE, EBO],
    "AKT.MEDBORGARDIALOG": [MUNICIPALITY, POLICE],
    "AKT.SKOLBESOK": [POLICE, FIELD_WORKERS],
    "AKT.TRAFIKINSATS": [POLICE, STREETS],  # the police's controls, the municipality's street measures
    "AKT.FYSISK_ATGARD": [STREETS, *OWNERS],
    "OVR.POSITIV": EVERYONE,
    "OVR.OVRIGT": EVERYONE,
}

DESCRIPTIONS: dict[str, list[str]] = {
    "ORD.UNGDOMSGRUPP": [
        "Grupp om 10–15 ungdomar som stör kvällstid, hög musik och skrik.",
        "Ungdomsgrupp samlas vid entrén och hindrar förbipasserande.",
        "Stökigt gäng på mopeder, kastade saker mot fönster.",
    ],
    "ORD.SLAGSMAL": [
        "Bråk mellan flera personer utanför, upplöst när polisen kom.",
        "Slagsmål vid busshållplatsen sent på kvällen.",
    ],
    "ORD.SAMLINGSPLATS": [
        "Återkommande samling vid bänkarna, mycket skräp efteråt.",
        "Ny samlingsplats i cykelgaraget, boende känner sig otrygga.",
    ],
    "ORD.BERUSAD": [
        "Berusade personer som stör resenärer i väntsalen.",
        "Högljudda berusade efter stängning, flaskor lämnade kvar.",
    ],
    "ORD.INTRANG": [
        "Obehöriga har tagit sig in i källaren, dörren uppbruten.",
        "Personer övernattar i trapphuset, spår av rökning.",
        "Obehöriga i tvättstugan kvällstid, låset bytt.",
    ],
    "ORD.STOKIGA_GRANNAR": [
        "Upprepade klagomål på störningar nattetid i huset.",
        "Störande fest i gemensamhetslokalen, grannar väckta.",
    ],
    "ORD.HOT_PERSONAL": [
        "Personal i butiken utsatt för hot efter tillsägelse.",
        "Personal hotad vid stängning, polisanmält.",
    ],
    "ORD.TIGGERI": [
        "Påträngande tiggeri vid entrén, kunder har klagat.",
        "Tiggeri i gången mellan butikerna hela eftermiddagen.",
    ],
    "ORD.PYROTEKNIK": [
        "Smällare kastade mot förbipasserande.",
        "Raketer avfyrade mot fasaden, en ruta sprucken.",
    ],
    "SKG.KLOTTER": [
        "Nytt klotter på väggen, anmält för sanering.",
        "Tags på elskåp och skyltar längs gångstråket.",
        "Stora målningar på fasaden mot parkeringen.",
    ],
    "SKG.ALLMAN_PLATS": [
        "Krossad ruta i busskuren.",
        "Gungorna på lekplatsen sönderskurna.",
        "Belysningsstolpe välte efter påkörning, skylt nedriven.",
    ],
    "SKG.FASTIGHET": [
        "Porten sparkad sönder, låset ur funktion.",
        "Hissknappar brända och spegeln krossad.",
        "Fönster i tvättstugan krossat.",
    ],
    "SKG.SKOLA": [
        "Fönster krossade på skolans baksida under helgen.",
        "Klotter och skadad utrustning vid fritidsgårdens entré.",
    ],
    "SKG.FORDON": [
        "Flera bilar med uppskurna däck på parkeringen.",
        "Cyklar sönderslagna i cykelstället.",
    ],
    "BRD.AVFALL": [
        "Brand i container, släckt av räddningstjänsten.",
        "Papperskorg i brand, mindre skada.",
        "Brand i sopkärl vid miljöhuset.",
    ],
    "BRD.FORDON": [
        "Bilbrand på parkeringen nattetid, bilen utbrunnen.",
        "Moped i brand vid cykelstället.",
    ],
    "BRD.BYGGNAD": [
        "Anlagd brand i barnvagnsrum, rökskadat trapphus.",
        "Brand i källarförråd, trapphuset utrymt.",
    ],
    "BRD.SKOLA": [
        "Brand anlagd mot skolans fasad, liten skada.",
        "Brand i förråd vid förskolan under helgen.",
    ],
    "BRD.MARK": [
        "Gräsbrand vid banvallen, släckt.",
        "Brand i buskage längs gångvägen.",
    ],
    "BRD.OVRIG": [
        "Eldning på lekplatsen, bänk svedd.",
        "Brand i hiss, stoppad och rökskadad.",
    ],
    "BRD.BRANDRISK": [
        "Brännbart material i trapphus, fastighetsägaren informerad.",
        "Utrymningsväg blockerad av möbler och kartonger.",
    ],
    "NAR.PAVERKAD": [
        "Påverkade personer som stör vid stationen.",
        "Person påverkad av narkotika sover i busskuren.",
    ],
    "NAR.HANDEL": [
        "Misstänkt försäljning kvällstid, samma plats flera kvällar.",
        "Många korta besök vid bilen på parkeringen, misstänkt handel.",
    ],
    "NAR.TILLHALL": [
        "Lägenhet med mycket spring dygnet runt, grannar oroliga.",
        "Förrådslokal används som tillhåll, spår av narkotika.",
    ],
    "NAR.FYND": [
        "Fynd av sprutor vid buskagen, omhändertagna.",
        "Små påsar och folie hittade vid lekplatsen.",
    ],
    "NAR.LANGNING": [
        "Uppgifter om langning av alkohol till unga vid affären.",
        "Unga med snus och alkohol, troligen langat.",
    ],
    "TRF.FORTKORNING": [
        "Höga hastigheter på bostadsgatan.",
        "Bilar kör fort förbi skolan vid skolstart.",
    ],
    "TRF.BUSKORNING": [
        "Mopeder som buskör på gång- och cykelvägen.",
        "A-traktorer kör i hög fart runt torget.",
    ],
    "TRF.GCV": [
        "Bilar kör på cykelvägen för att gena.",
        "Mopeder i gångtunneln, nära olyckor.",
    ],
    "TRF.STORANDE": [
        "Bilar samlas och kör burn-outs på parkeringen.",
        "Hög musik från bilar sent på kvällen.",
    ],
    "MIL.BELYSNING": [
        "Trasig gatubelysning, gångstråket helt mörkt.",
        "Tre lampor ur funktion vid cykeltunneln.",
    ],
    "MIL.NEDSKRAPNING": [
        "Mycket nedskräpning efter helgen.",
        "Överfulla papperskorgar och skräp runt bänkarna.",
    ],
    "MIL.DUMPNING": [
        "Dumpade möbler och elavfall vid återvinningen.",
        "Övergivna cyklar i cykelstället sedan flera veckor.",
    ],
    "MIL.VEGETATION": [
        "Skymmande buskage vid tunnelmynningen.",
        "Höga buskar skymmer sikten längs gångvägen.",
    ],
    "MIL.OTRYGG_PLATS": [
        "Platsen upplevs otrygg kvällstid, få rör sig här.",
        "Boende undviker passagen efter mörkrets inbrott.",
    ],
    "BRO.INBROTT_BOSTAD": [
        "Inbrottsförsök i lägenhet, bändmärken på dörren.",
        "Inbrott i villa dagtid, polisanmält.",
    ],
    "BRO.INBROTT_FORRAD": [
        "Inbrottsförsök i källarförråd.",
        "Flera förråd uppbrutna under natten.",
    ],
    "BRO.STOLD_FORDON": [
        "Cykelstölder vid pendelparkeringen.",
        "Inbrott i bilar på parkeringen, rutor krossade.",
    ],
    "BRO.BUTIK": [
        "Butiksstöld, polisanmäld.",
        "Upprepade snatterier i butiken under eftermiddagen.",
    ],
    "BRO.VALD": [
        "Misshandel på allmän plats sent på natten, polisanmäld.",
        "Rån mot ung person vid hållplatsen.",
    ],
    "BRO.OFREDANDE": [
        "Ofredande av förbipasserande vid stationen.",
        "Trakasserier mot unga på väg hem från träningen.",
    ],
    "UNG.RISKMILJO": [
        "Yngre barn ute sent utan vuxen, fältarna på plats.",
        "Unga samlas där vuxna langar, fältarna har pratat med dem.",
    ],
    "UNG.SKOLOMRADE": [
        "Störningar på skolgården kvällstid.",
        "Grupp på skolans tak efter stängning.",
    ],
    "AKT.PATRULL": [
        "Fotpatrull genomförd, lugnt läge.",
        "Fotpatrull i centrum, samtal med ungdomar.",
        "Väktarrond i centrum.",
        "Väktarrond med extra tid vid stationen.",
        "Vuxna på stan, samtal med unga på torget.",
    ],
    "AKT.TRYGGHETSVANDRING": [
        "Trygghetsvandring med boende och fastighetsägare.",
        "Trygghetsvandring med boende.",
        "Trygghetsvandring kvällstid, brister i belysningen noterade.",
    ],
    "AKT.MEDBORGARDIALOG": [
        "Medborgardialog i biblioteket, tryggheten i centrum diskuterades.",
        "Dialogmöte med boende om stök på innergården.",
    ],
    "AKT.SKOLBESOK": [
        "Skolbesök i årskurs 8 om droger och grupptryck.",
        "Fältarna träffade elever på rasten.",
    ],
    "AKT.TRAFIKINSATS": [
        "Riktad trafikkontroll genomförd.",
        "Farthinder och skyltning åtgärdade.",
        "Hastighetskontroll vid skolan, flera rapporterade.",
    ],
    "AKT.FYSISK_ATGARD": [
        "Klottersanering och röjning utförd.",
        "Ny belysning monterad i passagen.",
        "Buskage nedklippt för bättre sikt.",
    ],
    "OVR.POSITIV": [
        "Lugn vecka i området.",
        "Positiv stämning vid evenemanget på torget.",
    ],
    "OVR.OVRIGT": [
        "Övrigt: boende frågar efter mer belysning.",
        "Nya bänkar uppskattade, mycket folk i parken.",
    ],
}
