#!/usr/bin/env python3
"""Reads .docx files with python-docx (an implementation independent of Junheng's writer) and
prints, for each, JSON: headings with levels, tables (rows, columns, cell texts), footer text,
core properties, the count of chart parts and the body's paragraph texts.

Usage: docx_read.py FILE... ; exit 2 when python-docx is missing."""

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


print(json.dumps({path: read(path) for path in sys.argv[1:]}, ensure_ascii=False))
