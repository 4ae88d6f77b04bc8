"""Observations: post, correct, withdraw, list, import; the personal-data guard."""

import re
import secrets

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lagesbild.auth.decorators import member_required
from lagesbild.extensions import db
from lagesbild.inputs import FIRST_DAY, LAST_DAY, page_number
from lagesbild.meeting_day import meeting_weekday
from lagesbild.models import OrganisationKind
from lagesbild.paging import page_size
from lagesbild.periods import parse_week_slug, period_for_week, today_local
from lagesbild.reference_admin.ordering import usual_first

from . import access, operations, queries
from .forms import CorrectionForm, EditForm, ObservationForm, WithdrawForm, category_options, place_options
from .history import history_rows
from .listing import json_response, list_request, to_json
from .prefill import form_values

_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _form_page(form, observation=None, **extra):
    context = form.context
    recent = queries.recent_place_ids(db.session, current_user)
    # The member's recent places first (the phone's nearest ones are sorted in the browser).
    places = sorted(context.places, key=lambda p: recent.index(p.id) if p.id in recent else len(recent))
    tree = usual_first(context.tree, queries.usual_category_ids(db.session, current_user.organisation_id))
    return render_template(
        "observations/form.html",
        form=form,
        observation=observation,
        place_options=place_options(places, recent),
        category_options=category_options(tree, form.kategori.data),
        today=today_local().isoformat(),
        **extra,
    )


@member_required
def new():
    form = ObservationForm(queries.validation_context(db.session))
    if not _TOKEN.match(form.token.data or ""):
        form.token.data = secrets.token_urlsafe(24)  # the one-time token against double posts
    key = operations.form_dedup_key(current_user, form.token.data)
    if request.method == "GET":
        form.datum.data = today_local().isoformat()
    elif existing := operations.existing_for_key(db.session, key):
        return _already_saved(existing)
    if form.validate_on_submit():
        try:
            operations.create_observation(db.session, form.clean, current_user, dedup_key=key)
            db.session.commit()
        except IntegrityError:  # the twin request of a double click won the race
            db.session.rollback()
            return _already_saved(operations.existing_for_key(db.session, key))
        flash("Tack! Iakttagelsen är sparad.", "success")
        return redirect(url_for(".mine"))
    return _form_page(form)


def _already_saved(observation):
    if observation is None:
        abort(409)
    flash("Iakttagelsen var redan sparad. Här är den.", "info")
    return redirect(url_for(".show", observation_id=observation.id))


@member_required
def show(observation_id: int):
    observation = access.load_visible(current_user, observation_id)
    if not observation.is_active and not access.may_correct(current_user):
        abort(404)  # withdrawn observations leave every picture
    return render_template(
        "observations/show.html",
        observation=observation,
        may_change=access.may_change(current_user, observation),
        history=history_rows(db.session, observation) if access.may_correct(current_user) else [],
    )


@member_required
def edit(observation_id: int):
    observation = access.load_changeable(current_user, observation_id)
    correcting = not access.may_edit_own(current_user, observation)
    form_class = CorrectionForm if correcting else EditForm
    data = form_values(observation) if request.method == "GET" else None
    form = form_class(queries.validation_context(db.session), data=data)
    if form.validate_on_submit():
        reason = form.anledning.data.strip() if correcting else None
        changed = operations.update_observation(db.session, observation, form.clean, current_user, reason)
        db.session.commit()
        flash(
            "Rättelsen är sparad." if correcting else "Ändringen är sparad.", "success" if changed else "info"
        )
        return redirect(url_for(".show", observation_id=observation.id) if correcting else url_for(".mine"))
    return _form_page(form, observation, correcting=correcting)


@member_required
def withdraw(observation_id: int):
    observation = access.load_changeable(current_user, observation_id)
    if not observation.is_active:
        flash("Iakttagelsen är redan återkallad.", "info")
        return redirect(url_for(".mine"))
    correcting = not access.may_edit_own(current_user, observation)
    form = WithdrawForm(reason_required=correcting)
    if form.validate_on_submit():
        operations.withdraw_observation(
            db.session, observation, current_user, (form.anledning.data or "").strip() or None
        )
        db.session.commit()
        flash("Iakttagelsen är återkallad. Den syns inte längre i lägesbilden.", "success")
        return redirect(url_for(".group_list") if correcting else url_for(".mine"))
    return render_template(
        "observations/withdraw.html", form=form, observation=observation, correcting=correcting
    )


@member_required
def mine():
    """Own observations by the lägesbild's meeting periods: the current one first, older ones paged;
    `?vecka=` shows one period alone with its observations paged."""
    page = page_number(request.args)
    current = access.period_of(today_local())
    week = parse_week_slug((request.args.get("vecka") or "").strip())
    # Years outside the app's days would overflow the period arithmetic: that week is no filter.
    in_range = week is not None and FIRST_DAY.year <= week[0] < LAST_DAY.year
    only = period_for_week(*week, current.weekday) if in_range else None
    periods, has_older = queries.own_observations_by_period(
        db.session, current_user, current, page, page_size(), only
    )
    return render_template(
        "observations/mine.html",
        periods=periods,
        page_number=page,
        has_older=has_older,
        only=only,
        may_edit=access.may_edit_own,
        closed_for_members=access.period_closed_for_members,
    )


@member_required
def group_list():
    listing = list_request(request.args, meeting_weekday())
    return render_template("observations/list.html", listing=listing, kinds=OrganisationKind.choices())


@member_required
def group_list_json():
    listing = list_request(request.args, meeting_weekday())
    return json_response(to_json(listing))


@member_required
def area_for_point():
    """Which area a map click falls in, for the post form (JSON)."""
    area = queries.area_for_point(db.session, request.args.get("lat", ""), request.args.get("lon", ""))
    if area is None:
        return {"fel": "Punkten ligger utanför kommunen."}, 400
    return {"omrade": area.name, "omrade_id": area.id}
