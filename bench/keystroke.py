#!/usr/bin/env python3
"""Keystroke to diagnostics as the drafter gets it: `didChange` in,
`publishDiagnostics` out, through real servers over stdio, with DEFAULT
settings (no initializationOptions: the debounce is the server's own).

Two or more server binaries are measured side by side in one run: each is
started once, opens the same documents, and the keystrokes alternate between
them (A, B, B, A, ...), so that the load of this shared machine falls on all
alike. A keystroke types a digit into the (七)总计 cell of table 3, or deletes
it again. The time is from writing the notification to reading the whole
`publishDiagnostics` frame of that version (the client reads every byte the
server sends, as an editor does). Prints the median and the 99th percentile
of each, and the ratio of the medians to the first binary's.

Documents: the three real reports of ../shared/corpus, and a 1 MB
narrative-heavy report (the real report 新乡市 with its narrative repeated
to 1 MB: hundreds of narrative numbers that contradict its tables).

Usage:
  bench/keystroke.py BEFORE AFTER [ROUNDS]
  e.g. bench/keystroke.py /work/bin/nianbao-before-ac7975f target/release/nianbao 300
"""
import json
import os
import re
import statistics
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(REPO, "..", "shared", "corpus")
VERSION = re.compile(rb'"version":(-?\d+)\}\}$')


class Server:
    def __init__(self, path):
        self.p = subprocess.Popen([path, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, bufsize=0)
        self.out = self.p.stdout
        self.next_id = 1

    def send(self, msg):
        data = json.dumps(msg, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)

    def frame(self):
        """One frame's body, as bytes (not decoded: the client's JSON
        parsing is not the server's latency)."""
        length = None
        while True:
            line = self.out.readline()
            if not line:
                raise RuntimeError("the server closed its output")
            line = line.strip()
            if not line:
                break
            k, _, v = line.partition(b":")
            if k.lower() == b"content-length":
                length = int(v)
        body = bytearray()
        while len(body) < length:
            chunk = self.out.read(length - len(body))
            if not chunk:
                raise RuntimeError("the server closed its output")
            body += chunk
        return bytes(body)

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = json.loads(self.frame())
            if m.get("id") == i and "method" not in m:
                return m
            if "method" in m and "id" in m:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        """Waits for the diagnostics of `uri` at `version`; returns the
        frame's size."""
        tail = b'"uri":' + json.dumps(uri).encode()
        while True:
            body = self.frame()
            if b'"method":"textDocument/publishDiagnostics"' not in body[:80]:
                if body.startswith(b'{"jsonrpc":"2.0","id"') and b'"method"' in body:
                    m = json.loads(body)
                    self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
                continue
            m = VERSION.search(body[-40:])
            if tail in body and m and int(m.group(1)) == version:
                return len(body)

    def close(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.p.wait(5)


def cell(text):
    """(line, UTF-16 column) of the end of the (七)总计 row."""
    for i, line in enumerate(text.splitlines()):
        if "总计" in line and "\t" in line and line.lstrip().startswith(("(七)", "（七）")):
            body = line.rstrip()
            return i, len(body.encode("utf-16-le")) // 2
    raise SystemExit("no (七)总计 row")


def narrative_1mb(report):
    """The real report with its narrative (section 一's paragraphs) repeated
    to about 1 MB, before the tables."""
    lines = report.splitlines(keepends=True)
    start = next(i for i, l in enumerate(lines) if l.startswith("一、"))
    end = next(i for i, l in enumerate(lines) if l.startswith("二、"))
    prose = "".join(lines[start + 1:end])
    times = 1_000_000 // len(prose.encode()) + 1
    return "".join(lines[:start + 1]) + prose * times + "".join(lines[end:])


def percentile(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    binaries = sys.argv[1:3]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 300
    for b in binaries:
        if not os.access(b, os.X_OK):
            sys.exit(f"{b}: not an executable")
    read = lambda n: open(os.path.join(CORPUS, n), encoding="utf-8").read()
    xinxiang = read("xinxiang-city-hrss-2023.txt")
    docs = [
        ("real 新乡市 (6.6 KB)", xinxiang, rounds),
        ("real 临渭区 (5.4 KB)", read("linwei-district-hrss-2023.txt"), rounds),
        ("real 达州市 (6.4 KB)", read("dazhou-city-hrss-2023.md"), rounds),
        ("1 MB narrative (新乡市 ×150)", narrative_1mb(xinxiang), max(rounds // 3, 30)),
    ]
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, load {os.getloadavg()[0]:.1f}, "
          f"{os.cpu_count()} CPUs; default settings; keystroke -> publishDiagnostics")
    for name, text, n in docs:
        servers = [Server(b) for b in binaries]
        uri = "file:///tmp/nianbao-keystroke-bench/report.txt"
        line, col = cell(text)
        for s in servers:
            s.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
            s.notify("initialized", {})
            s.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
            s.diagnostics(uri, 1)
        times = [[] for _ in servers]
        size = [0 for _ in servers]
        warm = 10
        for k in range(warm + n):
            version = k + 2
            if k % 2 == 0:
                change = {"range": {"start": {"line": line, "character": col},
                                    "end": {"line": line, "character": col}}, "text": "9"}
            else:
                change = {"range": {"start": {"line": line, "character": col},
                                    "end": {"line": line, "character": col + 1}}, "text": ""}
            params = {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
            order = range(len(servers)) if k % 2 == 0 else reversed(range(len(servers)))
            for i in order:
                s = servers[i]
                t = time.perf_counter()
                s.notify("textDocument/didChange", params)
                size[i] = s.diagnostics(uri, version)
                dt = time.perf_counter() - t
                if k >= warm:
                    times[i].append(dt * 1000)
        base = statistics.median(times[0])
        print(f"\n{name}: {len(text.encode()) / 1000:.1f} KB, {n} keystrokes each, "
              f"diagnostics frame {size[-1] / 1000:.1f} KB")
        for b, ts in zip(binaries, times):
            med = statistics.median(ts)
            print(f"  {b:<44} median {med:8.3f} ms   p99 {percentile(ts, 99):8.3f} ms   "
                  f"x{base / med:6.1f} faster than the first")
        for s in servers:
            s.close()


if __name__ == "__main__":
    main()
