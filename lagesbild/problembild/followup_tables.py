"""The report's follow-up tables: where (brännpunkter), who reports (coverage), what was done and
promised (action examples, promises, survey) and what to take up next (underlag).

Free text (action titles and descriptions, promise texts), places and organisation names appear only
in the internal variant; the public one gets area-level aggregates.
"""

import pandas as pd

from lagesbild.models import ActionStatus

from .frames import week_label
from .public import SECONDARY_MARK
from .tables import Context, Table

STATUS_LABELS = {status.value: status.label for status in ActionStatus}


def hotspots_table(ctx: Context) -> Table:
    hot = ctx.numbers.hotspots
    frame = pd.DataFrame(
        {"Plats": hot["place"], "Område": hot["area"], "Antal": hot["n"], "Vad som händer där": hot["what"]}
    )
    note = (
        "De tio platser med flest iakttagelser av problem (aktiviteter räknas inte) "
        "och deras tre vanligaste underkategorier."
    )
    return Table(
        "hotspots", "Brännpunkter", "Brännpunkter: platser med flest iakttagelser", "var", frame, note=note
    )


def coverage_table(ctx: Context) -> Table:
    cov = ctx.numbers.coverage
    frame = cov.rename(columns=week_label).reset_index().rename(columns={"organisation": "Organisation"})
    weeks = len(cov.columns)
    frame.insert(1, "Veckor med rapporter", (cov > 0).sum(axis=1).to_numpy())
    frame.insert(2, "Andel veckor (%)", ((cov > 0).sum(axis=1) * 100 // max(weeks, 1)).to_numpy())
    note = (
        "Antal iakttagelser per organisation och ISO-vecka (efter händelsedatum). "
        "0 = inget rapporterat den veckan."
    )
    return Table(
        "rapportering",
        "Rapportering",
        "Rapportering per organisation och vecka",
        "omfattning",
        frame,
        note=note,
    )


def action_examples_table(examples: pd.DataFrame) -> Table:
    frame = pd.DataFrame(
        {
            "Status": examples["status"].map(STATUS_LABELS),
            "Åtgärd": examples["title"],
            "Beskrivning": examples["description"],
            "Ansvarig organisation": examples["organisation"],
            "Område": examples["area"].fillna(""),
            "Klar senast": [d if pd.notna(d) else "" for d in examples["due_on"]],
        }
    )
    note = "De senast beslutade åtgärderna per status (högst fem per status)."
    return Table("atgarder_exempel", "Åtgärder exempel", "Exempel på åtgärder", "atgarder", frame, note=note)


def promises_table(ctx: Context, progress: list) -> Table:
    """The promises in their signed wording (public documents), each followed up by its kind."""
    rows, long = [], []
    for p in progress:
        label = p.text
        if p.is_counted:
            done = ctx.shown(("promise", p.promise_id), p.done)
            # The status compares the count with the target and the expectation, so it would narrow a
            # hidden count down: it is hidden with it.
            status = SECONDARY_MARK if ctx.shown.hidden(("promise", p.promise_id)) else p.status_label
            row = [label, p.kind.label, p.target, done, round(p.expected, 1), status]
            long.append(
                ctx.row(
                    done, area=p.area or "Hela kommunen", category=label, measure="utfört (medborgarlöfte)"
                )
            )
            long.append(
                ctx.row(
                    p.target, area=p.area or "Hela kommunen", category=label, measure="mål (medborgarlöfte)"
                )
            )
        else:
            # A process promise's evidence count is for the group; the public sees its status only.
            evidence = p.done if not ctx.public and p.categories else ""
            row = [label, p.kind.label, "", evidence, "", p.status_label]
        if not ctx.public:
            row[2:2] = [", ".join(p.organisations), ", ".join(p.categories), p.area or "Hela kommunen"]
        rows.append(row)
    columns = ["Löfte", "Slag", "Mål (minst)", "Utfört", "Förväntat hittills", "Status"]
    if not ctx.public:
        columns[2:2] = ["Ansvariga organisationer", "Räknas", "Område"]
    note = (
        "Utfört räknas från aktivitetsiakttagelserna (bara de ansvarigas, där löftet säger så); förväntat "
        "hittills är målet fördelat jämnt över löftets dagar. Milstolpar och processlöften följs upp med "
        "datum och lägesanteckningar."
    )
    if ctx.public:
        note += (
            " Endast iakttagelser som delas med hela gruppen räknas, och bara löften vars år "
            "(fram till i dag) ligger inom perioden visas."
        )
    frame = pd.DataFrame(rows, columns=columns)
    return Table(
        "medborgarloften", "Medborgarlöften", "Uppföljning av medborgarlöften", "atgarder", frame, long, note
    )


def survey_table(ctx: Context, survey: pd.DataFrame) -> Table:
    area_totals = ctx.numbers.area_cat.sum(axis=1)
    rows = []
    for year, area, indicator, value, source, published in survey.itertuples(index=False):
        observed = ctx.shown(("area", area), area_totals[area]) if area in area_totals.index else ""
        rows.append(
            [
                area,
                indicator,
                int(year),
                value,
                source,
                published if pd.notna(published) else "",  # a date: Swedish on screen, a date cell in xlsx
                observed,
            ]
        )
    columns = ["Område", "Indikator", "År", "Värde", "Källa", "Publicerad", "Iakttagelser i perioden"]
    note = (
        "Polisens trygghetsmätning som publicerad (appen räknar aldrig om indexet), "
        "bredvid gruppens iakttagelser."
    )
    return Table(
        "trygghetsmatning",
        "Trygghetsmätning",
        "Trygghetsmätningen bredvid iakttagelserna",
        "var",
        pd.DataFrame(rows, columns=columns),
        note=note,
    )


def underlag_tables(ctx: Context, limit: int = 10) -> list[Table]:
    """Category × area ranked by count and by rise: a starting point for next year's promises."""
    n = ctx.numbers
    problems = list(n.top[~n.top["is_activity"].astype(bool)]["code"])
    names = n.top_names
    cur = n.area_cat[problems].stack().rename("n")
    prev = n.area_cat_prev[problems].stack().rename("prev")
    both = pd.concat([cur, prev], axis=1).reset_index()
    both.columns = ["area", "code", "n", "prev"]
    both["change"] = both["n"] - both["prev"]
    both = both[(both["n"] > 0) | (both["prev"] > 0)]
    tables = []
    for key, sheet, title, order in (
        ("underlag_antal", "Underlag antal", "Underlag för nya löften: flest iakttagelser", ["n", "change"]),
        ("underlag_okning", "Underlag ökning", "Underlag för nya löften: störst ökning", ["change", "n"]),
    ):
        top = both.sort_values(order, ascending=False, kind="stable").head(limit)
        if key == "underlag_okning":
            top = top[top["change"] > 0]
        frame = pd.DataFrame(
            {
                "Rang": range(1, len(top) + 1),
                "Kategori": top["code"].map(names).to_numpy(),
                "Område": top["area"].to_numpy(),
                "Antal": top["n"].to_numpy(),
                "Föregående period": top["prev"].to_numpy(),
                "Förändring": top["change"].to_numpy(),
            }
        )
        tables.append(Table(key, sheet, title, "underlag", frame))
    return tables
