"""An observation's stored values as the raw strings the form shows (for edit and correction)."""

from lagesbild.models import Observation


def form_values(observation: Observation) -> dict[str, str]:
    # A place deactivated since is no longer offered; its point keeps the observation where it was.
    named = observation.place is not None and observation.place.is_active
    return {
        "plats": observation.place.name if named else "",
        "lat": "" if named else f"{observation.lat:.6f}",
        "lon": "" if named else f"{observation.lon:.6f}",
        "kategori": observation.category.code,
        "datum": observation.occurred_on.isoformat(),
        "tid": observation.time_of_day.strftime("%H:%M") if observation.time_of_day else "",
        "tidsband": ""
        if observation.time_of_day or not observation.time_band
        else observation.time_band.value,
        "omfattning": observation.extent.value,
        "antal": str(observation.count) if observation.count else "",
        "beskrivning": observation.description,
        "polis": observation.reported_to_police.value,
        "delning": observation.sharing.value,
    }
