"""The fields an observation comes in with, their Swedish labels and the spellings each choice accepts
(the form sends the stored values, a CSV file may carry the labels)."""

from datetime import date

FIELDS = (
    "plats",
    "lat",
    "lon",
    "kategori",
    "datum",
    "tid",
    "tidsband",
    "omfattning",
    "antal",
    "beskrivning",
    "polis",
    "delning",
)
LABELS = {
    "plats": "Plats",
    "lat": "Latitud",
    "lon": "Longitud",
    "kategori": "Kategori",
    "datum": "Datum",
    "tid": "Klockslag",
    "tidsband": "Tid på dygnet",
    "omfattning": "Omfattning",
    "antal": "Antal",
    "beskrivning": "Beskrivning",
    "polis": "Polisanmält",
    "delning": "Delas med",
}
EARLIEST = date(2000, 1, 1)
MAX_COUNT = 100_000
PLACE_MAX = 160

# Accepted spellings -> stored value (the form sends the values, a CSV file may carry the labels).
CHOICES = {
    "tidsband": {"dag": "dag", "kvall": "kvall", "kväll": "kvall", "natt": "natt"},
    "omfattning": {
        "enstaka": "enstaka",
        "aterkommande": "aterkommande",
        "återkommande": "aterkommande",
        "omfattande": "omfattande",
    },
    "polis": {"ja": "ja", "nej": "nej", "vet_ej": "vet_ej", "vet ej": "vet_ej", "vet inte": "vet_ej"},
    "delning": {"gruppen": "gruppen", "begransad": "begransad", "begränsad": "begransad"},
}
DEFAULTS = {"omfattning": "enstaka", "polis": "vet_ej", "delning": "gruppen"}
CHOICE_MESSAGES = {
    "tidsband": "Välj dag, kväll eller natt.",
    "omfattning": "Välj enstaka, återkommande eller omfattande.",
    "polis": "Välj ja, nej eller vet ej.",
    "delning": "Välj gruppen eller begränsad.",
}

# Swedish names of the audited columns (operations.AUDITED), for the change history (history.py).
AUDIT_LABELS = {
    "occurred_on": "Datum",
    "time_of_day": "Klockslag",
    "time_band": "Tid på dygnet",
    "place_id": "Plats",
    "lat": "Latitud",
    "lon": "Longitud",
    "area_id": "Område",
    "category_id": "Kategori",
    "extent": "Omfattning",
    "count": "Antal",
    "description": "Beskrivning",
    "reported_to_police": "Polisanmält",
    "sharing": "Delas med",
    "status": "Status",
}
