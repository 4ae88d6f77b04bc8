"""The coordinator's side: the outbox ("Utskick"), one message, sending again, organisation defaults."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lagesbild.auth.decorators import coordinator_required
from lagesbild.auth.forms import ConfirmForm
from lagesbild.extensions import db
from lagesbild.inputs import filter_args, page_number
from lagesbild.models import MailKind, MailStatus, Organisation, OutboxMessage
from lagesbild.paging import page_size

from . import delivery, operations, preferences, queries
from .forms import OutboxFilterForm, kinds_form


@coordinator_required
def outbox():
    filters = OutboxFilterForm(formdata=filter_args(request.args))
    status = filters.status.data if filters.validate() else ""
    return render_template(
        "mail/outbox.html",
        filters=filters,
        messages=queries.outbox(db.session, status or "", page_number(request.args), page_size()),
        counts=queries.status_counts(db.session),
        configured=delivery.configured(),
        statuses=MailStatus,
    )


@coordinator_required
def outbox_message(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    return render_template("mail/outbox_message.html", message=message, confirm=ConfirmForm(), kinds=MailKind)


@coordinator_required
def send_again(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if ConfirmForm().validate_on_submit():
        try:
            operations.send_again(message, actor=current_user)
        except operations.CannotSendAgain:
            flash(
                "Bara ett misslyckat eller avbrutet meddelande kan skickas igen (inte en inbjudningslänk).",
                "error",
            )
        else:
            db.session.commit()
            flash("Meddelandet ligger i utkorgen igen och skickas vid nästa körning.", "success")
    return redirect(url_for("mail.outbox_message", message_id=message_id))


@coordinator_required
def organisation_defaults(org_id: int):
    organisation = db.get_or_404(Organisation, org_id)
    if not organisation.is_active:
        abort(404)
    form = kinds_form(preferences.organisation_defaults(db.session, organisation.id))
    if form.validate_on_submit():
        operations.set_organisation_defaults(db.session, organisation, form.chosen(), actor=current_user)
        db.session.commit()
        flash(f"Standardvalen för {organisation.name} är sparade.", "success")
        return redirect(url_for("mail.organisation_defaults", org_id=org_id))
    return render_template("mail/organisation_defaults.html", form=form, organisation=organisation)
