"""Excel workbooks for exports: right to left, and never a formula made of someone's data.

A cell whose text starts with ``=`` (or ``+``, ``-``, ``@``, a tab or a carriage return) is
run by a spreadsheet as a formula; a name or an address typed by an applicant must never be.
Every text cell is written as a string (openpyxl would otherwise store ``=…`` as a formula)
and, when it starts like a formula, behind a leading apostrophe as spreadsheets do themselves.
"""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value):
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell(sheet, value, *, bold=False):
    """A write-only cell: numbers stay numbers, everything else is text that cannot run."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | datetime.date):
        value = safe_text(value)
    out = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        out.data_type = "s"
    if bold:
        out.font = Font(bold=True)
    return out


def workbook(title, headers, rows, widths=()):
    """The bytes of a one-sheet workbook: a bold header row, then ``rows`` (any iterable, streamed)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=safe_text(title)[:31] or "Sheet")
    sheet.sheet_view.rightToLeft = True
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([cell(sheet, h, bold=True) for h in headers])
    for row in rows:
        sheet.append([cell(sheet, value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
