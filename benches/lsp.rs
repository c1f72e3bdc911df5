//! Keystroke to diagnostics.
//!
//! - `keystroke/incremental`: one edit applied to an open document (rope +
//!   re-classification of the touched lines) and the report re-assembled and
//!   linted, in process; against `keystroke/full`: a full parse and lint of the
//!   same text, which is what a server without incremental parsing does.
//! - `roundtrip`: through the real server over stdio: `didChange` in,
//!   `publishDiagnostics` out (debounce 0), one digit typed or deleted.
//!
//! - `positions`: the ranges of all the diagnostics of a 1 MB narrative-heavy
//!   report (the corpus report's narrative repeated: some 350 diagnostics
//!   spread over the text), in one walk (`spans_to_ranges`, what the server
//!   does) against one conversion per position (`span_to_range` each).
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

/// The corpus report with its narrative (section 一's paragraphs) repeated
/// to about 1 MB (as `bench/keystroke.py` makes it).
fn narrative_1mb(report: &str) -> String {
    let lines: Vec<&str> = report.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("一、")).unwrap();
    let end = lines.iter().position(|l| l.starts_with("二、")).unwrap();
    let prose = lines[start + 1..end].concat();
    let times = 1_000_000 / prose.len() + 1;
    lines[..=start].concat() + &prose.repeat(times) + &lines[end..].concat()
}

fn positions(c: &mut Criterion) {
    use nianbao::lsp::convert::{Encoding, span_to_range, spans_to_ranges};
    let text = narrative_1mb(&inputs()[0].1);
    let a = analyze(&text, &Config::default());
    let spans: Vec<_> = a
        .findings
        .iter()
        .flat_map(|f| std::iter::once(f.span).chain(f.related.iter().map(|r| r.span)))
        .collect();
    let rope = ropey::Rope::from_str(&text);
    let mut g = c.benchmark_group("positions");
    g.warm_up_time(Duration::from_millis(500));
    let name = format!("1MB-narrative-{}-spans", spans.len());
    g.bench_function(BenchmarkId::new("one-walk", &name), |b| {
        b.iter(|| black_box(spans_to_ranges(&rope, &spans, Encoding::Utf16)))
    });
    g.bench_function(BenchmarkId::new("each", &name), |b| {
        b.iter(|| {
            let ranges: Vec<_> = spans
                .iter()
                .map(|&s| span_to_range(&rope, s, Encoding::Utf16))
                .collect();
            black_box(ranges)
        })
    });
    g.finish();
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

criterion_group!(benches, positions, bench);
criterion_main!(benches);
