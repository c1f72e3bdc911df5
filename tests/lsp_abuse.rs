//! `nianbao lsp` under abuse, over real stdio (what tests/lsp.rs does not
//! already cover): 10,000 rapid edits checked against an independent model of
//! the text, a 5 MB paste into the middle of a document and its undo, binary
//! files opened as text, out-of-range and reversed positions, messages out of
//! protocol order, every request on a closed document and a reopened one,
//! broken framing and JSON, a client killed mid-message and while the server
//! writes, and memory back to its baseline after a big document closes.

mod support;

use nianbao::analysis::analyze;
use nianbao::analysis::config::Config;
use nianbao::analysis::template::{sample, synthetic};
use nianbao::analysis::text::{ColumnUnit, LineIndex};
use serde_json::{Value, json};
use std::io::BufReader;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use support::lsp_client::{Client, read_message};

const URI: &str = "file:///tmp/nianbao-abuse/report.txt";

/// A server with debounce 0, initialised for UTF-16 (the default).
fn server() -> Client {
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"debounceMs": 0}));
    c
}

// --- An independent model of the editor's text -------------------------------

/// The lines of `text` as (start, content end, next start) byte offsets, with
/// LSP's line breaks (`\n`, `\r\n`, `\r`).
fn line_spans(text: &str) -> Vec<(usize, usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                out.push((start, i, i + 2));
                i += 2;
                start = i;
            }
            b'\r' | b'\n' => {
                out.push((start, i, i + 1));
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    out.push((start, b.len(), b.len()));
    out
}

/// The byte offset of an LSP position (UTF-16 columns) as the server documents
/// it: a line past the end is the end of the text, a column past the line's
/// end is the line's end, a column inside a character is that character.
fn offset(text: &str, line: u64, col: u64) -> usize {
    let lines = line_spans(text);
    let Some(&(start, end, _)) = lines.get(line as usize) else {
        return text.len();
    };
    let mut units = 0u64;
    for (i, c) in text[start..end].char_indices() {
        let next = units + c.len_utf16() as u64;
        if next > col {
            return start + i;
        }
        units = next;
    }
    end
}

/// The position of a byte offset (UTF-16 columns).
fn position(text: &str, byte: usize) -> Value {
    let lc = LineIndex::new(text).line_col(text, byte, ColumnUnit::Utf16);
    json!({"line": lc.line, "character": lc.col})
}

/// Applies an LSP range edit to the model (a reversed range counts from its
/// earlier end, as the server does).
fn apply(text: &mut String, range: &Value, new_text: &str) {
    let p = |v: &Value| {
        offset(
            text,
            v["line"].as_u64().unwrap(),
            v["character"].as_u64().unwrap(),
        )
    };
    let (a, b) = (p(&range["start"]), p(&range["end"]));
    text.replace_range(a.min(b)..a.max(b), new_text);
}

/// What the server must publish for `text`: rule, message and range of every
/// finding of a full analysis.
fn expected(text: &str) -> Vec<Value> {
    analyze(text, &Config::default())
        .findings
        .iter()
        .map(|f| {
            json!({"code": f.rule, "message": f.message,
                   "range": {"start": position(text, f.span.start), "end": position(text, f.span.end)}})
        })
        .collect()
}

fn published(diags: &[Value]) -> Vec<Value> {
    diags
        .iter()
        .map(|d| json!({"code": d["code"], "message": d["message"], "range": d["range"]}))
        .collect()
}

fn change(c: &mut Client, version: i64, changes: Vec<Value>) {
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}),
    );
}

/// A small deterministic PRNG (xorshift64*), so that a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

/// A random edit of `text`: typing, deleting (across line breaks too),
/// breaking and joining lines, astral characters, `\r` and `\r\n`.
fn random_edit(rng: &mut Rng, text: &str) -> Value {
    let lines = line_spans(text);
    let line = rng.below(lines.len() as u64);
    let (s, e, _) = lines[line as usize];
    let width: u64 = text[s..e].chars().map(|c| c.len_utf16() as u64).sum();
    let col = rng.below(width + 1);
    let pos = json!({"line": line, "character": col});
    const TYPED: [&str; 10] = ["7", "0", "12", "\t", "\n", "\r\n", "\r", "予", "😀", " |"];
    match rng.below(10) {
        0..=5 => {
            json!({"range": {"start": pos, "end": pos}, "text": TYPED[rng.below(10) as usize]})
        }
        6..=8 => {
            // Delete up to 3 lines ahead: the end may lie on a later line.
            let end_line = line + rng.below(2);
            let end = json!({"line": end_line, "character": rng.below(12)});
            json!({"range": {"start": pos, "end": end}, "text": ""})
        }
        _ => {
            json!({"range": {"start": pos, "end": {"line": line, "character": col + 2}}, "text": "（七）总计"})
        }
    }
}

#[test]
fn ten_thousand_rapid_edits_end_in_the_right_diagnostics() {
    let mut c = server();
    let mut text = sample();
    c.open(URI, &text);
    assert_eq!(published(&c.diagnostics(URI, 1)), expected(&text));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut version = 1;
    let started = Instant::now();
    for k in 0..10_000 {
        version += 1;
        // Every 50th notification carries three changes, applied in order.
        let n = if k % 50 == 0 { 3 } else { 1 };
        let mut changes = Vec::new();
        for _ in 0..n {
            let e = random_edit(&mut rng, &text);
            apply(&mut text, &e["range"], e["text"].as_str().unwrap());
            changes.push(e);
        }
        change(&mut c, version, changes);
    }
    // Publications come in increasing versions, the last for the last edit,
    // and it has exactly the findings of the model's text.
    let mut versions = Vec::new();
    let last = loop {
        let m = c.next();
        if m["method"] == "textDocument/publishDiagnostics" {
            assert_eq!(m["params"]["uri"], URI);
            let v = m["params"]["version"].as_i64().unwrap();
            versions.push(v);
            if v == version {
                break m;
            }
        }
    };
    let took = started.elapsed();
    assert!(
        versions.windows(2).all(|w| w[0] < w[1]),
        "versions went backwards: {versions:?}"
    );
    let diags = last["params"]["diagnostics"].as_array().unwrap();
    let want = expected(&text);
    assert!(!want.is_empty(), "the edits left findings to compare");
    assert_eq!(published(diags), want);
    // Nothing stale arrives after the final version.
    c.assert_no_more_diagnostics(Duration::from_millis(300));
    // The server's text is the model's: fix-all's edits apply to it and give
    // what a fix-all of the model gives.
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}),
    );
    let a = analyze(&text, &Config::default());
    let edits = nianbao::analysis::fix::fix_all(&a.report, &a.findings);
    let served = actions
        .as_array()
        .and_then(|v| v.first())
        .map(|x| x["edit"]["changes"][URI].as_array().unwrap().len())
        .unwrap_or(0);
    assert_eq!(served, edits.len(), "fix-all on the server's text");
    assert!(took < Duration::from_secs(20), "10,000 edits took {took:?}");
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn a_5_mb_paste_into_the_middle_and_its_undo() {
    let mut c = server();
    let mut text = sample();
    c.open(URI, &text);
    assert!(c.diagnostics(URI, 1).is_empty());
    // Paste 5 MB (a whole report: its headings and tables duplicate the
    // document's) into section 五, as one incremental change.
    let paste = synthetic(5_000_000);
    let at = text.find("五、存在的主要问题及改进情况").unwrap();
    let pos = position(&text, at);
    let range = json!({"start": pos, "end": pos});
    apply(&mut text, &range, &paste);
    let t = Instant::now();
    change(&mut c, 2, vec![json!({"range": range, "text": paste})]);
    let diags = c.diagnostics(URI, 2);
    assert!(!diags.is_empty(), "duplicate sections are reported");
    assert_eq!(published(&diags), expected(&text));
    // A request right after is answered.
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    assert!(symbols.as_array().unwrap().len() > 7);
    // Undo: delete exactly the pasted range.
    let undo = json!({"start": pos, "end": position(&text, at + paste.len())});
    apply(&mut text, &undo, "");
    assert_eq!(text, sample());
    change(&mut c, 3, vec![json!({"range": undo, "text": ""})]);
    assert!(c.diagnostics(URI, 3).is_empty(), "back to the sample");
    assert!(t.elapsed() < Duration::from_secs(15), "{:?}", t.elapsed());
    assert_eq!(c.shutdown().0, Some(0));
}

/// Bytes of binary files as an editor shows them when told they are text.
fn binaries() -> Vec<(&'static str, String)> {
    let exe = std::fs::read(env!("CARGO_BIN_EXE_nianbao")).unwrap();
    let docx = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/docx/dazhou-city-hrss-2023.docx"
    ))
    .unwrap();
    let latin1: String = docx.iter().map(|b| *b as char).collect();
    vec![
        // NULs, control characters and replacement characters.
        (
            "executable",
            String::from_utf8_lossy(&exe[..exe.len().min(1 << 20)]).into_owned(),
        ),
        // Every byte as one character (an editor's Latin-1 fallback).
        ("zip as Latin-1", latin1),
        // Every BMP character but surrogates, and astral ones.
        (
            "all characters",
            (0..0x11_0000u32)
                .step_by(7)
                .filter_map(char::from_u32)
                .collect(),
        ),
    ]
}

#[test]
fn binary_files_opened_as_text() {
    let mut c = server();
    for (k, (what, text)) in binaries().into_iter().enumerate() {
        let uri = format!("file:///tmp/nianbao-abuse/binary-{k}.txt");
        c.open(&uri, &text);
        let diags = c.diagnostics(&uri, 1);
        assert_eq!(published(&diags), expected(&text), "{what}");
        // Every request on it is answered, none with an error.
        let doc = json!({"uri": uri});
        let mid = json!({"line": 3, "character": 5});
        for (method, params) in [
            (
                "textDocument/hover",
                json!({"textDocument": doc, "position": mid}),
            ),
            (
                "textDocument/completion",
                json!({"textDocument": doc, "position": mid}),
            ),
            ("textDocument/documentSymbol", json!({"textDocument": doc})),
            ("textDocument/foldingRange", json!({"textDocument": doc})),
            (
                "textDocument/inlayHint",
                json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 100_000, "character": 0}}}),
            ),
            (
                "textDocument/codeAction",
                json!({"textDocument": doc, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}}, "context": {"diagnostics": diags}}),
            ),
        ] {
            let r = c.request_raw(method, params);
            assert!(r.get("error").is_none(), "{what}: {method}: {r}");
        }
        // And it can be edited.
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"range": {"start": {"line": 0, "character": 1}, "end": {"line": 2, "character": 0}}, "text": "\r"}]}));
        c.diagnostics(&uri, 2);
    }
    // A string that is no Unicode text at all (a lone surrogate) is a parse
    // error, and the document stays unopened.
    let bad = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/nianbao-abuse/bad.txt","languageId":"plaintext","version":1,"text":"a\ud800b"}}}"#;
    c.send_raw(bad);
    let err = c.wait_for_error();
    assert_eq!(err["error"]["code"], -32700);
    assert_eq!(
        c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": "file:///tmp/nianbao-abuse/bad.txt"}})
        ),
        Value::Null
    );
    assert_eq!(c.shutdown().0, Some(0));
}

/// A report with CJK, astral characters, CRLF and a lone CR, and a wrong total.
fn awkward() -> String {
    sample()
        .replacen(
            "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
            "（一）予以公开𠀀😀\t6\t1\t0\t0\t0\t0\t8",
            1,
        )
        .replacen('\n', "\r\n", 3)
        .replacen("\n\n", "\n\r", 1)
}

#[test]
fn out_of_range_reversed_and_split_positions() {
    let mut c = server();
    let mut text = awkward();
    c.open(URI, &text);
    assert_eq!(published(&c.diagnostics(URI, 1)), expected(&text));
    let row = line_spans(&text)
        .iter()
        .position(|(s, _, _)| text[*s..].starts_with("（一）予以公开𠀀"))
        .unwrap() as u64;
    let p = |l: u64, ch: u64| json!({"line": l, "character": ch});
    let max = u32::MAX as u64;
    let edits = [
        // Columns past the line's end: the line's end.
        (json!({"start": p(0, 9_999), "end": p(0, 99_999)}), "X"),
        // Reversed: from the earlier end.
        (json!({"start": p(6, 3), "end": p(2, 1)}), ""),
        // Inside a surrogate pair (the second unit of 𠀀 and of 😀).
        (json!({"start": p(row, 8), "end": p(row, 8)}), "Y"),
        (json!({"start": p(row, 12), "end": p(row, 12)}), "Z"),
        // Lines past the end, up to u32::MAX: the end of the text.
        (json!({"start": p(max, max), "end": p(max, 0)}), "\n尾"),
        (json!({"start": p(40, 0), "end": p(max, max)}), ""),
    ];
    let mut version = 1;
    for (range, new_text) in edits {
        version += 1;
        apply(&mut text, &range, new_text);
        change(
            &mut c,
            version,
            vec![json!({"range": range, "text": new_text})],
        );
        assert_eq!(
            published(&c.diagnostics(URI, version)),
            expected(&text),
            "after {range}"
        );
    }
    // Positions that are no LSP position at all (negative, beyond u32) make
    // the notification invalid: it changes nothing.
    for bad in [
        json!({"line": -1, "character": 0}),
        json!({"line": 0, "character": 1u64 << 32}),
    ] {
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 99}, "contentChanges": [{"range": {"start": bad, "end": bad}, "text": "BAD"}]}));
    }
    version += 1;
    let range = json!({"start": p(0, 0), "end": p(0, 0)});
    apply(&mut text, &range, "Q");
    change(&mut c, version, vec![json!({"range": range, "text": "Q"})]);
    assert_eq!(published(&c.diagnostics(URI, version)), expected(&text));
    // Requests at such positions are answered: null or empty, or an
    // invalid-params error for positions that cannot be parsed.
    let doc = json!({"uri": URI});
    for pos in [p(max, max), p(0, max), p(row, 8)] {
        for method in ["textDocument/hover", "textDocument/completion"] {
            let r = c.request_raw(method, json!({"textDocument": doc, "position": pos}));
            assert!(r.get("error").is_none(), "{method} at {pos}: {r}");
        }
    }
    for range in [
        json!({"start": p(max, 0), "end": p(0, 0)}),
        json!({"start": p(0, max), "end": p(max, max)}),
    ] {
        let r = c.request_raw(
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": range}),
        );
        assert!(r.get("error").is_none(), "{r}");
        let r = c.request_raw(
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": []}}),
        );
        assert!(r.get("error").is_none(), "{r}");
    }
    let r = c.request_raw(
        "textDocument/hover",
        json!({"textDocument": doc, "position": {"line": -5, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32602, "{r}");
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn messages_out_of_protocol_order() {
    let mut c = Client::spawn();
    // Before initialize: requests are refused, notifications ignored.
    let r = c.request_raw(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(r["error"]["code"], -32002, "{r}");
    c.open(URI, &sample());
    c.initialize(json!({}), json!({"debounceMs": 0}));
    // The early didOpen did not open anything.
    assert_eq!(
        c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}})
        ),
        Value::Null
    );
    // A second initialize is refused.
    let r = c.request_raw(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    assert!(r.get("error").is_some(), "{r}");
    // Unknown methods with a string id, unknown $/ notifications and
    // requests, a cancellation of nothing, a response to no request.
    c.send(json!({"jsonrpc": "2.0", "id": "abc", "method": "nianbao/frobnicate", "params": {}}));
    let r = c.wait_for_error();
    assert_eq!(
        (r["id"].clone(), r["error"]["code"].clone()),
        (json!("abc"), json!(-32601))
    );
    c.notify("$/setTrace", json!({"value": "verbose"}));
    c.notify("$/cancelRequest", json!({"id": 424242}));
    c.notify("nianbao/unknownNotification", json!([1, 2, 3]));
    c.send(json!({"jsonrpc": "2.0", "id": 777, "result": {"unasked": true}}));
    assert_eq!(
        c.request_raw("$/unknownRequest", json!({}))["error"]["code"],
        -32601
    );
    // Still working.
    c.open(URI, &awkward());
    assert_eq!(published(&c.diagnostics(URI, 1)), expected(&awkward()));
    // After shutdown, requests are invalid; exit ends the process cleanly.
    assert_eq!(c.request("shutdown", Value::Null), Value::Null);
    let r = c.request_raw(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(r["error"]["code"], -32600, "{r}");
    c.notify("exit", Value::Null);
    let (code, took) = c.wait_exit(Duration::from_secs(5));
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(2), "{took:?}");
}

#[test]
fn a_closed_document_is_gone_and_a_reopened_one_is_checked_again() {
    let mut c = server();
    let text = awkward();
    c.open(URI, &text);
    let first = c.diagnostics(URI, 1);
    assert!(!first.is_empty());
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["diagnostics"] == json!([]) && p["version"].is_null()
    });
    // Every request on it: null, no error.
    let doc = json!({"uri": URI});
    let pos = json!({"line": 1, "character": 1});
    let range = json!({"start": {"line": 0, "character": 0}, "end": {"line": 9, "character": 0}});
    for (method, params) in [
        (
            "textDocument/hover",
            json!({"textDocument": doc, "position": pos}),
        ),
        (
            "textDocument/completion",
            json!({"textDocument": doc, "position": pos}),
        ),
        ("textDocument/documentSymbol", json!({"textDocument": doc})),
        ("textDocument/foldingRange", json!({"textDocument": doc})),
        (
            "textDocument/inlayHint",
            json!({"textDocument": doc, "range": range}),
        ),
        (
            "textDocument/codeAction",
            json!({"textDocument": doc, "range": range, "context": {"diagnostics": first}}),
        ),
    ] {
        assert_eq!(c.request(method, params), Value::Null, "{method}");
    }
    // An edit does not bring it back; a second close is harmless.
    change(&mut c, 2, vec![json!({"text": "x"})]);
    c.wait_for("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open"))
    });
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    assert_eq!(
        c.request("textDocument/documentSymbol", json!({"textDocument": doc})),
        Value::Null
    );
    // Reopened (editors start again at version 1): its diagnostics are
    // published again, for the same text and for a text changed on disk.
    c.drain(Duration::from_millis(100));
    c.open(URI, &text);
    assert_eq!(published(&c.diagnostics(URI, 1)), expected(&text));
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let changed = text.replacen("\t8", "\t9", 1);
    c.open(URI, &changed);
    let d = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["version"] == 1
    });
    assert_eq!(
        published(d["diagnostics"].as_array().unwrap()),
        expected(&changed)
    );
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn broken_framing_and_json_are_answered_and_skipped() {
    let mut c = server();
    let ping = |c: &mut Client| {
        c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}}),
        );
    };
    // (bytes sent, the error code answered, the id answered)
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let framed = |body: &[u8]| {
        [
            format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(),
            body,
        ]
        .concat()
    };
    let cases: Vec<(Vec<u8>, i64, Value)> = vec![
        (b"Content-Length: abc\r\n\r\n".to_vec(), -32700, Value::Null),
        (b"Content-Length: -3\r\n\r\n".to_vec(), -32700, Value::Null),
        (
            b"Content-Length: 999999999999\r\n\r\n".to_vec(),
            -32700,
            Value::Null,
        ),
        (b"X-Custom: 1\r\n\r\n".to_vec(), -32700, Value::Null),
        (b"this is no header\r\n\r\n".to_vec(), -32700, Value::Null),
        (framed(b"\xff\xfe{}"), -32700, Value::Null),
        (
            framed(br#"{"jsonrpc":"2.0","id":7,"method":"initialize""#),
            -32700,
            Value::Null,
        ),
        (framed(deep.as_bytes()), -32700, Value::Null),
        (framed(b"[1,2,3]"), -32600, Value::Null),
        (
            framed(br#"{"jsonrpc":"1.0","id":5,"method":"shutdown"}"#),
            -32600,
            json!(5),
        ),
        (
            framed(br#"{"jsonrpc":"2.0","id":{"a":1},"method":"shutdown"}"#),
            -32600,
            Value::Null,
        ),
        (
            framed(br#"{"jsonrpc":"2.0","id":6,"method":"textDocument/hover","params":"x"}"#),
            -32600,
            json!(6),
        ),
        (
            framed(br#"{"jsonrpc":"2.0","id":8,"method":42}"#),
            -32600,
            json!(8),
        ),
        (framed(br#"{"jsonrpc":"2.0","id":9}"#), -32600, json!(9)),
    ];
    for (bytes, code, id) in cases {
        c.write_bytes(&bytes);
        let e = c.wait_for_error();
        let shown = String::from_utf8_lossy(&bytes[..bytes.len().min(80)]).into_owned();
        assert_eq!(e["error"]["code"], code, "{shown}: {e}");
        assert_eq!(e["id"], id, "{shown}: {e}");
        ping(&mut c);
    }
    // Odd but valid framing: lower case, extra headers and spaces, a message
    // dribbled one byte at a time, two messages in one write.
    let open = serde_json::to_vec(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": awkward()}}})).unwrap();
    let mut dribble = format!(
        "content-type: application/vscode-jsonrpc; charset=utf-8\r\ncontent-length:   {}  \r\n\r\n",
        open.len()
    )
    .into_bytes();
    dribble.extend_from_slice(&open);
    for b in dribble.chunks(1) {
        c.write_bytes(b);
    }
    assert_eq!(published(&c.diagnostics(URI, 1)), expected(&awkward()));
    let two = [
        framed(br#"{"jsonrpc":"2.0","id":"a","method":"shutdown"}"#),
        framed(br#"{"jsonrpc":"2.0","method":"exit"}"#),
    ]
    .concat();
    c.write_bytes(&two);
    let (code, _) = c.wait_exit(Duration::from_secs(5));
    assert_eq!(code, Some(0));
}

/// Frames a message.
fn frame(v: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(v).unwrap();
    [
        format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes(),
        body,
    ]
    .concat()
}

fn initialize_request() -> Vec<u8> {
    frame(
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"debounceMs": 0}}}),
    )
}

/// What a client sends once initialize is answered: initialized, and a report opened.
fn session_start() -> Vec<u8> {
    [
        frame(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})),
        frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": URI, "languageId": "plaintext", "version": 1, "text": awkward()}}})),
    ]
    .concat()
}

/// A client made of two parts: a process (`sh`) that writes to the server's
/// stdin — the initialize request, then, once the answer has arrived, `rest`
/// — and then waits until it is killed; and a thread of this test that reads
/// the server's stdout, stopping (and closing its end of the pipe) after
/// `stop_after` bytes if given.
struct Killable {
    writer: std::process::Child,
    server: std::process::Child,
    rx: std::sync::mpsc::Receiver<Value>,
    _dir: tempfile::TempDir,
}

impl Killable {
    fn start(rest: &[u8], stop_after: Option<usize>) -> Killable {
        let dir = tempfile::tempdir().unwrap();
        let (init, more, go) = (
            dir.path().join("init"),
            dir.path().join("rest"),
            dir.path().join("go"),
        );
        std::fs::write(&init, initialize_request()).unwrap();
        std::fs::write(&more, rest).unwrap();
        let mut writer = Command::new("sh")
            .args([
                "-c",
                r#"cat "$0"; while [ ! -e "$1" ]; do sleep 0.01; done; cat "$2"; exec sleep 60"#,
            ])
            .args([&init, &go, &more])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut server = Command::new(env!("CARGO_BIN_EXE_nianbao"))
            .arg("lsp")
            .stdin(Stdio::from(writer.stdout.take().unwrap()))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let out = server.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut r = BufReader::new(out);
            let mut read = 0;
            while let Some(m) = read_message(&mut r) {
                if m["id"] == 1 {
                    std::fs::write(&go, b"").unwrap();
                }
                read += m.to_string().len();
                if tx.send(m).is_err() {
                    return;
                }
                if stop_after.is_some_and(|n| read >= n) {
                    // Dropping the reader closes the pipe.
                    let _ = tx.send(json!({"stopped reading": read}));
                    return;
                }
            }
        });
        Killable {
            writer,
            server,
            rx,
            _dir: dir,
        }
    }

    /// Waits for a message satisfying `pred`.
    fn wait(&self, what: &str, pred: impl Fn(&Value) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let m = self
                .rx
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
                .unwrap_or_else(|e| panic!("{what}: {e}"));
            if pred(&m) {
                return;
            }
        }
    }

    /// Kills the client (SIGKILL) and returns how the server ended and its stderr.
    fn kill_client_and_wait(&mut self) -> (Option<i32>, Duration, String) {
        self.writer.kill().unwrap();
        self.writer.wait().unwrap();
        let t = Instant::now();
        while t.elapsed() < Duration::from_secs(5) {
            if let Some(s) = self.server.try_wait().unwrap() {
                let mut err = String::new();
                use std::io::Read;
                self.server
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                return (s.code(), t.elapsed(), err);
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let _ = self.server.kill();
        (None, t.elapsed(), String::new())
    }
}

impl Drop for Killable {
    fn drop(&mut self) {
        let _ = self.writer.kill();
        let _ = self.server.kill();
        let _ = self.writer.wait();
        let _ = self.server.wait();
    }
}

fn is_diagnostics(m: &Value) -> bool {
    m["method"] == "textDocument/publishDiagnostics"
}

#[test]
fn a_client_killed_mid_message_ends_the_server_promptly() {
    let big = frame(
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///tmp/nianbao-abuse/big.txt", "languageId": "plaintext", "version": 1, "text": synthetic(5_000_000)}}}),
    );
    let partials: Vec<(&str, Vec<u8>)> = vec![
        ("mid-header", b"Content-Len".to_vec()),
        (
            "between header and body",
            b"Content-Length: 500\r\n\r\n".to_vec(),
        ),
        (
            "mid-body",
            b"Content-Length: 500\r\n\r\n{\"jsonrpc\":\"2.0\",\"meth".to_vec(),
        ),
        ("half of a 5 MB message", big[..big.len() / 2].to_vec()),
    ];
    for (what, partial) in partials {
        let mut k = Killable::start(&[session_start(), partial].concat(), None);
        k.wait(what, is_diagnostics);
        let (code, took, stderr) = k.kill_client_and_wait();
        // Exit code 1: the client went away without shutdown (LSP), not a
        // signal or a panic (101).
        assert_eq!(
            code,
            Some(1),
            "{what}: the server did not end cleanly: {stderr}"
        );
        assert!(took < Duration::from_secs(2), "{what}: took {took:?}");
        assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    }
}

#[test]
fn a_client_killed_while_the_server_writes_ends_the_server_promptly() {
    // 300 requests whose answers (the outline of a big report) fill the
    // pipe; the client stops reading after 64 kB and closes its end.
    let mut rest = session_start();
    let big = sample().repeat(40);
    rest.extend(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": "file:///tmp/nianbao-abuse/big.txt", "languageId": "plaintext", "version": 1, "text": big}}})));
    for id in 2..302 {
        rest.extend(frame(&json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/foldingRange", "params": {"textDocument": {"uri": "file:///tmp/nianbao-abuse/big.txt"}}})));
    }
    let mut k = Killable::start(&rest, Some(65_536));
    k.wait("64 kB of answers", |m| m.get("stopped reading").is_some());
    std::thread::sleep(Duration::from_millis(200));
    let (code, took, stderr) = k.kill_client_and_wait();
    assert_eq!(code, Some(1), "the server did not end cleanly: {stderr}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn output_to_a_file_instead_of_a_pipe() {
    // Editors connect pipes; a file (or a terminal, a socket) must work too.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut server = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(std::fs::File::create(&out).unwrap())
        .spawn()
        .unwrap();
    let mut stdin = server.stdin.take().unwrap();
    use std::io::Write;
    stdin.write_all(&initialize_request()).unwrap();
    stdin.flush().unwrap();
    let read_all = || {
        let bytes = std::fs::read(&out).unwrap();
        let mut r = BufReader::new(&bytes[..]);
        std::iter::from_fn(|| read_message(&mut r)).collect::<Vec<_>>()
    };
    let wait = |pred: &dyn Fn(&Value) -> bool| {
        let t = Instant::now();
        while !read_all().iter().any(pred) {
            assert!(t.elapsed() < Duration::from_secs(20), "{:?}", read_all());
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    wait(&|m| m["id"] == 1);
    stdin.write_all(&session_start()).unwrap();
    stdin.flush().unwrap();
    wait(&is_diagnostics);
    stdin
        .write_all(&frame(
            &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
        ))
        .unwrap();
    stdin
        .write_all(&frame(&json!({"jsonrpc": "2.0", "method": "exit"})))
        .unwrap();
    stdin.flush().unwrap();
    let t = Instant::now();
    let status = loop {
        if let Some(s) = server.try_wait().unwrap() {
            break s;
        }
        assert!(t.elapsed() < Duration::from_secs(5), "no exit");
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(status.code(), Some(0));
    let msgs = read_all();
    let d = msgs.iter().find(|m| is_diagnostics(m)).unwrap();
    assert_eq!(
        published(d["params"]["diagnostics"].as_array().unwrap()),
        expected(&awkward())
    );
    assert!(msgs.iter().any(|m| m["id"] == 2), "shutdown answered");
}

/// A session with a 5 MB document: opened, typed in, asked about, closed.
fn big_document_cycle(c: &mut Client, uri: &str, text: &str) -> u64 {
    c.open(uri, text);
    c.diagnostics(uri, 1);
    for v in 2..12 {
        change_at(c, uri, v, &json!({"line": 100, "character": 0}), "7");
    }
    c.diagnostics(uri, 11);
    c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    let peak = c.rss_kb();
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri && p["version"].is_null()
    });
    c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    );
    peak
}

/// Memory comes back when a big document closes. Baseline: the RSS after
/// initialize and two open/close cycles of a 5 MB document. The first cycles
/// may leave the I/O buffers grown to the largest message (tower-lsp-server's
/// read buffer keeps its capacity, which doubles to about 8 MB over the first
/// two 5 MB messages), but by no more than twice the document's size; every
/// later cycle returns to within 3 MB of the baseline, and the cycles do not
/// creep upwards: no document leaves anything behind.
#[test]
fn memory_returns_to_baseline_after_a_big_document_closes() {
    let mut c = server();
    let small = "file:///tmp/nianbao-abuse/small.txt";
    let big = "file:///tmp/nianbao-abuse/big.txt";
    c.open(small, &sample());
    c.diagnostics(small, 1);
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": small}}),
    );
    c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": small}}),
    );
    let initialized = c.rss_kb();
    let text = synthetic(5_000_000);
    big_document_cycle(&mut c, big, &text);
    big_document_cycle(&mut c, big, &text);
    let baseline = c.rss_kb();
    let mut rounds = Vec::new();
    for _ in 0..2 {
        let peak = big_document_cycle(&mut c, big, &text);
        rounds.push((peak, c.rss_kb()));
    }
    eprintln!(
        "after initialize {initialized} kB, baseline {baseline} kB, (peak, after close) {rounds:?} kB"
    );
    assert!(
        baseline < initialized + 2 * 5_000_000 / 1024,
        "{baseline} kB after the first big document, {initialized} kB after initialize"
    );
    for (round, (peak, after)) in rounds.iter().enumerate() {
        assert!(
            *peak > baseline + 10_000,
            "the 5 MB document did not show in the RSS ({baseline} → {peak} kB): the measure is blind"
        );
        assert!(
            *after < baseline + 3_072,
            "round {round}: {after} kB after closing, baseline {baseline} kB (peak {peak} kB)"
        );
    }
    let creep = rounds[1].1 as i64 - rounds[0].1 as i64;
    assert!(creep < 512, "memory creeps up by {creep} kB per cycle");
    assert_eq!(c.shutdown().0, Some(0));
}

fn change_at(c: &mut Client, uri: &str, version: i64, pos: &Value, text: &str) {
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"range": {"start": pos, "end": pos}, "text": text}]}));
}

// --- Hostile input (issue 16) -------------------------------------------------

/// A server initialised on a workspace folder (with progress), debounce 0.
fn server_on(root: &std::path::Path) -> Client {
    let root_uri = format!("file://{}", root.display());
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "reports"}],
            "capabilities": {"window": {"workDoneProgress": true}},
            "initializationOptions": {"debounceMs": 0}
        }),
    );
    c.notify("initialized", json!({}));
    c
}

#[test]
fn a_document_over_the_text_limit_is_kept_but_not_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("nianbao.toml"), "[limits]\ntext = \"64K\"\n").unwrap();
    let uri = format!("file://{}/big.txt", root.display());
    let mut c = server_on(&root);
    // Over the limit: one diagnostic and one message say why; nothing else.
    let keep = sample();
    let big = format!("{keep}{}", "附注：无。\n".repeat(8_000));
    c.open(&uri, &big);
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "input-limit");
    assert!(
        diags[0]["message"]
            .as_str()
            .unwrap()
            .contains("text = 64 KB")
    );
    let shown = c.wait_for("window/showMessage", |p| {
        p["message"].as_str().unwrap().contains("text = 64 KB")
    });
    assert_eq!(shown["type"], 2, "a warning");
    // Its text is kept: an edit that brings it under the limit is applied
    // where it belongs, and the report is checked again.
    let change_at = |c: &mut Client, version: i64, change: Value| {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
        )
    };
    let end = position(&big, big.len());
    change_at(
        &mut c,
        2,
        json!({"range": {"start": position(&big, keep.len()), "end": end}, "text": ""}),
    );
    assert_eq!(published(&c.diagnostics(&uri, 2)), expected(&keep));
    // And over again.
    let start = position(&keep, 0);
    change_at(
        &mut c,
        3,
        json!({"range": {"start": start, "end": start}, "text": big}),
    );
    let diags = c.diagnostics(&uri, 3);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["code"], "input-limit");
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn workspace_indexing_ends_despite_bombs_and_fifos() {
    use std::io::Write;
    let years =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/years/mismatching");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join("old")).unwrap();
    std::fs::copy(years.join("2022.md"), root.join("old/2022.md")).unwrap();
    // A FIFO named like a report (it blocked the indexing thread), a
    // gridSpan bomb and a colspan bomb.
    let fifo = std::ffi::CString::new(root.join("pipe.txt").to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(fifo.as_ptr(), 0o644) }, 0);
    let cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>"#;
    let row = format!("<w:tr>{}</w:tr>", cell.repeat(7_000));
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl>{}</w:tbl></w:body></w:document>"#,
        row.repeat(60)
    );
    let mut z = zip::ZipWriter::new(std::fs::File::create(root.join("bomb.docx")).unwrap());
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap();
    std::fs::write(
        root.join("bomb.html"),
        format!(
            "<table>{}</table>",
            "<tr><td colspan=1000>x</td></tr>".repeat(20_000)
        ),
    )
    .unwrap();
    let mut c = server_on(&root);
    c.wait_for_request("window/workDoneProgress/create");
    let end = c.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(
        end["value"]["message"], "找到 1 份报告（跳过 1 个非普通文件）",
        "{end}"
    );
    // Last year's report was indexed: this year's is compared with it.
    let uri = format!("file://{}/2023.md", root.display());
    c.open(
        &uri,
        &std::fs::read_to_string(years.join("2023.md")).unwrap(),
    );
    let diags = c.diagnostics(&uri, 1);
    assert!(
        diags.iter().any(|d| d["code"] == "carryover-mismatch"),
        "{diags:?}"
    );
    assert!(c.rss_kb() < 300 * 1024, "{} KB", c.rss_kb());
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn a_header_line_without_end_is_skipped_in_bounded_memory() {
    let mut c = server();
    // 64 MB of header without a line break: read and dropped as it comes.
    let chunk = vec![b'X'; 1 << 20];
    for _ in 0..64 {
        c.write_bytes(&chunk);
    }
    c.write_bytes(b"\r\n\r\n");
    let e = c.wait_for_error();
    assert_eq!(e["error"]["code"], -32700, "{e}");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("longer than")
    );
    // The stream is in step again.
    c.open(URI, &sample());
    assert!(c.diagnostics(URI, 1).is_empty());
    assert!(c.rss_kb() < 100 * 1024, "{} KB", c.rss_kb());
    assert_eq!(c.shutdown().0, Some(0));
}
