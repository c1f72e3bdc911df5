//! `nianbao check --fix` on Word documents.
//!
//! The broken copies of the corpus fixtures (`tests/fixtures/docx/broken/`,
//! made by `make_broken.py`) are fixed by the real binary; then:
//! - the fixed document reads as the text fix of its text (no finding a safe
//!   fix repairs is left), and a second `--fix` changes nothing;
//! - every zip entry but `word/document.xml` is the same, byte for byte
//!   (local header, data, central record but its offset), in the same order;
//! - python-docx reads the repaired values back, with the runs' formatting;
//! - LibreOffice converts the fixed document to PDF (and to text, which
//!   holds the repairs).
//!
//! A property test does the same on random documents (random runs, empty
//! cells, formatting, extra entries stored or deflated).
//!
//! python-docx and LibreOffice come from `scripts/install-test-tools.sh`
//! (`./scripts/test-all.sh` runs it). Under `CI=true` a missing tool fails
//! the test that needs it; elsewhere that test is skipped with a message.

use nianbao::analysis::config::Config;
use nianbao::analysis::{analyze, fix};
use nianbao::cli::check::fix_text;
use nianbao::input::docx;
use nianbao::input::docx_write::{self, DocEdit};
use proptest::prelude::*;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const DOCUMENT: &str = "word/document.xml";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn broken(name: &str) -> PathBuf {
    root().join("tests/fixtures/docx/broken").join(name)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao")
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn in_ci() -> bool {
    nianbao::cli::progress::in_ci(std::env::var_os("CI").as_deref())
}

/// `found`, or: under CI a failure, elsewhere `None` after saying what is
/// skipped.
fn need<T>(found: Option<T>, what: &str) -> Option<T> {
    if found.is_none() {
        assert!(
            !in_ci(),
            "{what} is required under CI (scripts/install-test-tools.sh installs it)"
        );
        eprintln!("SKIPPED: {what} is not installed (scripts/install-test-tools.sh)");
    }
    found
}

/// The Python of `.tools/py` (or `NIANBAO_PYTHON`) if it has python-docx.
fn python_docx() -> Option<PathBuf> {
    let p = std::env::var_os("NIANBAO_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join(".tools/py/bin/python"));
    let ok = Command::new(&p)
        .args(["-c", "import docx"])
        .output()
        .is_ok_and(|o| o.status.success());
    ok.then_some(p)
}

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

/// An entry of a zip archive as it is stored.
#[derive(Debug, PartialEq)]
struct RawEntry {
    name: String,
    /// Local header, data and what follows up to the next entry.
    local: Vec<u8>,
    /// The central directory record without its local header offset.
    central: Vec<u8>,
}

fn raw_entries(bytes: &[u8]) -> Vec<RawEntry> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut starts: Vec<u64> = (0..z.len())
        .map(|i| z.by_index_raw(i).unwrap().header_start())
        .collect();
    let cd = (0..z.len())
        .map(|i| z.by_index_raw(i).unwrap().central_header_start())
        .min()
        .unwrap();
    starts.sort();
    (0..z.len())
        .map(|i| {
            let f = z.by_index_raw(i).unwrap();
            let start = f.header_start();
            let next = starts.iter().copied().find(|s| *s > start).unwrap_or(cd);
            let c = f.central_header_start() as usize;
            let u16_at = |at: usize| u16::from_le_bytes([bytes[at], bytes[at + 1]]) as usize;
            let len = 46 + u16_at(c + 28) + u16_at(c + 30) + u16_at(c + 32);
            let mut central = bytes[c..c + len].to_vec();
            central[42..46].fill(0);
            RawEntry {
                name: f.name().to_string(),
                local: bytes[start as usize..next as usize].to_vec(),
                central,
            }
        })
        .collect()
}

/// Every entry but `word/document.xml` is identical, in the same order.
fn assert_untouched(before: &[u8], after: &[u8]) {
    let (a, b) = (raw_entries(before), raw_entries(after));
    let names = |v: &[RawEntry]| v.iter().map(|e| e.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&a), names(&b), "entries and their order");
    for (x, y) in a.iter().zip(&b) {
        if x.name != DOCUMENT {
            assert_eq!(x, y, "{} changed", x.name);
        }
    }
}

/// The lines of a text without the blank ones (a document has no blank
/// lines where the text fix inserts them after a heading).
fn content_lines(text: &str) -> Vec<&str> {
    text.lines().filter(|l| !l.trim().is_empty()).collect()
}

/// Fixes a copy of `name` with the binary; returns the copy, the output.
fn fix_copy(dir: &Path, name: &str) -> (PathBuf, Output) {
    let p = dir.join(name);
    std::fs::copy(broken(name), &p).unwrap();
    let o = run(&["check", "--fix", p.to_str().unwrap()]);
    (p, o)
}

#[test]
fn broken_totals_headings_and_digits_are_fixed_in_the_document() {
    let dir = tempfile::tempdir().unwrap();
    for (name, fixed, left) in [
        ("xinxiang-city-hrss-2023-broken.docx", 7, 1),
        ("dazhou-city-hrss-2023-broken.docx", 10, 0),
    ] {
        let before = std::fs::read(broken(name)).unwrap();
        let (p, o) = fix_copy(dir.path(), name);
        let s = out(&o);
        assert_eq!(o.status.code(), Some(0), "{s}");
        assert!(
            s.contains(&format!("{name}: 已修复 {fixed} 处，剩余 {left} 个问题")),
            "{s}"
        );
        let after = std::fs::read(&p).unwrap();
        assert_untouched(&before, &after);
        // The document reads as the text fix of its text.
        let text = docx::convert(&before, &nianbao::input::Limits::DEFAULT)
            .unwrap()
            .text;
        let (expected, ..) = fix_text(&text, &Config::default());
        let got = docx::convert(&after, &nianbao::input::Limits::DEFAULT)
            .unwrap()
            .text;
        assert_eq!(content_lines(&got), content_lines(&expected));
        // Only findings without a safe fix are left.
        let a = analyze(&got, &Config::default());
        assert!(fix::fix_all(&a.report, &a.findings).is_empty());
        // A second run changes nothing.
        let o = run(&["check", "--fix", p.to_str().unwrap()]);
        assert!(!out(&o).contains("已修复"), "{}", out(&o));
        assert_eq!(std::fs::read(&p).unwrap(), after);
    }
}

#[test]
fn a_heading_inside_a_table_is_left_to_the_user_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("linwei.docx");
    let src = root().join("tests/fixtures/docx/linwei-district-hrss-2023.docx");
    std::fs::copy(&src, &p).unwrap();
    let o = run(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let s = out(&o);
    assert!(
        s.contains("修复：插入标题「三、收到和处理政府信息公开申请情况」；Word 文档中未自动修复：需要在表格中间插入段落（需人工确认）"),
        "{s}"
    );
    assert!(!s.contains("已修复"), "{s}");
    assert_eq!(std::fs::read(&p).unwrap(), std::fs::read(&src).unwrap());
    // In JSON the fix is not safe.
    let o = run(&["check", "--fix", "--format", "json", p.to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let heading = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "missing-section")
        .unwrap()
        .clone();
    assert_eq!(heading["fixes"][0]["safe"], false, "{heading}");
}

#[test]
fn documents_fix_cannot_rewrite_are_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(broken("dazhou-city-hrss-2023-broken.docx")).unwrap();
    let docm = dir.path().join("报告.docm");
    std::fs::write(&docm, &good).unwrap();
    // A flipped byte in an image of the package (not read to check it).
    let mut damaged = good.clone();
    let thumb = raw_entries(&good)
        .iter()
        .position(|e| e.name == "docProps/thumbnail.jpeg")
        .unwrap();
    let mut z = zip::ZipArchive::new(Cursor::new(&good)).unwrap();
    let at = z.by_index_raw(thumb).unwrap().data_start().unwrap() as usize + 10;
    damaged[at] ^= 0xFF;
    let bad = dir.path().join("损坏.docx");
    std::fs::write(&bad, &damaged).unwrap();
    for (p, msg) in [
        (&docm, "未修复：这是启用宏的 Word 文档或模板（.docm/.dotm）"),
        (&bad, "未修复：Word 文档已损坏或不完整"),
    ] {
        let before = std::fs::read(p).unwrap();
        let o = run(&["check", "--fix", p.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2));
        let e = String::from_utf8_lossy(&o.stderr);
        assert!(e.contains(&format!("{}: {msg}", p.display())), "{e}");
        assert_eq!(std::fs::read(p).unwrap(), before);
        // Its findings are still shown.
        assert!(out(&o).contains("missing-section"), "{}", out(&o));
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_document_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.docx");
    std::fs::copy(broken("dazhou-city-hrss-2023-broken.docx"), &p).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&p).unwrap();
    let o = run(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("文件是只读的，未写入修复"));
    assert_eq!(std::fs::read(&p).unwrap(), before);
}

/// What python-docx reads in a fixed document (JSON).
const READ_BACK: &str = r#"
import json, sys, docx
d = docx.Document(sys.argv[1])
def texts(el):
    return "".join(el.xpath(".//w:t/text()"))
out = {"paragraphs": [], "cells": {}}
for p in d.paragraphs:
    if p.text.strip():
        out["paragraphs"].append({
            "text": p.text, "style": p.style.name,
            "runs": [[r.text, bool(r.bold), str(r.font.color.rgb) if r.font.color.type else None,
                      r.font.size.pt if r.font.size else None] for r in p.runs]})
for t in d.tables:
    for tr in t._tbl.xpath("./w:tr"):
        tcs = tr.xpath("./w:tc")
        label = " ".join(texts(tc) for tc in tcs if texts(tc).strip() and not texts(tc).strip().isdigit())
        out["cells"].setdefault(label, []).append([
            [[texts(r), bool(r.xpath("./w:rPr/w:b")),
              r.xpath("string(./w:rPr/w:sz/@w:val)")] for r in tc.xpath(".//w:r")]
            for tc in tcs])
print(json.dumps(out, ensure_ascii=False))
"#;

fn read_back(python: &Path, docx: &Path) -> serde_json::Value {
    let o = Command::new(python)
        .args(["-c", READ_BACK, docx.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    serde_json::from_slice(&o.stdout).unwrap()
}

#[test]
fn python_docx_reads_the_repaired_values_and_formatting() {
    let Some(python) = need(python_docx(), "python-docx") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (p, o) = fix_copy(dir.path(), "xinxiang-city-hrss-2023-broken.docx");
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let v = read_back(&python, &p);
    let paragraph = |start: &str| {
        v["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["text"].as_str().unwrap().starts_with(start))
            .unwrap_or_else(|| panic!("no paragraph {start}: {v}"))
            .clone()
    };
    // The heading's wording repaired in its second run; "五、" stays red.
    let h5 = paragraph("五、");
    assert_eq!(h5["text"], "五、存在的主要问题及改进情况");
    assert_eq!(h5["runs"][0][0], "五、");
    assert_eq!(h5["runs"][0][2], "C00000");
    assert_eq!(h5["runs"][1][0], "存在的主要问题及改进情况");
    assert_eq!(h5["runs"][1][1], true);
    // The lost heading is back, formatted as its neighbour heading.
    let (h3, h4) = (paragraph("三、"), paragraph("四、"));
    assert_eq!(h4["text"], "四、政府信息公开行政复议、行政诉讼情况");
    assert_eq!(
        (&h4["style"], &h4["runs"][0][1]),
        (&h3["style"], &h3["runs"][0][1])
    );
    // Cells: (row label → its cells → runs [text, bold, size]).
    let row = |label: &str| v["cells"][label][0].clone();
    let total = |label: &str| {
        let r = row(label);
        let cells = r.as_array().unwrap();
        cells
            .iter()
            .rev()
            .find(|c| !c.as_array().unwrap().is_empty())
            .unwrap()
            .clone()
    };
    assert_eq!(total("三、本年度办理结果 (一) 予以公开")[0][0], "11");
    assert_eq!(row("(七) 总计")[1][0][0], "14");
    // Full-width "１３" in two runs: "13" in the first (bold) run.
    let t2 = total("行政规范性文件");
    assert_eq!(t2[0], serde_json::json!(["13", true, ""]));
    assert_eq!(t2[1][0], "");
    // The blank total took the 9 pt of its paragraph mark.
    assert_eq!(
        total("(三) 不予公开 1.属于国家秘密")[0],
        serde_json::json!(["0", false, "18"])
    );
    let t4 = v["cells"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.is_empty());
    let last_row = t4.unwrap().1.as_array().unwrap().last().unwrap().clone();
    assert_eq!(last_row[4][0][0], "0", "{last_row}");
}

#[test]
fn libreoffice_converts_the_fixed_documents() {
    let Some(soffice) = need(soffice(), "LibreOffice (soffice)") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let (p, _) = fix_copy(dir.path(), "xinxiang-city-hrss-2023-broken.docx");
    let (q, _) = fix_copy(dir.path(), "dazhou-city-hrss-2023-broken.docx");
    let outdir = dir.path().join("out");
    // A profile of its own, so that a running LibreOffice does not interfere.
    let profile = format!("-env:UserInstallation=file://{}/lo", dir.path().display());
    for (target, ext) in [("pdf", "pdf"), ("txt:Text (encoded):UTF8", "txt")] {
        let o = Command::new(&soffice)
            .args([&profile, "--headless", "--convert-to", target, "--outdir"])
            .arg(&outdir)
            .args([&p, &q])
            .output()
            .unwrap();
        assert!(
            o.status.success(),
            "{}{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        for f in [&p, &q] {
            let made = outdir.join(f.with_extension(ext).file_name().unwrap());
            let bytes = std::fs::read(&made).unwrap_or_else(|e| panic!("{}: {e}", made.display()));
            if ext == "pdf" {
                assert!(bytes.starts_with(b"%PDF") && bytes.len() > 10_000);
            }
        }
    }
    let text =
        std::fs::read_to_string(outdir.join(p.with_extension("txt").file_name().unwrap())).unwrap();
    for s in [
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
    ] {
        assert!(text.contains(s), "{s} not in LibreOffice's text: {text}");
    }
    let text =
        std::fs::read_to_string(outdir.join(q.with_extension("txt").file_name().unwrap())).unwrap();
    assert!(text.contains("二、主动公开政府信息情况"), "{text}");
}

// ---------------------------------------------------------------------------
// Random documents.

/// One way of writing a cell or paragraph's text as runs.
#[derive(Clone, Debug)]
enum Runs {
    One,
    /// Split at a char index, the first run bold.
    Split(usize),
    /// `<w:p/>` when empty.
    EmptyElement,
}

fn runs_xml(text: &str, how: &Runs) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;");
    let t = |s: &str| format!("<w:t xml:space=\"preserve\">{}</w:t>", esc(s));
    match how {
        _ if text.is_empty() => String::new(),
        Runs::One | Runs::EmptyElement => format!("<w:r>{}</w:r>", t(text)),
        Runs::Split(k) => {
            let k = text
                .char_indices()
                .nth(*k % text.chars().count())
                .map_or(0, |(i, _)| i);
            let (a, b) = text.split_at(k);
            let mut s = String::new();
            if !a.is_empty() {
                s.push_str(&format!("<w:r><w:rPr><w:b/></w:rPr>{}</w:r>", t(a)));
            }
            if !b.is_empty() {
                s.push_str(&format!(
                    "<w:r><w:rPr><w:sz w:val=\"21\"/></w:rPr>{}</w:r>",
                    t(b)
                ));
            }
            s
        }
    }
}

fn para_xml(text: &str, how: &Runs) -> String {
    if text.is_empty() && matches!(how, Runs::EmptyElement) {
        return "<w:p/>".to_string();
    }
    format!("<w:p>{}</w:p>", runs_xml(text, how))
}

/// A .docx of a report text: tab-separated lines as table rows (consecutive
/// ones one table), other lines as paragraphs; `ways` picks how each piece
/// of text is written; `extra` entries are added after the document, some
/// stored, some deflated.
fn document(text: &str, ways: &[Runs], extra: &[(String, Vec<u8>, bool)], stored: bool) -> Vec<u8> {
    let mut body = String::new();
    let mut in_table = false;
    let mut k = 0;
    let mut way = || {
        k += 1;
        ways[k % ways.len()].clone()
    };
    for line in text.lines() {
        if line.contains('\t') {
            if !in_table {
                body.push_str("<w:tbl>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for cell in line.split('\t') {
                body.push_str(&format!("<w:tc>{}</w:tc>", para_xml(cell, &way())));
            }
            body.push_str("</w:tr>");
            continue;
        }
        if in_table {
            body.push_str("</w:tbl>");
            in_table = false;
        }
        body.push_str(&para_xml(line, &way()));
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let method = |s: bool| {
        if s {
            zip::CompressionMethod::Stored
        } else {
            zip::CompressionMethod::Deflated
        }
    };
    let o = |s| zip::write::SimpleFileOptions::default().compression_method(method(s));
    w.start_file("[Content_Types].xml", o(false)).unwrap();
    w.write_all(b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        .unwrap();
    w.start_file(DOCUMENT, o(stored)).unwrap();
    w.write_all(xml.as_bytes()).unwrap();
    for (name, data, s) in extra {
        w.start_file(name.as_str(), o(*s)).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A corpus report with some cells broken the way fixes repair: totals
/// changed or blanked, digits made full-width.
fn broken_text(seed: &[(usize, u8)]) -> String {
    let reports = [
        "tests/fixtures/corpus/xinxiang-city-hrss-2023.txt",
        "tests/fixtures/corpus/linwei-district-hrss-2023.txt",
        "tests/fixtures/corpus/dazhou-city-hrss-2023.md",
    ];
    let pick = seed.first().map_or(0, |s| s.0) % reports.len();
    let text = std::fs::read_to_string(root().join(reports[pick])).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (at, what) in seed {
        let n = lines.len();
        let line = &mut lines[at % n];
        if !line.contains('\t') {
            continue;
        }
        let mut cells: Vec<String> = line.split('\t').map(str::to_string).collect();
        let numbers: Vec<usize> = (0..cells.len())
            .filter(|i| cells[*i].trim().parse::<u32>().is_ok())
            .collect();
        let Some(&i) = numbers.get(*at % numbers.len().max(1)) else {
            continue;
        };
        cells[i] = match what % 4 {
            0 => String::new(),
            1 => format!("{}", at % 97),
            2 => cells[i]
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
            _ => format!("{}件", cells[i]),
        };
        *line = cells.join("\t");
    }
    lines.join("\n") + "\n"
}

fn edits_of(text: &str) -> Vec<DocEdit> {
    let a = analyze(text, &Config::default());
    fix::fix_all(&a.report, &a.findings)
        .into_iter()
        .map(|edit| DocEdit { edit, like: None })
        .collect()
}

fn runs_strategy() -> impl Strategy<Value = Runs> {
    prop_oneof![
        Just(Runs::One),
        (0usize..8).prop_map(Runs::Split),
        Just(Runs::EmptyElement),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// --fix on random valid documents: every other entry stays identical,
    /// the document reads as fixed text, and a second fix changes nothing.
    #[test]
    fn fix_keeps_every_untouched_entry(
        seed in prop::collection::vec((0usize..400, 0u8..8), 1..8),
        ways in prop::collection::vec(runs_strategy(), 1..6),
        extra in prop::collection::vec(
            ("[a-z]{1,8}", prop::collection::vec(any::<u8>(), 0..300), any::<bool>()), 0..4),
        stored in any::<bool>(),
    ) {
        let text = broken_text(&seed);
        let extra: Vec<(String, Vec<u8>, bool)> = extra
            .into_iter()
            .enumerate()
            .map(|(i, (n, d, s))| (format!("word/media/{n}{i}.bin"), d, s))
            .collect();
        let bytes = document(&text, &ways, &extra, stored);
        let before = docx::convert(&bytes, &nianbao::input::Limits::DEFAULT).unwrap();
        let fixed = docx_write::fix(&bytes, &nianbao::input::Limits::DEFAULT, edits_of).unwrap();
        if fixed.applied == 0 {
            prop_assert_eq!(&fixed.bytes, &bytes);
        } else {
            assert_untouched(&bytes, &fixed.bytes);
            prop_assert_ne!(&before.text, &fixed.document.text);
        }
        prop_assert_eq!(&docx::convert(&fixed.bytes, &nianbao::input::Limits::DEFAULT).unwrap().text, &fixed.document.text);
        // What is left is refused, not pending: a second fix changes nothing.
        let again = docx_write::fix(&fixed.bytes, &nianbao::input::Limits::DEFAULT, edits_of).unwrap();
        prop_assert_eq!(again.applied, 0);
        prop_assert_eq!(&again.bytes, &fixed.bytes);
    }
}
