//! Fingerprints of findings (`analysis::fingerprint`): unique within a report,
//! the same when lines are inserted above a finding, and the same when the
//! report is read from its Word (.docx), web page (.html) or PDF version.

use nianbao::analysis::config::Config;
use nianbao::analysis::{analyze, fingerprint};
use std::path::{Path, PathBuf};

const REPORTS: [&str; 3] = [
    "dazhou-city-hrss-2023.md",
    "linwei-district-hrss-2023.txt",
    "xinxiang-city-hrss-2023.txt",
];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// (rule, fingerprint, message) of each finding of a text.
fn prints(text: &str) -> Vec<(String, String, String)> {
    let a = analyze(text, &Config::default());
    let fps = fingerprint::of_text(&a.report, &a.findings, text);
    a.findings
        .iter()
        .zip(fps)
        .map(|(f, fp)| (f.rule.to_string(), fp, f.message.clone()))
        .collect()
}

fn read(path: &Path) -> String {
    nianbao::input::text_of(
        Some(path),
        &std::fs::read(path).unwrap(),
        &nianbao::input::Limits::default(),
    )
    .unwrap()
}

/// Every report fixture of the repository (text and Markdown, with its
/// `.expected` findings).
fn all_fixtures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["corpus", "rules", "layouts", "years", "pdf-text"] {
        let Ok(entries) = std::fs::read_dir(fixtures().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            // A report fixture has its expected findings beside it (not so
            // the folders' notes, such as layouts/EXPECTED.md).
            let expected = p.with_extension(format!(
                "{}.expected",
                p.extension().and_then(|e| e.to_str()).unwrap_or("")
            ));
            let report = matches!(p.extension().and_then(|e| e.to_str()), Some("txt" | "md"));
            if report && expected.exists() {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() > 20, "fixtures not found");
    out
}

#[test]
fn the_same_when_read_from_word_or_a_web_page() {
    for r in REPORTS {
        let stem = Path::new(r).file_stem().unwrap().to_str().unwrap();
        let text = prints(&read(&fixtures().join("corpus").join(r)));
        assert!(!text.is_empty(), "{r}: no findings to compare");
        for kind in ["docx", "html"] {
            let doc = prints(&read(&fixtures().join(kind).join(format!("{stem}.{kind}"))));
            assert_eq!(text, doc, "{r} as .{kind}");
        }
    }
}

#[test]
fn the_same_when_read_from_a_pdf() {
    // The PDFs are made from the Word fixtures (tests/fixtures/pdf/make_pdf.py)
    // by LibreOffice and by Typst; the place of each finding is the same.
    let key = |v: Vec<(String, String, String)>| -> Vec<(String, String)> {
        v.into_iter().map(|(rule, fp, _)| (rule, fp)).collect()
    };
    for r in REPORTS {
        let stem = Path::new(r).file_stem().unwrap().to_str().unwrap();
        let text = key(prints(&read(&fixtures().join("corpus").join(r))));
        assert!(!text.is_empty(), "{r}: no findings to compare");
        for maker in ["libreoffice", "typst"] {
            let pdf = fixtures().join("pdf").join(format!("{stem}.{maker}.pdf"));
            assert_eq!(text, key(prints(&read(&pdf))), "{r} as {}", pdf.display());
        }
    }
}

/// Drops the last value of each of table 3's rows `rows` (a column lost over a
/// stretch of the table, as a PDF's page break does).
fn drop_last_cells(text: &str, rows: std::ops::Range<usize>) -> String {
    let a = analyze(text, &Config::default());
    let t3 = a.report.t3.as_ref().expect("table 3");
    let all: Vec<_> = t3.rows.iter().flatten().collect();
    let mut out = text.to_string();
    for row in all[rows].iter().rev() {
        let n = row.cells.len();
        assert_eq!(n, 7, "a full row to cut");
        let (prev, last) = (row.cells[n - 2].span, row.cells[n - 1].span);
        out.replace_range(prev.end..last.end, "");
    }
    out
}

#[test]
fn rows_reported_together_are_placed_at_their_table() {
    let text = read(&fixtures().join("corpus/xinxiang-city-hrss-2023.txt"));
    let grouped = |t: &str| -> Vec<String> {
        let a = analyze(t, &Config::default());
        let fps = fingerprint::of_text(&a.report, &a.findings, t);
        a.findings
            .iter()
            .zip(fps)
            .filter(|(f, _)| f.rule == "missing-cell")
            .map(|(f, fp)| {
                assert!(
                    !f.related.is_empty(),
                    "one finding for the run: {}",
                    f.message
                );
                fp
            })
            .collect()
    };
    let four = grouped(&drop_last_cells(&text, 5..9));
    let three = grouped(&drop_last_cells(&text, 6..9));
    assert_eq!(four.len(), 1, "{four:?}");
    // The run lost its first row (filled in): the same finding, the same print.
    assert_eq!(four, three);
}

#[test]
fn unique_within_a_report() {
    for p in all_fixtures() {
        let got = prints(&read(&p));
        let mut seen = std::collections::HashSet::new();
        for (rule, fp, msg) in &got {
            assert!(fingerprint::is_fingerprint(fp));
            assert!(
                seen.insert(fp),
                "{}: {rule} {msg}: fingerprint repeated",
                p.display()
            );
        }
    }
}

/// Three lines of prose (no numbers) inserted above `offset`: above its line,
/// or, inside a table, above the heading of the table's section.
fn insert_above(text: &str, offset: usize) -> String {
    let a = analyze(text, &Config::default());
    let r = &a.report;
    let in_table = [
        r.t2.as_ref().map(|t| t.span),
        r.t3.as_ref().map(|t| t.span),
        r.t4.as_ref().map(|t| t.span),
    ]
    .into_iter()
    .flatten()
    .find(|s| s.start <= offset && offset <= s.end);
    let at = match in_table {
        Some(t) => r
            .sections
            .iter()
            .filter(|s| s.line.start <= t.start)
            .map(|s| s.line.start)
            .next_back()
            .unwrap_or(r.lines.line_start(r.lines.line_of(t.start))),
        None => r.lines.line_start(r.lines.line_of(offset)),
    };
    let nl = r.line_ending;
    let lines =
        format!("这是新增的第一行说明。{nl}这是新增的第二行说明。{nl}这是新增的第三行说明。{nl}");
    format!("{}{lines}{}", &text[..at], &text[at..])
}

#[test]
fn the_same_after_three_lines_inserted_above_the_finding() {
    let mut checked = 0;
    for p in all_fixtures() {
        let text = read(&p);
        let a = analyze(&text, &Config::default());
        let before = fingerprint::of_text(&a.report, &a.findings, &text);
        for (f, fp) in a.findings.iter().zip(&before) {
            let moved = insert_above(&text, f.span.start);
            let after = prints(&moved);
            assert!(
                after.iter().any(|(rule, x, _)| rule == f.rule && x == fp),
                "{}: {} {} lost its fingerprint when 3 lines were inserted above it",
                p.display(),
                f.rule,
                f.message
            );
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} findings checked");
}

#[test]
fn the_same_when_the_paragraph_is_wrapped_differently() {
    let path = fixtures().join("corpus/xinxiang-city-hrss-2023.txt");
    let text = read(&path);
    let before = prints(&text);
    let claim = before
        .iter()
        .find(|(r, ..)| r == "narrative-mismatch")
        .expect("the corpus finding");
    // The sentence with "行政处罚 38 条" broken over two lines before its number.
    let at = text.find("38").unwrap();
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let cut = text[line_start..at]
        .char_indices()
        .map(|(i, _)| line_start + i)
        .nth(10)
        .unwrap();
    let wrapped = format!("{}\n{}", &text[..cut], &text[cut..]);
    let after = prints(&wrapped);
    assert!(
        after
            .iter()
            .any(|(r, fp, _)| r == &claim.0 && fp == &claim.1),
        "{after:?}"
    );
}
