#!/usr/bin/env python3
"""Reads .docx files with python-docx (an implementation independent of Junheng's writer) and
prints, for each, JSON: headings with levels, tables (rows, columns, cell texts), footer text,
core properties, the count of chart parts and the body's paragraph texts.

Usage: docx_read.py FILE... ; docx_read.py --make-template OUT writes a template made by
python-docx itself (its own Word-made package and styles, a field split across runs, a field in
the footer, a section marker in a table cell and one in the body). Exit 2 when python-docx is
missing."""

import json
import sys

try:
    import docx
except ImportError:
    print("python-docx is missing: apt-get install python3-docx (scripts/test.sh installs it)", file=sys.stderr)
    sys.exit(2)


def read(path):
    d = docx.Document(path)
    headings = []
    for p in d.paragraphs:
        name = p.style.name if p.style is not None else ""
        if name.startswith("Heading "):
            headings.append({"level": int(name.split(" ")[1]), "text": p.text})
    tables = []
    for t in d.tables:
        cells = [[c.text for c in row.cells] for row in t.rows]
        header = [
            row._tr.trPr is not None and row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
            for row in t.rows
        ]
        tables.append({"rows": len(t.rows), "cols": len(t.columns), "cells": cells, "repeated_header": header})
    footer = [p.text for s in d.sections for p in s.footer.paragraphs]
    c = d.core_properties
    charts = [
        str(part.partname)
        for part in d.part.package.iter_parts()
        if str(part.partname).startswith("/word/charts/")
    ]
    return {
        "headings": headings,
        "tables": tables,
        "footer": footer,
        "core": {
            "title": c.title,
            "subject": c.subject,
            "author": c.author,
            "created": c.created.strftime("%Y-%m-%dT%H:%M:%SZ") if c.created else None,
        },
        "charts": len(charts),
        "paragraphs": [p.text for p in d.paragraphs],
    }


def make_template(out):
    d = docx.Document()
    d.add_heading("{{区县}}自评报告", level=0)
    p = d.add_paragraph("本报告由")
    p.add_run("{{区").bold = True
    p.add_run("县}}")
    p.add_run("人民政府于{{日期}}报送。")
    d.add_heading("一、基本情况", level=1)
    d.add_paragraph("{{章节:基本情况}}")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "附表"
    t.cell(0, 1).text = "{{章节:佐证材料清单}}"
    d.sections[0].footer.paragraphs[0].text = "{{生成信息}}"
    d.save(out)


if sys.argv[1:2] == ["--make-template"]:
    make_template(sys.argv[2])
else:
    print(json.dumps({path: read(path) for path in sys.argv[1:]}, ensure_ascii=False))
