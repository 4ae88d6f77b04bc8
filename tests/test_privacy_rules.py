"""Guard rules that the generated-number tests in test_privacy.py cannot see, checked through the form
(whatever module the guard lives in, the member's post is what must be refused)."""

from sqlalchemy import func, select

from lagesbild.models import Observation


def test_a_ten_digit_personnummer_of_a_leap_day_in_2000_is_refused(
    client, login_as, member, valid_form, db_read
):
    """29 February exists in 2000 but not in 1900: a 10-digit number must be tried in both centuries."""
    login_as(member)
    text = "Pojken, 000229-1235, sprayade på väggen."
    response = client.post("/iakttagelser/ny", data=valid_form(beskrivning=text))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Beskrivningen verkar innehålla ett personnummer (”000229-1235”" in html
    assert text in html  # what the member typed stays in the form
    assert db_read(lambda session: session.scalar(select(func.count()).select_from(Observation))) == 0
