"""The settlement as an Excel workbook (openpyxl), right to left, amounts as numbers, text never a formula."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from billing.selectors import SETTLEMENT_COUNTS
from core.jalali import MONTHS
from core.spreadsheets import append_row


def settlement_workbook(rows, totals, year, month):
    book = Workbook()
    sheet = book.active
    sheet.title = f"{year}-{month:02d}"
    sheet.sheet_view.rightToLeft = True
    append_row(sheet, [_("Office settlement for %(month)s %(year)s") % {"month": MONTHS[month - 1], "year": year}])
    sheet["A1"].font = Font(bold=True, size=13)
    headers = [
        _("office code"),
        _("name"),
        _("district"),
        _("Slips issued"),
        _("Amount issued (rials)"),
        _("Slips paid"),
        _("Collected (rials)"),
        _("Office's share (rials)"),
    ]
    append_row(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        office = r["office"]
        append_row(
            sheet,
            [
                office.code,
                office.name,
                office.district.number,
                r["issued_count"],
                r["issued_rials"],
                r["paid_count"],
                r["collected_rials"],
                r["office_share_rials"],
            ],
        )
    append_row(
        sheet,
        [
            _("Total"),
            "",
            "",
            totals["issued_count"],
            totals["issued_rials"],
            totals["paid_count"],
            totals["collected_rials"],
            totals["office_share_rials"],
        ],
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    append_row(sheet, [])
    append_row(sheet, [str(SETTLEMENT_COUNTS)])
    for column, width in zip("ABCDEFGH", (12, 40, 8, 12, 20, 12, 20, 20), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3, min_col=5, max_col=8):
        for cell in row:
            cell.number_format = "#,##0"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
