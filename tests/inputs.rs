//! Word (.docx) and web page (.html) inputs.
//!
//! The fixtures in `tests/fixtures/docx/` and `tests/fixtures/html/` are made
//! from the corpus reports (`make_docx.py`, `make_html.py`): on each, nianbao
//! must find exactly what it finds on the text version of the same report (same
//! rules, messages and fixes; only the locations differ), and the locations must
//! name the cell or paragraph of the document. Broken documents give a clear
//! error naming the file and exit code 2, and the other files are still checked.

use nianbao::analysis::analyze;
use nianbao::analysis::config::{Config, Lang};
use nianbao::input::{self, Document, InputError, decode};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPORTS: [&str; 3] = [
    "dazhou-city-hrss-2023.md",
    "linwei-district-hrss-2023.txt",
    "xinxiang-city-hrss-2023.txt",
];

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

/// The fixture of `kind` ("docx" or "html") made from a corpus report.
fn made_from(report: &str, kind: &str) -> PathBuf {
    let stem = Path::new(report).file_stem().unwrap().to_str().unwrap();
    fixture(kind, &format!("{stem}.{kind}"))
}

/// The findings of a text without their locations: severity, rule, message,
/// and each fix's title and safety.
fn findings(text: &str) -> Vec<String> {
    analyze(text, &Config::default())
        .findings
        .iter()
        .map(|f| {
            let fixes: Vec<String> = f
                .fixes
                .iter()
                .map(|x| format!("{}{}", x.title, if x.safe { " (safe)" } else { "" }))
                .collect();
            format!(
                "{}[{}] {} | {}",
                f.severity.as_str(),
                f.rule,
                f.message,
                fixes.join("; ")
            )
        })
        .collect()
}

fn text_version(report: &str) -> String {
    let bytes = std::fs::read(fixture("corpus", report)).unwrap();
    decode::decode(&bytes).unwrap().text
}

fn convert(path: &Path) -> Document {
    let bytes = std::fs::read(path).unwrap();
    let converted = match path.extension().and_then(|e| e.to_str()) {
        Some("docx") => input::docx::convert(&bytes, &nianbao::input::Limits::default()),
        _ => input::html::convert(&bytes, &nianbao::input::Limits::default()),
    };
    converted.unwrap_or_else(|e| panic!("{}: {e:?}", path.display()))
}

fn assert_same_findings(kind: &str) {
    for report in REPORTS {
        let expected = findings(&text_version(report));
        let path = made_from(report, kind);
        let doc = convert(&path);
        let actual = findings(&doc.text);
        assert_eq!(
            actual,
            expected,
            "{}: findings differ from those of {report}\n--- text read from it:\n{}",
            path.display(),
            doc.text
        );
    }
    // The corpus has reports with and without findings: the comparison is not
    // between two empty lists.
    let counts: Vec<usize> = REPORTS
        .iter()
        .map(|r| findings(&text_version(r)).len())
        .collect();
    assert_eq!(counts, [1, 7, 1]);
}

/// The table rows of a text: its lines with a TAB.
fn table_rows(text: &str) -> Vec<&str> {
    text.lines().filter(|l| l.contains('\t')).collect()
}

#[test]
fn table_rows_read_cell_by_cell_are_the_rows_they_were_made_from() {
    // Merged cells (gridSpan, vMerge, rowspan, colspan), rows that end early,
    // <br> and <p> in cells, &nbsp; cells: each row reads back as the line of
    // the text report it was made from.
    for report in REPORTS {
        let text = text_version(report);
        for kind in ["docx", "html"] {
            let doc = convert(&made_from(report, kind));
            assert_eq!(
                table_rows(&doc.text),
                table_rows(&text),
                "{report} as {kind}"
            );
        }
    }
}

#[test]
fn docx_fixtures_give_the_findings_of_their_text_versions() {
    assert_same_findings("docx");
}

#[test]
fn html_fixtures_give_the_findings_of_their_text_versions() {
    assert_same_findings("html");
}

/// Locations of the findings of a document, in order, as the user reads them.
fn locations(doc: &Document, lang: Lang) -> Vec<(String, String)> {
    let a = analyze(&doc.text, &Config::with_lang(lang));
    a.findings
        .iter()
        .map(|f| {
            (
                doc.map.describe(f.span.start, Some(&a.report), lang),
                f.message.clone(),
            )
        })
        .collect()
}

/// Locations of the places related to each finding, in order.
fn related_locations(doc: &Document, lang: Lang) -> Vec<Vec<String>> {
    let a = analyze(&doc.text, &Config::with_lang(lang));
    a.findings
        .iter()
        .map(|f| {
            f.related
                .iter()
                .map(|r| doc.map.describe(r.span.start, Some(&a.report), lang))
                .collect()
        })
        .collect()
}

#[test]
fn locations_name_the_cell_in_the_document() {
    // Counted by hand in the Word document made from dazhou-city-hrss-2023.md:
    // its second table (section 三's) has three header rows, then 一、, 二、,
    // （一）, （二）, 1.–8. of （三）: the row of （四）1. is the 16th; its
    // cells are three labels, six numbers and the empty 总计, the 10th.
    for kind in ["docx", "html"] {
        let doc = convert(&made_from(REPORTS[0], kind));
        let locs = locations(&doc, Lang::Zh);
        assert_eq!(locs[0].0, "表三 第16行 第10列", "{kind}");
        assert!(
            locs[0]
                .1
                .starts_with("表三「（四）无法提供 1.本机关不掌握相关政府信息」至"),
            "{kind}: {}",
            locs[0].1
        );
        // The nine empty 总计 cells are one finding: the other eight are its
        // related places, the last one in the 24th row.
        let related = related_locations(&doc, Lang::Zh);
        assert_eq!(related[0].len(), 8, "{kind}");
        assert_eq!(related[0][7], "表三 第24行 第10列", "{kind}");
        // In the linwei report the row of （三）1. lost its 总计: the finding is
        // at its label, the third cell of the 6th row of the first table.
        let doc = convert(&made_from(REPORTS[1], kind));
        let locs = locations(&doc, Lang::En);
        let (loc, msg) = locs
            .iter()
            .find(|(_, m)| m.contains("属于国家秘密"))
            .unwrap();
        assert_eq!(
            loc, "table #1 of the document, row 6, column 3",
            "{kind}: {msg}"
        );
    }
}

// ---- documents made in the tests ------------------------------------------

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A minimal .docx of a report text: tab-separated lines become table rows
/// (consecutive ones one table), other lines paragraphs.
fn docx_of(text: &str) -> Vec<u8> {
    docx_with(text, false)
}

/// The section headings' "一、"…"六、" as Word's automatic numbering, the way
/// Word and WPS turn a typed "一、" into a list.
const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;

const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

fn docx_with(text: &str, numbered_headings: bool) -> Vec<u8> {
    let mut body = String::new();
    let mut in_table = false;
    for line in text.lines() {
        if line.contains('\t') {
            if !in_table {
                body.push_str("<w:tbl><w:tblPr/>");
                in_table = true;
            }
            body.push_str("<w:tr>");
            for cell in line.split('\t') {
                body.push_str(&format!(
                    "<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p></w:tc>",
                    xml_escape(cell)
                ));
            }
            body.push_str("</w:tr>");
            continue;
        }
        if in_table {
            body.push_str("</w:tbl>");
            in_table = false;
        }
        let heading = SECTIONS
            .iter()
            .find(|h| line == **h)
            .and_then(|h| h.split_once('、'))
            .map(|(_, rest)| rest)
            .filter(|_| numbered_headings);
        match heading {
            Some(rest) => body.push_str(&format!(
                "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>",
                xml_escape(rest)
            )),
            None => body.push_str(&format!(
                "<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>",
                xml_escape(line)
            )),
        }
    }
    if in_table {
        body.push_str("</w:tbl>");
    }
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", opts).unwrap();
    w.write_all(b"<Types/>").unwrap();
    w.start_file("word/document.xml", opts).unwrap();
    w.write_all(xml.as_bytes()).unwrap();
    if numbered_headings {
        w.start_file("word/numbering.xml", opts).unwrap();
        w.write_all(NUMBERING.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn automatically_numbered_headings_are_read_with_their_numbers() {
    let sample = nianbao::analysis::template::sample();
    assert!(findings(&sample).is_empty());
    let doc = input::docx::convert(
        &docx_with(&sample, true),
        &nianbao::input::Limits::default(),
    )
    .unwrap();
    assert_eq!(findings(&doc.text), Vec::<String>::new(), "{}", doc.text);
    for heading in ["一、总体情况", "六、其他需要报告的事项"] {
        assert!(doc.text.lines().any(|l| l == heading), "{heading}");
    }
    // The document really holds the headings without their numbers: without
    // its numbering part, the same document reads differently.
    let numbered = docx_with(&sample, true);
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&numbered)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(!xml.contains("一、总体情况") && xml.contains(">总体情况<"));
    let mut bare = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    bare.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    bare.write_all(xml.as_bytes()).unwrap();
    let bare = bare.finish().unwrap().into_inner();
    let without = input::docx::convert(&bare, &nianbao::input::Limits::default()).unwrap();
    assert!(without.text.lines().any(|l| l == "总体情况"));
    assert!(
        findings(&without.text).len() >= 6,
        "{:?}",
        findings(&without.text)
    );
}

/// The sample report with section 五's heading in a non-standard wording.
fn report_with_paragraph_finding() -> String {
    let sample = nianbao::analysis::template::sample();
    assert!(sample.contains("五、存在的主要问题及改进情况"));
    sample.replace(
        "五、存在的主要问题及改进情况",
        "五、政府信息公开工作存在的主要问题及改进情况",
    )
}

#[test]
fn findings_in_paragraphs_name_the_paragraph() {
    let text = report_with_paragraph_finding();
    let doc = input::docx::convert(&docx_of(&text), &nianbao::input::Limits::default()).unwrap();
    let locs = locations(&doc, Lang::Zh);
    assert_eq!(locs.len(), 1, "{locs:?}");
    let (loc, msg) = &locs[0];
    assert!(msg.contains("五、"), "{msg}");
    // Paragraphs are counted without the empty ones and the table rows.
    let index = text
        .lines()
        .filter(|l| !l.contains('\t') && !l.trim().is_empty())
        .position(|l| l.starts_with("五、"))
        .unwrap()
        + 1;
    assert_eq!(loc, &format!("第{index}段「五、政府信息公开工作存在…」"));
    assert_eq!(
        findings(&doc.text),
        findings(&text),
        "same findings as the text"
    );
}

#[test]
fn broken_documents_give_clear_errors() {
    let good = docx_of("一、总体情况");
    let no_document = {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        w.start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(b"<styles/>").unwrap();
        w.finish().unwrap().into_inner()
    };
    assert_eq!(
        input::docx::convert(b"not a zip", &nianbao::input::Limits::default()).unwrap_err(),
        InputError::NotZip
    );
    assert_eq!(
        input::docx::convert(&no_document, &nianbao::input::Limits::default()).unwrap_err(),
        InputError::NoDocumentXml
    );
    assert!(matches!(
        input::docx::convert(
            &good[..good.len() * 2 / 3],
            &nianbao::input::Limits::default()
        ),
        Err(InputError::CorruptZip(_))
    ));
    let msg = InputError::NoDocumentXml.message(Lang::Zh);
    assert!(msg.contains("word/document.xml"), "{msg}");
}

// ---- the command line -----------------------------------------------------

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn check_prints_document_coordinates() {
    let p = made_from(REPORTS[0], "docx");
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let s = out(&o);
    assert!(
        s.contains("dazhou-city-hrss-2023.docx:表三 第16行 第10列: 错误[empty-cell] 表三「（四）无法提供 1.本机关不掌握相关政府信息」至"),
        "{s}"
    );
    // The excerpt shows the row as read, without a line number.
    assert!(s.contains(" | …0    0    0    0    0    0    \n"), "{s}");
    assert!(
        s.trim_end().ends_with(
            "共检查 1 个文件：1 个错误，0 个警告，0 条提示（其中 1 个可用 --fix 自动修复）"
        ),
        "{s}"
    );

    let p = made_from(REPORTS[1], "html");
    let o = run(&["check", "--lang", "en", p.to_str().unwrap()]);
    let s = out(&o);
    assert!(
        s.contains("linwei-district-hrss-2023.html:table #1 of the document, row 6, column 3: error[missing-cell]"),
        "{s}"
    );
}

#[test]
fn json_adds_the_location_and_keeps_text_positions() {
    let docx = made_from(REPORTS[0], "docx");
    let txt = fixture("corpus", REPORTS[0]);
    let o = run(&[
        "check",
        "--format",
        "json",
        docx.to_str().unwrap(),
        txt.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", err(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    let d = &files[0]["diagnostics"][0];
    assert_eq!(d["location"], "表三 第16行 第10列");
    // line/column are the position in the text read from the document.
    let doc = convert(&docx);
    let line = doc
        .text
        .lines()
        .nth(d["line"].as_u64().unwrap() as usize - 1)
        .unwrap();
    assert!(line.contains("1.本机关不掌握相关政府信息"), "{line}");
    assert_eq!(
        d["column"].as_u64().unwrap() as usize,
        line.chars().count() + 1,
        "the empty 总计 cell at the end of the row"
    );
    // A text file has no "location".
    let t = &files[1]["diagnostics"][0];
    assert!(t.get("location").is_none(), "{t}");
    assert_eq!(t["message"], d["message"]);
}

#[test]
fn broken_documents_are_reported_and_the_others_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let good = docx_of(&nianbao::analysis::template::sample());
    let cases: [(&str, Vec<u8>, &str); 3] = [
        (
            "not-a-zip.docx",
            b"This is not a Word file".to_vec(),
            "不是有效的 Word 文档",
        ),
        (
            "no-document.docx",
            {
                let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
                w.start_file("word/styles.xml", zip::write::SimpleFileOptions::default())
                    .unwrap();
                w.write_all(b"<styles/>").unwrap();
                w.finish().unwrap().into_inner()
            },
            "没有 word/document.xml",
        ),
        (
            "truncated.docx",
            good[..good.len() / 2].to_vec(),
            "Word 文档已损坏或不完整",
        ),
    ];
    let report = dir.path().join("report.txt");
    std::fs::write(&report, report_with_paragraph_finding()).unwrap();
    for (name, bytes, expected) in &cases {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let o = run(&["check", p.to_str().unwrap(), report.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", err(&o));
        let e = err(&o);
        assert!(
            e.contains(&format!("{}: 无法检查：", p.display())) && e.contains(expected),
            "{name}: {e}"
        );
        // The good file was still checked.
        let s = out(&o);
        assert!(s.contains("report.txt:"), "{name}: {s}");
        assert!(
            s.contains("共检查 1 个文件：0 个错误，0 个警告，1 条提示"),
            "{name}: {s}"
        );
    }
    // Walking the folder: the same errors, and the report checked.
    let o = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(err(&o).matches("无法检查").count(), 3, "{}", err(&o));
}

#[test]
fn fix_writes_word_documents_refuses_web_pages_and_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let docx = dir.path().join("报告.docx");
    let html = dir.path().join("报告.html");
    let txt = dir.path().join("报告.txt");
    std::fs::copy(made_from(REPORTS[0], "docx"), &docx).unwrap();
    std::fs::copy(made_from(REPORTS[0], "html"), &html).unwrap();
    std::fs::copy(fixture("corpus", REPORTS[0]), &txt).unwrap();
    let before_docx = std::fs::read(&docx).unwrap();
    let before_html = std::fs::read(&html).unwrap();
    let before_txt = std::fs::read(&txt).unwrap();
    let o = run(&["check", "--fix", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let e = err(&o);
    assert!(
        e.contains(&format!(
            "{}: 未修复：--fix 不改写网页（.html）",
            html.display()
        )),
        "{e}"
    );
    assert!(!e.contains("报告.docx"), "{e}");
    // The page is untouched and its findings still shown.
    assert_eq!(std::fs::read(&html).unwrap(), before_html);
    let s = out(&o);
    assert_eq!(s.matches("报告.html:表三").count(), 1, "{s}");
    // The text file and the Word document were fixed (tests/docx_fix.rs
    // checks the document itself).
    assert_ne!(std::fs::read(&txt).unwrap(), before_txt);
    assert!(s.contains("报告.txt: 已修复 9 处"), "{s}");
    assert_ne!(std::fs::read(&docx).unwrap(), before_docx);
    assert!(s.contains("报告.docx: 已修复 9 处，剩余 0 个问题"), "{s}");
}

#[test]
fn folders_include_documents_but_not_word_lock_files() {
    let dir = tempfile::tempdir().unwrap();
    for kind in ["docx", "html"] {
        let src = made_from(REPORTS[2], kind);
        std::fs::copy(&src, dir.path().join(src.file_name().unwrap())).unwrap();
    }
    // Word's lock file beside an open document: not a document.
    std::fs::write(dir.path().join("~$report.docx"), b"\x0bnianbao  ").unwrap();
    // A page that is not a report is skipped.
    std::fs::write(
        dir.path().join("index.html"),
        "<html><body><p>首页</p></body></html>",
    )
    .unwrap();
    let o = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(
        // The 新乡 report's one finding: its text's 行政处罚 38 条 against 0.
        out(&o).contains("共检查 2 个文件：0 个错误，2 个警告，0 条提示，跳过 1 个非报告文件"),
        "{}",
        out(&o)
    );
}

#[test]
fn standard_input_is_recognised_by_its_content() {
    let bytes = std::fs::read(made_from(REPORTS[0], "docx")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(
        out(&o).contains("<stdin>:表三 第16行 第10列: 错误[empty-cell]"),
        "{}",
        out(&o)
    );
}

// ---- never a panic ----------------------------------------------------------

mod robustness {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Any damage to a real .docx gives a document or an error, never a panic.
        #[test]
        fn damaged_docx(cut in 0usize..100_000, flips in prop::collection::vec((0usize..100_000, any::<u8>()), 0..8)) {
            let mut bytes = std::fs::read(made_from(REPORTS[1], "docx")).unwrap();
            for (at, b) in flips {
                let n = bytes.len();
                bytes[at % n] = b;
            }
            let n = bytes.len();
            bytes.truncate(cut % (n + 1));
            let _ = input::docx::convert(&bytes, &nianbao::input::Limits::default());
        }

        /// Any bytes as a web page give a document or an error, never a panic,
        /// and every mapped place exists.
        #[test]
        fn any_page(s in "(<(/?)(table|tr|td|th|p|br|div)( (rowspan|colspan)=\"?[0-9]{0,6}\"?)?>|[一二三0-9 \t\n]|&nbsp;){0,200}") {
            if let Ok(doc) = input::html::convert(s.as_bytes(), &nianbao::input::Limits::default()) {
                for off in 0..=doc.text.len() {
                    if doc.text.is_char_boundary(off) {
                        let _ = doc.map.describe(off, None, Lang::Zh);
                    }
                }
            }
        }
    }
}
