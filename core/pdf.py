"""HTML to PDF (WeasyPrint) for every printed document: letters, slips, visit reports.

What a PDF shows is Persian like a page: digits and decimal separators are rewritten as the
pages' middleware does (core.persian), so a template that forgot ``|fa`` still prints
Persian digits. A leaf module: it imports no app.
"""

from core.persian import persianize_html


def html_to_pdf(html, *, base_url, font_config=None):
    from weasyprint import HTML

    return HTML(string=persianize_html(html), base_url=base_url).write_pdf(font_config=font_config)
