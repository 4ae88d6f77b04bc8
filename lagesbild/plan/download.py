"""Downloading a yearly document (the åtgärdsplan, its follow-up): the variant the address asks for, and
the document as a DOCX or printable-HTML attachment named after its year and variant (the year the
address asks for is `lagesbild.inputs.year_arg`)."""

from flask import Response, render_template, request

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def public_requested() -> bool:
    return request.args.get("variant") == "offentlig"


def _attachment(body, mimetype: str, stem: str, year: int, public: bool, suffix: str) -> Response:
    response = Response(body, mimetype=mimetype)
    filename = f"{stem}-{year}{'-offentlig' if public else ''}.{suffix}"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def docx_attachment(document, stem: str, year: int, public: bool) -> Response:
    from .docx_writer import write_docx  # python-docx: loaded only to write a DOCX

    return _attachment(write_docx(document), DOCX, stem, year, public, "docx")


def html_attachment(template: str, document, stem: str, year: int, public: bool) -> Response:
    return _attachment(render_template(template, plan=document), "text/html", stem, year, public, "html")
