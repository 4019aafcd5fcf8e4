"""A table written as CSV (for anything) or XLSX (for Excel), safely.

CSV: semicolon-separated (what Excel expects with a Norwegian locale), UTF-8 with a BOM
(without it Excel reads UTF-8 as Windows-1252: «Bjørvika» turns to «BjÃ¸rvika»), dates as
25.11.2026, amounts (``Decimal``) as 1500,00. XLSX (openpyxl): dates are real date cells
shown as dd.mm.yyyy and amounts real numbers with two decimals, so they sort, filter and
sum as such.

Text someone typed (a company name) can start with ``=``, ``+``, ``-`` or ``@`` and then be
run as a formula by the spreadsheet: "formula injection". In CSV such text gets a leading
``'``. In XLSX it is written as a string cell, never a formula, and flagged with
``quotePrefix``, which is how Excel itself stores text typed with a leading ``'``: the
cell shows the text as it is, and stays text if someone edits it.

Shared by the register and portfolio exports (dashboard) and the invoicing export
(certificates), so it sits in the bottom layer.
"""

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.http import HttpResponse

Value = str | int | Decimal | date | None

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "%d.%m.%Y"
XLSX_DATE_FORMAT = "dd.mm.yyyy"
XLSX_AMOUNT_FORMAT = "#,##0.00"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Table:
    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[Value]]


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def defuse(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would take it for a formula."""
    return "'" + text if is_formula_like(text) else text


def _csv_value(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",")
    return defuse(value)


def table_to_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([defuse(column) for column in table.columns])
    for row in table.rows:
        writer.writerow([_csv_value(value) for value in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def table_to_xlsx(table: Table) -> bytes:
    # Imported here: openpyxl takes half a second to load, and only exports need it.
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]  # Excel's limit for a sheet name
    sheet.append(list(table.columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(column) for column in table.columns]
    for row_number, row in enumerate(table.rows, start=2):
        for column_number, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column_number)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # openpyxl would store "=…" as a formula
                cell.quotePrefix = is_formula_like(value)
            else:
                cell.value = value
                if isinstance(value, date):
                    cell.number_format = XLSX_DATE_FORMAT
                elif isinstance(value, Decimal):
                    cell.number_format = XLSX_AMOUNT_FORMAT
            shown = len(_csv_value(value))
            widths[column_number - 1] = max(widths[column_number - 1], shown)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 60)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


FORMATS = ("csv", "xlsx")


def table_response(table: Table, *, fmt: str, filename: str) -> HttpResponse:
    """``table`` as a download in ``fmt`` (csv or xlsx), named ``filename``.<fmt>."""
    if fmt == "xlsx":
        response = HttpResponse(table_to_xlsx(table), content_type=XLSX_CONTENT_TYPE)
    else:
        response = HttpResponse(table_to_csv(table), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
