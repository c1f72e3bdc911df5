#!/usr/bin/env python3
"""Makes N real-sized, varied reports from the corpus for bench/batch.sh and
tests/batch.rs: copies of the full corpus reports (../shared/corpus/*-2023.*)
with the body renamed (a made-up county in place of the city or district) and a
few numbers changed (some sums then no longer add up). Every fourth report is
the previous report's body one year earlier (the year in the text becomes 2022),
so that the batch has pairs across years. Deterministic for a given N and seed.

Usage: gen_batch.py CORPUS_DIR OUT_DIR N [SEED]
Files go in OUT_DIR/NNN/ folders of 1,000 reports each. With AS=docx or
AS=html in the environment the reports are written as minimal Word documents
or web pages instead (paragraphs, and table rows for the lines of a table), the
way bench/batch.sh's BATCH_AS times the readers of those formats.
"""
import html
import os
import random
import re
import sys
import zipfile

# The place each corpus report's body begins with, renamed in the copies.
PLACES = {
    "dazhou-city-hrss-2023.md": "达州市",
    "linwei-district-hrss-2023.txt": "渭南市临渭区",
    "xinxiang-city-hrss-2023.txt": "新乡市",
}
CHARS = "安宝昌德东丰福广海和华惠嘉建江金晋康乐临龙隆宁平清庆瑞山寿顺泰通文武西祥新兴阳永元云长正中"


def place_name(i):
    """A unique made-up county name for index i ("安宝昌德县")."""
    s = ""
    for _ in range(4):
        s += CHARS[i % len(CHARS)]
        i //= len(CHARS)
    return s + "县"


def vary_numbers(text, rng, count):
    """Changes `count` numbers after the title by +1..+3."""
    start = text.find("\n", text.find("年度报告")) + 1
    spots = [m for m in re.finditer(r"(?<![\d.])\d{1,4}(?![\d.])", text[start:])]
    spots = [m for m in spots if not (1990 <= int(m.group()) <= 2030)]
    out = text
    for m in sorted(rng.sample(spots, min(count, len(spots))), key=lambda m: -m.start()):
        a, b = start + m.start(), start + m.end()
        out = out[:a] + str(int(m.group()) + rng.randint(1, 3)) + out[b:]
    return out


def rows_and_lines(text):
    """The text's lines as ("p", line) or ("row", cells): a tab-separated line
    or a Markdown table line is a row; a Markdown separator line is dropped."""
    out = []
    for line in text.splitlines():
        if "\t" in line:
            out.append(("row", line.split("\t")))
        elif line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if not all(re.fullmatch(r":?-{2,}:?", c) for c in cells):
                out.append(("row", cells))
        else:
            out.append(("p", line))
    return out


def markup(text, table, row, para):
    """The report's body as markup: runs of rows inside `table` (an opening
    and a closing tag), each row by `row(cells)`, each other line by `para`."""
    body, in_table = [], False
    for kind, v in rows_and_lines(text):
        if (kind == "row") != in_table:
            body.append(table[in_table])
            in_table = not in_table
        body.append(row(v) if kind == "row" else para(v))
    if in_table:
        body.append(table[1])
    return body


def as_html(text):
    """A web page of the report: paragraphs, runs of rows as tables."""
    body = markup(text, ('<table border="1">', "</table>"),
                  lambda v: "<tr>" + "".join("<td>%s</td>" % html.escape(c) for c in v) + "</tr>",
                  lambda v: "<p>%s</p>" % html.escape(v))
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>年报</title></head>'
            "<body>%s</body></html>" % "\n".join(body))


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def as_docx(text, path):
    """A minimal Word document of the report: paragraphs, runs of rows as tables."""
    def para(t):
        return '<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>' % html.escape(t, False)
    body = markup(text, ("<w:tbl><w:tblPr/>", "</w:tbl>"),
                  lambda v: "<w:tr>" + "".join("<w:tc>%s</w:tc>" % para(c) for c in v) + "</w:tr>",
                  para)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        put = lambda name, data: z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data,
                                            zipfile.ZIP_DEFLATED)
        put("[Content_Types].xml",
                   '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        put("_rels/.rels",
                   '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        put("word/document.xml",
                   '<?xml version="1.0"?><w:document %s><w:body>%s</w:body></w:document>' % (W, "".join(body)))


def write(path, text):
    """Writes a report as text, or as AS says."""
    kind = os.environ.get("AS", "")
    if kind == "docx":
        as_docx(text, os.path.splitext(path)[0] + ".docx")
    elif kind == "html":
        with open(os.path.splitext(path)[0] + ".html", "w", encoding="utf-8") as f:
            f.write(as_html(text))
    else:
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def main():
    corpus, out_dir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 13)
    sources = []
    for name, place in sorted(PLACES.items()):
        with open(os.path.join(corpus, name), encoding="utf-8") as f:
            sources.append((name, place, f.read()))
    for i in range(n):
        body = i - 1 if i % 4 == 1 else i
        name, place, text = sources[body % len(sources)]
        text = text.replace(place, place_name(body))
        year = 2023
        if i % 4 == 1:
            year = 2022
            text = text.replace("2023", "2022")
        text = vary_numbers(text, rng, rng.randint(0, 3))
        folder = os.path.join(out_dir, "%03d" % (i // 1000))
        os.makedirs(folder, exist_ok=True)
        ext = os.path.splitext(name)[1]
        path = os.path.join(folder, "%06d-%d%s" % (i, year, ext))
        write(path, text)


if __name__ == "__main__":
    main()
