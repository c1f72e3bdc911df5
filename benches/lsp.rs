//! Keystroke to diagnostics.
//!
//! - `keystroke/incremental`: one edit applied to an open document (rope +
//!   re-classification of the touched lines) and the report re-assembled and
//!   linted, in process; against `keystroke/full`: a full parse and lint of the
//!   same text, which is what a server without incremental parsing does.
//! - `roundtrip`: through the real server over stdio: `didChange` in,
//!   `publishDiagnostics` out (debounce 0), one digit typed or deleted.
//!
//! Inputs: a corpus report and a 1 MB synthetic report. Run with
//! `cargo bench --bench lsp`.

#[path = "../tests/support/lsp_client.rs"]
mod lsp_client;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use nianbao::analysis::{analyze, config::Config};
use nianbao::lsp::document::Document;
use serde_json::json;
use std::hint::black_box;
use std::time::Duration;

fn inputs() -> Vec<(&'static str, String)> {
    let corpus = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/corpus/xinxiang-city-hrss-2023.txt"
    ))
    .unwrap();
    vec![
        ("corpus", corpus),
        ("1MB", nianbao::analysis::template::synthetic(1_000_000)),
    ]
}

/// Where a keystroke lands: the 总计 cell of （七）总计 (a table cell, so the
/// edit touches a table and the re-check is real). Returns (line, char column).
fn cell_position(text: &str) -> (usize, usize) {
    let line = text
        .lines()
        .position(|l| {
            l.contains("总计")
                && l.contains('\t')
                && (l.starts_with("(七)") || l.starts_with("（七）"))
        })
        .expect("（七）总计 row");
    let col = text.lines().nth(line).unwrap().trim_end().chars().count();
    (line, col)
}

fn bench(c: &mut Criterion) {
    let config = Config::default();
    let mut g = c.benchmark_group("keystroke");
    g.warm_up_time(Duration::from_millis(500));
    for (name, text) in inputs() {
        let mut doc = Document::new(&text, 1);
        let (line, col) = cell_position(&text);
        let at = doc.rope().line_to_char(line) + col;
        let mut typed = false;
        let mut version = 1;
        g.bench_with_input(BenchmarkId::new("incremental", name), &(), |b, _| {
            b.iter(|| {
                // Type a digit, or delete it again: the text alternates.
                if typed {
                    doc.edit(at, at + 1, "");
                } else {
                    doc.edit(at, at, "9");
                }
                typed = !typed;
                version += 1;
                doc.version = version;
                black_box(doc.analysis(&config))
            })
        });
        g.bench_with_input(BenchmarkId::new("full", name), &text, |b, t| {
            b.iter(|| black_box(analyze(t, &config)))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("roundtrip");
    g.warm_up_time(Duration::from_millis(500));
    for (name, text) in inputs() {
        let mut client = lsp_client::Client::spawn();
        client.initialize(json!({}), json!({"debounceMs": 0}));
        let uri = "file:///tmp/nianbao-bench.txt";
        client.open(uri, &text);
        client.diagnostics(uri, 1);
        let (line, col) = cell_position(&text);
        let mut version = 1;
        let mut typed = false;
        g.bench_function(BenchmarkId::new("didChange->publishDiagnostics", name), |b| {
            b.iter(|| {
                version += 1;
                let change = if typed {
                    json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""})
                } else {
                    json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": "9"})
                };
                typed = !typed;
                client.notify("textDocument/didChange", json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}));
                black_box(client.diagnostics(uri, version))
            })
        });
        client.shutdown();
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
