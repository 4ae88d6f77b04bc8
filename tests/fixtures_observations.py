"""Fixtures for the observation tests: a member with an organisation, valid form data, a CSV upload."""

import pytest

from lagesbild.models import OrganisationKind, Role
from lagesbild.periods import today_local


@pytest.fixture
def valid_form(reference):
    """Form data the post form accepts (a named place, a subcategory, today)."""

    def make(**overrides):
        data = {
            "token": "a-one-time-token-of-sufficient-length",
            "plats": "Stora torg",
            "lat": "",
            "lon": "",
            "kategori": "SKG.KLOTTER",
            "datum": today_local().isoformat(),
            "tid": "21:30",
            "tidsband": "",
            "omfattning": "enstaka",
            "antal": "",
            "beskrivning": "Nytt klotter på väggen vid fontänen.",
            "polis": "nej",
            "delning": "gruppen",
        }
        data.update(overrides)
        return data

    return make


@pytest.fixture
def member(make_org, make_user):
    return make_user(Role.MEMBER, organisation=make_org("Eslövs Bostads AB", OrganisationKind.BOSTADSBOLAG))


@pytest.fixture
def coordinator(make_org, make_user):
    return make_user(Role.COORDINATOR, organisation=make_org("Eslövs kommun", OrganisationKind.KOMMUNAL))


@pytest.fixture
def chair(make_org, make_user):
    return make_user(Role.CHAIR, organisation=make_org("Polisen Eslöv", OrganisationKind.POLIS))
