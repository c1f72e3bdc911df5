#!/usr/bin/env python3
"""Checks the Helix set-up in docs/editors.md (Helix itself is not installable on Debian 12,
so it cannot be driven): the languages.toml block parses, names `nianbao lsp`,
maps *.nianbao.txt / *.nianbao.md to a language using it, and its `config` (what
Helix sends as initializationOptions) is accepted by the real server without a
warning. Prints "helix: N passed, N failed"; exit 1 on a failure.
Env: NIANBAO_BIN (the server)."""
import fnmatch
import json
import os
import re
import subprocess
import sys
import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
BIN = os.environ["NIANBAO_BIN"]
results = []


def check(name, fn):
    try:
        fn()
        results.append(True)
        print(f"PASS helix {name}")
    except Exception as e:  # noqa: BLE001 - report every failure the same way
        results.append(False)
        print(f"FAIL helix {name}: {e}")


def snippet():
    text = open(os.path.join(REPO, "docs", "editors.md"), encoding="utf-8").read()
    m = re.search(r"<!-- editors/tests/helix checks that the next toml block[^\n]*\n```toml\n(.*?)```", text, re.S)
    assert m, "no Helix block after its marker in docs/editors.md"
    return tomllib.loads(m.group(1))


def lsp_session(init_options):
    """initialize with init_options, return the server's log/show messages."""
    p = subprocess.Popen([BIN, "lsp"], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def send(m):
        data = json.dumps(m).encode()
        p.stdin.write(b"Content-Length: %d\r\n\r\n" % len(data) + data)
        p.stdin.flush()

    def read():
        headers = {}
        while True:
            line = p.stdout.readline().strip()
            if not line:
                break
            k, v = line.decode().split(":", 1)
            headers[k.lower()] = v.strip()
        return json.loads(p.stdout.read(int(headers["content-length"])))

    send({"jsonrpc": "2.0", "id": 1, "method": "initialize",
          "params": {"processId": None, "rootUri": None, "capabilities": {}, "initializationOptions": init_options}})
    messages = []
    while True:
        m = read()
        if m.get("method") in ("window/logMessage", "window/showMessage"):
            messages.append(m["params"])
        if m.get("id") == 1:
            break
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    while True:  # until the server says it is ready
        m = read()
        if m.get("method") == "window/logMessage":
            messages.append(m["params"])
            if "ready" in m["params"]["message"]:
                break
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    send({"jsonrpc": "2.0", "method": "exit"})
    p.stdin.close()
    assert p.wait(10) == 0, "server exit status"
    return messages


def server_and_language():
    cfg = snippet()
    server = cfg["language-server"]["nianbao"]
    assert server["command"] == "nianbao" and server["args"] == ["lsp"], server
    langs = [l for l in cfg["language"] if "nianbao" in l.get("language-servers", [])]
    assert len(langs) == 1, langs
    lang = langs[0]
    assert lang["name"] == "nianbao-report" and lang["scope"], lang
    globs = [ft["glob"] for ft in lang["file-types"]]
    for name, want in [("a.nianbao.txt", True), ("报告.nianbao.md", True), ("a.txt", False), ("a.md", False)]:
        assert any(fnmatch.fnmatch(name, g) for g in globs) == want, (name, globs)


def config_accepted():
    config = snippet()["language-server"]["nianbao"]["config"]
    assert config, "config is empty"
    warnings = [m["message"] for m in lsp_session(config) if m["type"] <= 2]
    assert not warnings, warnings
    # The check can fail: a wrong key is reported by the server.
    bad = [m["message"] for m in lsp_session({**config, "langauge": "en"}) if m["type"] <= 2]
    assert any("langauge" in w for w in bad), bad


check("languages.toml parses, runs `nianbao lsp` for *.nianbao.txt/md", server_and_language)
check("its config is accepted by the server as initializationOptions", config_accepted)
passed = sum(results)
print(f"helix: {passed} passed, {len(results) - passed} failed")
sys.exit(0 if all(results) else 1)
