#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from tests/fixtures.

Usage (from the repository root or fuzz/): python3 fuzz/seed.py
Creates fuzz/corpus/{parse,fix,edits,pdf}/seed-* (git-ignored; libFuzzer adds its
own finds beside them). The input formats are those of
tests/support/fuzz_checks.rs.
"""
import pathlib
import re
import shutil
import subprocess
import tempfile
import zipfile

FUZZ = pathlib.Path(__file__).resolve().parent
ROOT = FUZZ.parent
FIXTURES = ROOT / "tests" / "fixtures"
DOCX_PART_SEP = b"\xffPART\xff"
EDITS_SEP = b"\xff"
# An edit script touching line breaks (see `edits` in fuzz_checks.rs): delete
# characters 10..20 and insert "\n"; a UTF-16 range edit to past a line's end
# inserting "\r\n"; an edit at lines past the end; a lone "\r", then "\n".
SCRIPT = bytes([0, 0, 10, 0, 20, 0x80, 1, 3, 2, 3, 200, 0x82,
                2, 250, 0, 250, 9, 3]) + b"a\rb" + bytes([0, 0, 5, 0, 5, 0x81, 0, 0, 6, 0, 6, 0x80])


def fixtures():
    for p in sorted(FIXTURES.rglob("*")):
        if p.is_file() and p.suffix not in (".expected", ".py") and p.name != "EXPECTED.md":
            yield p


def numbered_styles(xml):
    """Only the styles that carry numbering (python-docx's template has 350 KB
    of styles; the numbering is what the converter reads from them)."""
    head = re.match(rb"(?s)(.*?<w:styles[^>]*>)", xml)
    styles = [s for s in re.findall(rb"(?s)<w:style[ >].*?</w:style>", xml) if b"numPr" in s]
    if not head:
        return b""
    return head.group(1) + b"".join(styles) + b"</w:styles>"


def is_utf8(b):
    try:
        b.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def main():
    out = {t: FUZZ / "corpus" / t for t in ("parse", "fix", "edits", "html", "docx", "pdf")}
    for d in out.values():
        d.mkdir(parents=True, exist_ok=True)
    n = {t: 0 for t in out}

    def put(target, name, data):
        (out[target] / f"seed-{name}").write_bytes(data)
        n[target] += 1

    for p in fixtures():
        data = p.read_bytes()
        name = f"{p.parent.name}-{p.name}"
        # parse: the detected kind (mode 0, Chinese; 4, English) ...
        put("parse", f"detect-{name}", b"\x00" + data)
        put("parse", f"detect-en-{name}", b"\x04" + data)
        if p.suffix == ".docx":
            # ... the parts of a Word document (mode 1) ...
            with zipfile.ZipFile(p) as z:
                names = set(z.namelist())
                parts = [z.read(x) if x in names else b"" for x in
                         ("word/document.xml", "word/numbering.xml", "word/styles.xml")]
            parts[2] = numbered_styles(parts[2])
            put("parse", f"docx-{name}", b"\x01" + DOCX_PART_SEP.join(parts))
            # docx: a limits byte (see fuzz_limits), then the parts.
            for b in (0x00, 0x7f, 0xff):
                put("docx", f"{b:02x}-{name}", bytes([b]) + DOCX_PART_SEP.join(parts))
        elif p.suffix == ".pdf":
            put("pdf", name, b"\x00" + data)
            # Single pages with uncompressed streams, so that mutations reach
            # the content streams and fonts (qpdf, when installed).
            qpdf = shutil.which("qpdf")
            if qpdf:
                with tempfile.TemporaryDirectory() as tmp:
                    for page in ("1", "2"):
                        t = pathlib.Path(tmp) / f"p{page}.pdf"
                        r = subprocess.run([qpdf, "--stream-data=uncompress", "--object-streams=disable",
                                            "--empty", "--pages", str(p), page, "--", str(t)],
                                           capture_output=True)
                        if t.exists():
                            put("pdf", f"page{page}-{name}", b"\x00" + t.read_bytes())
        elif p.suffix == ".html":
            put("parse", f"html-{name}", b"\x02" + data)  # ... a web page (mode 2) ...
            for b in (0x00, 0x7f, 0xff):
                put("html", f"{b:02x}-{name}", bytes([b]) + data)
        else:
            put("parse", f"text-{name}", b"\x03" + data)  # ... a text file (mode 3).
            if is_utf8(data):
                put("fix", name, data)
                put("edits", name, data + EDITS_SEP + SCRIPT)
    for t, k in n.items():
        print(f"{t}: {k} seeds in {out[t]}")


if __name__ == "__main__":
    main()
