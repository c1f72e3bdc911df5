#!/usr/bin/env python3
"""Hostile and odd inputs (issue 16): time and peak memory of `nianbao` on each.

Makes the files in a temporary folder, runs the binary on each under
/usr/bin/time -v (apt-get install time) with a time limit and an address-space
cap (so that a binary without input limits cannot take the machine down), and
prints one line per case: exit code, wall time, peak resident memory, and the
first line of standard error. Language server cases start `nianbao lsp` and
read its peak (VmHWM) from /proc.

Usage: bench/hostile.py [path/to/nianbao] [--only NAME...] [--cap-mb N] [--timeout S]
(default: target/release/nianbao, cap 4096 MB, 60 s per case).
"""
import argparse
import json
import os
import queue
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zipfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path, rows, cells, span):
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr><w:p/></w:tc>'
    row = "<w:tr>" + cell * cells + "</w:tr>"
    body = f"<w:document {W}><w:body><w:tbl>" + row * rows + "</w:tbl></w:body></w:document>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", body)


def docx_xmlns(path, decls, paragraphs):
    ns = " ".join(f'xmlns:p{i}="urn:x{i}"' for i in range(decls))
    body = (f"<w:document {W} {ns}><w:body>" + "<w:p><w:r><w:t>x</w:t></w:r></w:p>" * paragraphs
            + "</w:body></w:document>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("word/document.xml", body)


def attributes_page(path, n):
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body><p " + " ".join(f"a{i}" for i in range(n)) + ">x</p></body></html>")


def comments_page(path, n):
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body>" + "x<!---->" * n + "</body></html>")


def reopened_page(path, n):
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body>" + "".join(f"<p><b id={i}>x" for i in range(n)) + "</body></html>")


def colspan_page(path, rows):
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body><table>")
        f.write("<tr><td colspan=1000>x</td></tr>" * rows)
        f.write("</table></body></html>")


def deep_page(path, depth):
    with open(path, "w") as f:
        f.write("<!DOCTYPE html><html><body>" + "<div>" * depth + "深" + "</div>" * depth + "</body></html>")


def big_text(path, size):
    sample = open(os.path.join(REPO, "tests/fixtures/corpus/xinxiang-city-hrss-2023.txt"), "rb").read()
    with open(path, "wb") as f:
        written = 0
        while written < size:
            f.write(sample)
            written += len(sample)


def cases(d):
    """(name, argv, stdin path or None, setup)"""
    p = lambda n: os.path.join(d, n)
    return [
        ("docx gridSpan=64, 36 KB", ["check", p("span36k.docx")], None,
         lambda: docx(p("span36k.docx"), 120, 5000, 64)),
        ("docx gridSpan=64, 492 KB", ["check", p("span492k.docx")], None,
         lambda: docx(p("span492k.docx"), 1400, 3000, 64)),
        ("docx gridSpan=64, 20 MB XML", ["check", p("span20m.docx")], None,
         lambda: docx(p("span20m.docx"), 70, 5000, 64)),
        ("docx 100,000 xmlns, 400,000 paragraphs", ["check", p("xmlns.docx")], None,
         lambda: docx_xmlns(p("xmlns.docx"), 100_000, 400_000)),
        ("html 200,000 attributes on a tag", ["check", p("attrs.html")], None,
         lambda: attributes_page(p("attrs.html"), 200_000)),
        ("html 2,000,000 comments", ["check", p("comments.html")], None,
         lambda: comments_page(p("comments.html"), 2_000_000)),
        ("html 200,000 <p><b id=N> (re-opened b)", ["check", p("reopen.html")], None,
         lambda: reopened_page(p("reopen.html"), 200_000)),
        ("html colspan=1000, 4.6 MB", ["check", p("colspan.html")], None,
         lambda: colspan_page(p("colspan.html"), 150_000)),
        ("html 25,000 nested divs", ["check", p("deep25k.html")], None,
         lambda: deep_page(p("deep25k.html"), 25_000)),
        ("html 100,000 nested divs", ["check", p("deep100k.html")], None,
         lambda: deep_page(p("deep100k.html"), 100_000)),
        ("html 1,000,000 nested divs", ["check", p("deep1m.html")], None,
         lambda: deep_page(p("deep1m.html"), 1_000_000)),
        ("text 1 GB", ["check", p("big.txt")], None, lambda: big_text(p("big.txt"), 1 << 30)),
        ("check /dev/zero", ["check", "/dev/zero"], None, None),
        ("check - < /dev/zero", ["check", "-"], "/dev/zero", None),
        ("check --previous /dev/zero", ["check", os.path.join(REPO, "tests/fixtures/corpus/xinxiang-city-hrss-2023.txt"),
                                        "--previous", "/dev/zero"], None, None),
        ("check /dev/urandom", ["check", "/dev/urandom"], None, None),
        ("check DIR with a report and a FIFO", ["check", p("fifo-dir")], None,
         lambda: (os.makedirs(p("fifo-dir"), exist_ok=True),
                  os.path.exists(p("fifo-dir/pipe.txt")) or os.mkfifo(p("fifo-dir/pipe.txt")),
                  big_text(p("fifo-dir/r.txt"), 1))),
    ]


def run(binary, argv, stdin, cap_mb, timeout):
    def limit():
        cap = cap_mb << 20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    cmd = ["/usr/bin/time", "-v", binary] + argv
    start = time.monotonic()
    with open(stdin, "rb") if stdin else open(os.devnull, "rb") as inp:
        try:
            p = subprocess.run(cmd, stdin=inp, capture_output=True, timeout=timeout, preexec_fn=limit)
        except subprocess.TimeoutExpired:
            return None, timeout, None, f"killed after {timeout} s"
    wall = time.monotonic() - start
    err = p.stderr.decode(errors="replace")
    peak = None
    for line in err.splitlines():
        if "Maximum resident set size" in line:
            peak = int(line.split(":")[1]) / 1024
    first = next((l for l in err.splitlines() if l.strip() and not l.startswith("\t")
                  and not l.startswith("Command")), "")
    code = p.returncode
    for line in err.splitlines():
        if "Exit status" in line and not str(code).startswith("signal"):
            code = int(line.split(":")[1])
        if "Command terminated by signal" in line:
            code = "signal " + line.split()[-1]
    return code, wall, peak, first[:110]


class Lsp:
    def __init__(self, binary, cap_mb):
        def limit():
            cap = cap_mb << 20
            resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        self.p = subprocess.Popen([binary, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, preexec_fn=limit)
        self.messages = queue.Queue()
        threading.Thread(target=self._reader, daemon=True).start()

    def _reader(self):
        try:
            while True:
                self.messages.put(self.read())
        except (RuntimeError, ValueError, OSError):
            self.messages.put(None)

    def send_raw(self, data):
        self.p.stdin.write(data)
        self.p.stdin.flush()

    def send(self, msg):
        data = json.dumps(msg, ensure_ascii=False).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(data) + data)

    def read(self):
        headers = {}
        while True:
            line = self.p.stdout.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            k, v = line.decode().split(":", 1)
            headers[k.lower()] = v.strip()
        return json.loads(self.p.stdout.read(int(headers["content-length"])))

    def wait_for(self, pred, timeout):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                m = self.messages.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                break
            if m is None:
                raise RuntimeError("the server closed its output")
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            if pred(m):
                return m
        return None

    def peak_mb(self):
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM"):
                    return int(line.split()[1]) / 1024

    def initialize(self, root):
        self.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": os.getpid(), "rootUri": "file://" + root if root else None,
            "capabilities": {"window": {"workDoneProgress": True}}}})
        self.wait_for(lambda m: m.get("id") == 1, 30)
        self.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})

    def close(self):
        try:
            self.p.kill()
        except OSError:
            pass
        self.p.wait()


def lsp_cases(d):
    def index(folder, files):
        def setup():
            os.makedirs(folder, exist_ok=True)
            for f in files:
                f()
        def go(s, timeout):
            s.initialize(folder)
            m = s.wait_for(lambda m: m.get("method") == "$/progress"
                           and m["params"]["value"].get("kind") == "end", timeout)
            return "indexed" if m else "no end of indexing"
        return setup, go

    ws1 = os.path.join(d, "ws-docx")
    ws2 = os.path.join(d, "ws-html")
    ws3 = os.path.join(d, "ws-fifo")

    def open_big(s, timeout):
        s.initialize(None)
        text = open(os.path.join(REPO, "tests/fixtures/corpus/xinxiang-city-hrss-2023.txt")).read()
        text = text * (50_000_000 // len(text.encode()))
        s.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": "file:///big.txt", "languageId": "plaintext", "version": 1, "text": text}}})
        m = s.wait_for(lambda m: m.get("method") in ("textDocument/publishDiagnostics", "window/showMessage"), timeout)
        return (m or {}).get("method", "no answer")

    def long_header(s, timeout):
        s.initialize(None)
        chunk = b"X" * (1 << 20)
        try:
            for _ in range(200):
                s.send_raw(chunk)
        except BrokenPipeError:
            return "server closed the pipe"
        s.send_raw(b"\r\n\r\n")
        m = s.wait_for(lambda m: "error" in m, timeout)
        return "answered with an error" if m else "no answer"

    return [
        ("lsp: index a workspace with the 36 KB docx bomb",) + index(ws1, [lambda: docx(os.path.join(ws1, "a.docx"), 120, 5000, 64)]),
        ("lsp: index a workspace with the colspan page",) + index(ws2, [lambda: colspan_page(os.path.join(ws2, "a.html"), 150_000)]),
        ("lsp: index a workspace with a FIFO",) + index(ws3, [lambda: os.path.exists(os.path.join(ws3, "r.txt")) or os.mkfifo(os.path.join(ws3, "r.txt"))]),
        ("lsp: open a 50 MB document", None, open_big),
        ("lsp: a 200 MB header line", None, long_header),
    ]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary", nargs="?", default=os.path.join(REPO, "target/release/nianbao"))
    ap.add_argument("--only", nargs="*", default=[])
    ap.add_argument("--cap-mb", type=int, default=4096)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--dir", default=None, help="keep the files here (made once, reused)")
    a = ap.parse_args()
    d = a.dir or tempfile.mkdtemp(prefix="nianbao-hostile-")
    os.makedirs(d, exist_ok=True)
    wanted = lambda name: not a.only or any(o in name for o in a.only)
    print(f"{a.binary}, cap {a.cap_mb} MB, timeout {a.timeout:.0f} s")
    print(f"{'case':<50} {'exit':>8} {'time s':>8} {'peak MB':>8}  stderr / result")
    for name, argv, stdin, setup in cases(d):
        if not wanted(name):
            continue
        if setup:
            setup()
        code, wall, peak, first = run(a.binary, argv, stdin, a.cap_mb, a.timeout)
        peak_s = f"{peak:8.1f}" if peak is not None else f"{'—':>8}"
        print(f"{name:<50} {str(code):>8} {wall:8.2f} {peak_s}  {first}", flush=True)
    for name, setup, go in lsp_cases(d):
        if not wanted(name):
            continue
        if setup:
            setup()
        s = Lsp(a.binary, a.cap_mb)
        start = time.monotonic()
        try:
            result = go(s, a.timeout)
        except (RuntimeError, BrokenPipeError, OSError) as e:
            result = f"server died: {e}"
        wall = time.monotonic() - start
        try:
            peak = f"{s.peak_mb():8.1f}"
        except (OSError, TypeError):
            peak = f"{'—':>8}"
        s.close()
        print(f"{name:<50} {'':>8} {wall:8.2f} {peak}  {result}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
