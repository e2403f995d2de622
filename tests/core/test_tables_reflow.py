"""Every table on a page sits in the scroll frame (`samenspel-table-scroll`), so that at 320 px
the table scrolls inside its frame and the page itself never scrolls sideways (WCAG 1.4.10).
The templates are read from the code, so a new table cannot escape. Print layouts (the PDFs)
have a fixed page width and are exempt."""

from pathlib import Path

import samenspel

ROOT = Path(samenspel.__file__).parent
PRINT_LAYOUTS = {"plan_pdf.html", "export_pdf.html", "results_pdf.html"}


def test_every_table_is_in_a_scroll_frame():
    unframed = []
    for template in sorted(ROOT.rglob("templates/**/*.html")):
        if template.name in PRINT_LAYOUTS or template.name.endswith("_pdf.html"):
            continue
        text = template.read_text()
        tables = text.count("<table")
        frames = text.count("samenspel-table-scroll")
        if tables > frames:
            unframed.append(f"{template.relative_to(ROOT)}: {tables} tables, {frames} frames")
    assert unframed == [], "tables without a scroll frame:\n" + "\n".join(unframed)
