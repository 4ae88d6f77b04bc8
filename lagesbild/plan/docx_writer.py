"""The åtgärdsplan as a Word document (python-docx): kommunstyrelsen works in Word.

Every text passes escaping.for_docx; python-docx writes it as text, never as markup or a field code.
"""

import io

from docx import Document

from lagesbild import formats
from lagesbild.escaping import for_docx

from .document import PlanDocument


def write_docx(plan: PlanDocument) -> bytes:
    document = Document()
    document.core_properties.title = for_docx(plan.title)
    document.add_heading(for_docx(plan.title), level=0)
    document.add_paragraph(f"Läget {formats.datum(plan.as_of)}.")
    for section in plan.sections:
        document.add_heading(f"{section.number}. {section.title}", level=1)
        for heading, text in section.paragraphs:
            if heading:
                document.add_heading(for_docx(heading), level=2)
            document.add_paragraph(for_docx(text))
        for table in section.tables:
            document.add_paragraph(for_docx(table.caption), style="Caption")
            grid = document.add_table(rows=1, cols=len(table.columns))
            grid.style = "Table Grid"
            for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
                cell.text = for_docx(name)
            for row in table.rows:
                for cell, value in zip(grid.add_row().cells, row, strict=True):
                    cell.text = for_docx(value)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
