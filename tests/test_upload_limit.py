"""A request body over MAX_CONTENT_LENGTH gets the Swedish 413 page, and nothing is saved."""

from sqlalchemy import func, select

from lagesbild.models import ImportBatch, Observation


def test_an_oversized_post_gets_the_swedish_413_page_and_saves_nothing(
    app, login_as, member, valid_form, db_read
):
    client = login_as(member)
    limit = app.config["MAX_CONTENT_LENGTH"]
    form = valid_form(beskrivning="x" * (limit + 1))
    response = client.post("/iakttagelser/ny", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert response.mimetype == "text/html"
    assert '<html lang="sv"' in html and "Request Entity Too Large" not in html
    assert "för stor" in html.lower() and "5 MB" in html
    for model in (Observation, ImportBatch):
        assert (
            db_read(lambda session, model=model: session.scalar(select(func.count()).select_from(model))) == 0
        )
