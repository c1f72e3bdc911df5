//! The fuzz targets' properties (tests/support/fuzz_checks.rs) in the normal
//! test suite: on the seeds (every fixture, through every path of each target)
//! and on each input the fuzzer found, kept in
//! `tests/fuzz_regressions/<target>/` (see fuzz/README.md).

#[path = "support/fuzz_checks.rs"]
mod fuzz_checks;

use std::path::{Path, PathBuf};

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The report fixtures (text, Word, web pages), skipping expectations.
fn fixtures() -> Vec<PathBuf> {
    files_under(&root().join("tests/fixtures"))
        .into_iter()
        .filter(|p| {
            let n = p.to_string_lossy();
            !(n.ends_with(".expected")
                || n.ends_with(".py")
                || n.ends_with(".md") && n.contains("EXPECTED"))
        })
        .collect()
}

/// Runs `check` on every file of `tests/fuzz_regressions/<target>/`; returns how many.
fn regressions(target: &str, check: fn(&[u8])) -> usize {
    let files = files_under(&root().join("tests/fuzz_regressions").join(target));
    for f in &files {
        let data = std::fs::read(f).unwrap();
        let r = std::panic::catch_unwind(|| check(&data));
        assert!(r.is_ok(), "{} fails again", f.display());
    }
    files.len()
}

#[test]
fn parse_seeds_and_regressions() {
    let fixtures = fixtures();
    assert!(fixtures.len() >= 40, "{fixtures:?}");
    for f in &fixtures {
        let bytes = std::fs::read(f).unwrap();
        for mode in 0u8..8 {
            fuzz_checks::parse(&[&[mode][..], &bytes].concat());
        }
    }
    regressions("parse", fuzz_checks::parse);
}

/// The web pages and Word documents among the fixtures, and the hostile
/// pages of issue 16 (small versions), under a few limits each.
#[test]
fn reader_seeds_and_regressions() {
    let limits = [0u8, 0x3f, 0x7f, 0xff];
    for f in fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        let ext = f.extension().and_then(|e| e.to_str()).unwrap_or("");
        for b in limits {
            match ext {
                "html" => fuzz_checks::html_reader(&[&[b][..], &bytes].concat()),
                "docx" => {
                    let xml = document_xml(&bytes);
                    fuzz_checks::docx_reader(&[&[b][..], &xml].concat())
                }
                _ => {}
            }
        }
    }
    let hostile = [
        format!("{}x{}", "<div>".repeat(5_000), "</div>".repeat(5_000)),
        "<table>".to_string() + &"<tr><td colspan=1000>x</td></tr>".repeat(50),
        "<table><tr><td rowspan=0 colspan=1000>x".to_string() + &"<tr>".repeat(50),
        (0..300).map(|i| format!("<p><b id={i}>x")).collect(),
        format!(
            "<p {}>x",
            (0..500)
                .map(|i| format!("a{i}"))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        "x<!---->".repeat(5_000),
    ];
    for page in &hostile {
        for b in limits {
            fuzz_checks::html_reader(&[&[b][..], page.as_bytes()].concat());
        }
    }
    let cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>"#;
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
    let hostile = [
        format!(
            "<w:document {w}><w:body><w:tbl><w:tr>{}</w:tr></w:tbl></w:body></w:document>",
            cell.repeat(500)
        ),
        format!(
            "<w:document {w}><w:body>{}</w:body></w:document>",
            "<w:p/>".repeat(20_000)
        ),
        format!(
            "<w:document {w}><w:body>{}x{}</w:body></w:document>",
            "<w:tbl><w:tr><w:tc>".repeat(100),
            "</w:tc></w:tr></w:tbl>".repeat(100)
        ),
    ];
    for xml in &hostile {
        for b in limits {
            fuzz_checks::docx_reader(&[&[b][..], xml.as_bytes()].concat());
        }
    }
    regressions("html", fuzz_checks::html_reader);
    regressions("docx", fuzz_checks::docx_reader);
}

/// `word/document.xml` of a `.docx`, for the `docx` target's input.
fn document_xml(docx: &[u8]) -> Vec<u8> {
    use std::io::Read;
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(docx)).unwrap();
    let mut xml = Vec::new();
    z.by_name("word/document.xml")
        .unwrap()
        .read_to_end(&mut xml)
        .unwrap();
    xml
}

#[test]
fn pdf_seeds_and_regressions() {
    let pdfs: Vec<PathBuf> = fixtures()
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "pdf"))
        .collect();
    assert!(pdfs.len() >= 6, "{pdfs:?}");
    for f in &pdfs {
        let bytes = std::fs::read(f).unwrap();
        fuzz_checks::pdf(&[&[0u8][..], &bytes].concat());
        // Truncated copies: damaged files on the way.
        for cut in [bytes.len() / 4, bytes.len() / 2, bytes.len() - 100] {
            fuzz_checks::pdf(&[&[1u8][..], &bytes[..cut]].concat());
        }
    }
    regressions("pdf", fuzz_checks::pdf);
}

#[test]
fn fix_seeds_and_regressions() {
    for f in fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        if std::str::from_utf8(&bytes).is_ok() {
            fuzz_checks::fix_engine(&bytes);
        }
    }
    regressions("fix", fuzz_checks::fix_engine);
}

#[test]
fn edits_seeds_and_regressions() {
    // Each fixture with a short script of every kind of operation.
    let script: &[u8] = &[
        0, 0, 10, 0, 20, 0x80, // delete chars 10..20, insert "\n"
        1, 3, 2, 3, 200, 0x82, // UTF-16 range to past the line's end, insert "\r\n"
        2, 250, 0, 250, 9, 3, b'a', b'\r', b'b', // lines past the end
        0, 0, 5, 0, 5, 0x81, // a lone "\r"
        0, 0, 6, 0, 6, 0x80, // "\n" right after it
        3, 0x8A, // replace all
    ];
    for f in fixtures() {
        let bytes = std::fs::read(&f).unwrap();
        if std::str::from_utf8(&bytes).is_ok() {
            fuzz_checks::edits(&[&bytes[..], &[fuzz_checks::EDITS_SEP], script].concat());
        }
    }
    regressions("edits", fuzz_checks::edits);
}

#[test]
fn map_span_follows_the_edits() {
    use nianbao::analysis::finding::Edit;
    use nianbao::analysis::text::Span;
    // "ab8cd" with the "8" replaced by "17" and "X" inserted at 0 and 5.
    let edits = vec![
        Edit::insert(0, "X"),
        Edit::replace(Span::new(2, 3), "17"),
        Edit::insert(5, "YY"),
    ];
    let m = |s, e| fuzz_checks::map_span(&edits, Span::new(s, e));
    assert_eq!(m(2, 3), Span::new(3, 5), "the replaced cell");
    assert_eq!(
        m(0, 0),
        Span::new(0, 1),
        "an insertion point covers the insertion"
    );
    assert_eq!(m(3, 4), Span::new(5, 6), "after the replacement");
    assert_eq!(m(5, 5), Span::new(7, 9));
    assert_eq!(
        m(1, 2),
        Span::new(2, 3),
        "ends where the replacement starts"
    );
}
