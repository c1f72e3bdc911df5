#!/usr/bin/env python3
"""The language server's memory against its target: resident memory under
2x the open documents' size plus 20 MB.

Starts the release `nianbao lsp`, opens synthetic reports (1 MB, then 5 MB
more, then two corpus-sized ones), types into the big one, and after each
step reads the server's resident set (VmRSS) and peak (VmHWM) from /proc.
Prints one line per step with the budget, and "met"/"NOT met"; exits 1 when
a step is over budget.

Usage: bench/server_memory.py   (after `cargo build --release --examples`)
"""
import json
import os
import subprocess
import sys
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET = os.environ.get("CARGO_TARGET_DIR", os.path.join(REPO, "target"))
NIANBAO = os.path.join(TARGET, "release", "nianbao")
GEN = os.path.join(TARGET, "release", "examples", "gen_sample")


class Server:
    def __init__(self):
        self.p = subprocess.Popen([NIANBAO, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.next_id = 1

    def send(self, msg):
        data = json.dumps(msg, ensure_ascii=False).encode()
        self.p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        self.p.stdin.flush()

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

    def request(self, method, params):
        i = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": i, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == i and "method" not in m:
                return m
            if "method" in m and "id" in m:  # a request from the server
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri, version):
        while True:
            m = self.read()
            if "method" in m and "id" in m:
                self.send({"jsonrpc": "2.0", "id": m["id"], "result": None})
            elif m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and p.get("version") == version:
                    return p["diagnostics"]

    def memory_kb(self):
        values = {}
        with open(f"/proc/{self.p.pid}/status") as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("VmRSS", "VmHWM"):
                    values[k] = int(v.split()[0])
        return values["VmRSS"], values["VmHWM"]


def synthetic(size):
    return subprocess.run([GEN, "synthetic", str(size)], check=True, capture_output=True).stdout.decode()


def main():
    for path in (NIANBAO, GEN):
        if not os.path.exists(path):
            sys.exit(f"{path} is missing: run `cargo build --release --examples` first")
    corpus = os.path.join(REPO, "tests", "fixtures", "corpus")
    docs = [
        ("1 MB synthetic", "file:///bench/one.txt", synthetic(1_000_000)),
        ("5 MB synthetic", "file:///bench/five.txt", synthetic(5_000_000)),
        ("corpus 新乡市", "file:///bench/xinxiang.txt",
         open(os.path.join(corpus, "xinxiang-city-hrss-2023.txt"), encoding="utf-8").read()),
        ("corpus 达州市", "file:///bench/dazhou.md",
         open(os.path.join(corpus, "dazhou-city-hrss-2023.md"), encoding="utf-8").read()),
    ]
    s = Server()
    s.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {}})
    s.notify("initialized", {})
    time.sleep(0.2)
    rss, _ = s.memory_kb()
    print(f"server memory (budget: 2 x the open documents' size + 20 MB)")
    print(f"  {'after initialize':<34} RSS {rss / 1024:6.1f} MB")
    open_bytes = 0
    failed = False

    def report(step):
        nonlocal failed
        rss, hwm = s.memory_kb()
        budget = 2 * open_bytes / 2**20 + 20
        ok = rss / 1024 < budget
        failed |= not ok
        print(f"  {step:<34} RSS {rss / 1024:6.1f} MB  peak {hwm / 1024:6.1f} MB  "
              f"documents {open_bytes / 2**20:5.1f} MB  budget {budget:5.1f} MB  {'met' if ok else 'NOT met'}")

    for name, uri, text in docs:
        s.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}})
        s.diagnostics(uri, 1)
        open_bytes += len(text.encode())
        report(f"{name} open")
    # Typing in the big document: 50 keystrokes, each analysed and published.
    uri = docs[1][1]
    for v in range(2, 52):
        s.notify("textDocument/didChange", {
            "textDocument": {"uri": uri, "version": v},
            "contentChanges": [{"range": {"start": {"line": 200, "character": 0}, "end": {"line": 200, "character": 0}}, "text": "7"}],
        })
        open_bytes += 1
    s.diagnostics(uri, 51)
    report("50 keystrokes in the 5 MB one")
    for name, uri, text in docs:
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        open_bytes -= len(text.encode())
    open_bytes = 0
    s.request("textDocument/documentSymbol", {"textDocument": {"uri": docs[0][1]}})
    report("all closed")
    s.request("shutdown", None)
    s.notify("exit", None)
    s.p.wait(5)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
