"""One-sheet Excel workbooks for the lists' exports: right to left, a bold header row, column widths.

Every row is written through ``core.spreadsheets.append_row``, so a name or an address typed by an
applicant is never run as a formula; numbers and dates stay numbers and dates, anything else
(translated labels, choices) is written as its text.
"""

import datetime
import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.spreadsheets import append_row

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Characters a sheet's title may not hold.
_TITLE_FORBIDDEN = str.maketrans("", "", "[]:*?/\\")


def _value(value):
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | datetime.date):
        return str(value)
    return value


def workbook(title, headers, rows, widths=()):
    """The bytes of a one-sheet workbook: a bold header row, then ``rows`` (any iterable)."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(title).translate(_TITLE_FORBIDDEN)[:31] or "Sheet"
    sheet.sheet_view.rightToLeft = True
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    append_row(sheet, [_value(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, [_value(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
