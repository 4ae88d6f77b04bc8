"""The post form's place and category rows, built in Python (lagesbild/observations/forms.py): byte
for byte what the template's loops rendered, which this file keeps to compare against."""

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2 import Environment
from sqlalchemy import select

from lagesbild.models import Category, Place, User
from lagesbild.observations.forms import category_options, place_options
from lagesbild.observations.queries import validation_context
from lagesbild.reference_admin.ordering import usual_first

# templates/observations/form.html's loops before the rows moved to Python, with their surroundings
# (the long lines continued with a backslash, which Python's string joins back into one).
OLD_PLACES = """<datalist id="plats-alternativ">
        {% for place in places %}<option value="{{ place.name }}" data-omrade="{{ place.area.name }}" \
data-alias="{{ place.alias_list | join(';') }}" data-lat="{{ place.lat }}" data-lon="{{ place.lon }}"\
{% if place.id in recent_place_ids %} data-senast="1"{% endif %}></option>
        {% endfor %}
      </datalist>"""
OLD_CATEGORIES = """<option value="">Välj kategori</option>
        {% for top, subs in tree %}
        <optgroup label="{{ top.name }}" data-kod="{{ top.code }}">
          {% for sub in subs %}<option value="{{ sub.code }}"\
{% if form.kategori.data == sub.code %} selected{% endif %}>{{ sub.name }}</option>
          {% endfor %}
        </optgroup>
        {% endfor %}
      </select>"""
NEW_PLACES = """<datalist id="plats-alternativ">
        {{ place_options }}
      </datalist>"""
NEW_CATEGORIES = """<option value="">Välj kategori</option>
        {{ category_options }}
      </select>"""

_JINJA = Environment(autoescape=True)  # as Flask renders .html templates


def _old(places, recent, tree, selected) -> tuple[str, str]:
    form = SimpleNamespace(kategori=SimpleNamespace(data=selected))
    return (
        _JINJA.from_string(OLD_PLACES).render(places=places, recent_place_ids=recent),
        _JINJA.from_string(OLD_CATEGORIES).render(tree=tree, form=form),
    )


def _new(places, recent, tree, selected) -> tuple[str, str]:
    return (
        _JINJA.from_string(NEW_PLACES).render(place_options=place_options(places, recent)),
        _JINJA.from_string(NEW_CATEGORIES).render(category_options=category_options(tree, selected)),
    )


HOSTILE = st.one_of(
    st.text(max_size=12),
    st.sampled_from(['"><script>alert(1)</script>', "&amp; 'x' <b>", "å\u202e\x00", "{{ 7*7 }}"]),
)


@st.composite
def rows(draw):
    def place(number):
        return SimpleNamespace(
            id=number,
            name=draw(HOSTILE),
            area=SimpleNamespace(name=draw(HOSTILE)),
            alias_list=draw(st.lists(HOSTILE, max_size=3)),
            lat=draw(st.one_of(st.floats(allow_nan=False), st.none())),
            lon=draw(st.floats(-180, 180)),
        )

    def category():
        return SimpleNamespace(code=draw(HOSTILE), name=draw(HOSTILE))

    places = [place(number) for number in range(draw(st.integers(0, 4)))]
    recent = draw(st.lists(st.integers(0, 5), max_size=3))
    tree = [
        (category(), [category() for _ in range(draw(st.integers(0, 3)))])
        for _ in range(draw(st.integers(0, 3)))
    ]
    codes = [sub.code for _top, subs in tree for sub in subs]
    selected = draw(st.one_of(st.none(), HOSTILE, st.sampled_from(codes) if codes else st.none()))
    return places, recent, tree, selected


@settings(max_examples=50)
@given(rows())
def test_the_rows_are_the_html_the_template_loops_rendered(drawn):
    assert _new(*drawn) == _old(*drawn)


def test_the_form_page_shows_recent_places_first_and_keeps_the_chosen_category(
    login_as, member, make_observation, db_read, valid_form, app
):
    # A refused post (no description) with a chosen category, by a member who reported at two places
    # and whose organisation usually reports drunkenness (its top category then comes first).
    from lagesbild.extensions import db

    from .support import data_context

    make_observation(place="Stora torg", author=member)
    make_observation(place="Badhusparken", author=member)
    with data_context(app):
        usual = db.session.scalar(select(Category).where(Category.code == "ORD.BERUSAD"))
        db.session.get(User, member.id).organisation.usual_categories = [usual]
        db.session.commit()
    response = login_as(member).post(
        "/iakttagelser/ny", data=valid_form(beskrivning="", kategori="SKG.KLOTTER")
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200

    def expected(session):
        context = validation_context(session)
        recent = [
            session.scalar(select(Place.id).where(Place.name == name))
            for name in ("Badhusparken", "Stora torg")
        ]
        places = sorted(context.places, key=lambda p: recent.index(p.id) if p.id in recent else len(recent))
        usual = {category.id for category in session.get(User, member.id).organisation.usual_categories}
        return _old(places, recent, usual_first(context.tree, usual), "SKG.KLOTTER")

    old_places, old_categories = db_read(expected)
    assert old_places in html and old_categories in html
    assert 'value="SKG.KLOTTER" selected>' in html
    # The usual subcategory first in its top category, and that top category first of all.
    group = html.index("<optgroup")
    assert 'data-kod="ORD">' in html[group : html.index(">", group) + 1]
    assert html.index("<option", group) == html.index('<option value="ORD.BERUSAD"')
    first = html.index('<datalist id="plats-alternativ">')
    assert html.index('value="Badhusparken"', first) < html.index('value="Stora torg"', first)
    assert html.count('data-senast="1"') == 2


def test_the_plain_reference_rows_are_what_the_orm_reads_return(reference, db_read, app):
    """validation_context reads places, areas and categories as plain rows: the same members, order and
    values as active_areas, active_places and category_tree, also for a place whose area was closed
    and for the subcategories of a closed top category."""
    from lagesbild.extensions import db
    from lagesbild.models import Area
    from lagesbild.observations.queries import active_areas, active_places, category_tree

    from .support import data_context

    with data_context(app):
        berga = db.session.scalar(select(Area).where(Area.name == "Berga"))
        berga.is_active = False
        top = db.session.scalar(select(Category).where(Category.code == "SKG"))
        top.is_active = False
        db.session.commit()

    def compare(session):
        context = validation_context(session)
        areas = active_areas(session)
        area_fields = (
            "id",
            "name",
            "geojson",
            "centre_lat",
            "centre_lon",
            "sort_order",
            "boundary_is_approximate",
        )
        assert [[getattr(a, f) for f in area_fields] for a in context.areas] == [
            [getattr(a, f) for f in area_fields] for a in areas
        ]
        place_fields = ("id", "name", "alias_list", "lat", "lon", "area_id")
        assert [[getattr(p, f) for f in place_fields] + [p.area.name] for p in context.places] == [
            [getattr(p, f) for f in place_fields] + [p.area.name] for p in active_places(session, areas)
        ]
        assert "Berga" in {p.area.name for p in context.places}  # its places stay, with its name
        tree = category_tree(session)
        assert [
            (top.id, top.code, top.name, [(s.id, s.code, s.name, s.full_name) for s in subs])
            for top, subs in context.tree
        ] == [
            (top.id, top.code, top.name, [(s.id, s.code, s.name, s.full_name) for s in subs])
            for top, subs in tree
        ]
        assert "SKG" not in {top.code for top, _subs in context.tree}
        assert [c.full_name for c in context.categories] == [s.full_name for _t, subs in tree for s in subs]

    db_read(compare)


def test_the_reference_rows_are_read_once_and_a_committed_change_shows_at_once(
    app, login_as, member, reference, valid_form
):
    """The post form's reference rows are kept per process (observations/queries.py, validation_context)
    while no reference row changes: the second form page reads no place, and a place renamed by a
    write committed elsewhere (another session and transaction, as another worker's) is shown and
    accepted by the very next request; a transaction's own uncommitted rename is seen by itself."""
    import re

    from sqlalchemy import event

    from lagesbild.extensions import db

    from .support import data_context

    client = login_as(member)
    assert client.get("/iakttagelser/ny").status_code == 200
    statements = []
    with app.app_context():
        listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
    try:
        assert 'value="Stora torg"' in client.get("/iakttagelser/ny").get_data(as_text=True)
    finally:
        with app.app_context():
            event.remove(db.engine, "before_cursor_execute", listener)
    assert statements and not [s for s in statements if re.search(r"\bFROM place\b", s)]

    with data_context(app) as session:
        session.scalar(select(Place).where(Place.name == "Stora torg")).name = "Stortorget"
        session.commit()
    page = client.get("/iakttagelser/ny").get_data(as_text=True)
    assert 'value="Stortorget"' in page and 'value="Stora torg"' not in page
    response = client.post("/iakttagelser/ny", data=valid_form(plats="Stortorget"))
    assert response.status_code == 302
    assert 'value="Stortorget"' in client.get("/iakttagelser/ny").get_data(as_text=True)  # kept again

    with data_context(app) as session:
        session.scalar(select(Place).where(Place.name == "Stortorget")).name = "Torget"
        session.flush()
        assert validation_context(session).place_named("Torget") is not None
        session.rollback()
