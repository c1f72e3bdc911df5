//! PDF input (issue 12).
//!
//! The fixtures in `tests/fixtures/pdf/` are the corpus reports made into PDFs
//! by two producers (`make_pdf.py`: LibreOffice from the Word fixtures, and
//! Typst), with merged cells, vertical labels, tables across page breaks and
//! page numbers: each must give exactly the findings of its text version. The
//! real published PDF gives the findings of its `pdftotext -layout` text, with
//! places in the PDF's terms. Bad and hostile PDFs get a clear error naming
//! the file, within bounded time and memory, and the run goes on.

use nianbao::analysis::analyze;
use nianbao::analysis::config::Config;
use nianbao::input::pdf::{Limits, convert_with};

/// A PDF read within the default input limits.
fn convert(bytes: &[u8]) -> Result<nianbao::input::Document, InputError> {
    nianbao::input::pdf::convert(bytes, &nianbao::input::Limits::DEFAULT)
}

#[test]
fn pdf_bounds_follow_the_input_limits() {
    let default = nianbao::input::Limits::DEFAULT;
    // The file within `bytes` (32 MB), glyphs within `text` / 8 (2 Mi); the
    // PDF's other bounds as before.
    assert_eq!(
        Limits::under(&default),
        Limits {
            file_bytes: 32 << 20,
            glyphs: 2 << 20,
            ..nianbao::input::pdf::LIMITS
        }
    );
    let raised = nianbao::input::Limits {
        bytes: default.bytes * 4,
        nodes: default.nodes * 4,
        ..default
    };
    let pdf = Limits::under(&raised);
    assert_eq!(pdf.file_bytes as u64, default.bytes * 4);
    assert!(pdf.inflated_bytes > nianbao::input::pdf::LIMITS.inflated_bytes);
    assert!(pdf.operators > nianbao::input::pdf::LIMITS.operators);
    // A PDF over `bytes` is refused naming the limit, as every other input.
    let small = nianbao::input::Limits {
        bytes: 16,
        ..default
    };
    let e = nianbao::input::pdf::convert(b"%PDF-1.7\n%0123456789abcdef", &small).unwrap_err();
    assert!(
        e.message(nianbao::analysis::config::Lang::En)
            .contains("--limit bytes=")
    );
}
use nianbao::input::{InputError, decode};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REPORTS: [&str; 3] = [
    "dazhou-city-hrss-2023.md",
    "linwei-district-hrss-2023.txt",
    "xinxiang-city-hrss-2023.txt",
];
const PRODUCERS: [&str; 2] = ["libreoffice", "typst"];
const REAL: &str = "../shared/corpus/pdf/hongze-district-gov-2024.pdf";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(path: &str) -> PathBuf {
    root().join("tests/fixtures").join(path)
}

/// Severity, rule, message and fixes of each finding of a text.
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

fn nianbao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn json(args: &[&str]) -> Value {
    let out = nianbao(args);
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

#[test]
fn made_pdfs_give_the_findings_of_their_text_versions() {
    for report in REPORTS {
        let text = decode::decode(&std::fs::read(fixture(&format!("corpus/{report}"))).unwrap())
            .unwrap()
            .text;
        let expected = findings(&text);
        assert!(!expected.is_empty());
        let stem = Path::new(report).file_stem().unwrap().to_str().unwrap();
        for producer in PRODUCERS {
            let path = fixture(&format!("pdf/{stem}.{producer}.pdf"));
            let doc = convert(&std::fs::read(&path).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e:?}", path.display()));
            let mut actual = findings(&doc.text);
            let mut want = expected.clone();
            // Rows may be numbered differently; the findings are the same.
            actual.sort();
            want.sort();
            assert_eq!(actual, want, "{}:\n{}", path.display(), doc.text);
        }
    }
}

#[test]
fn places_are_the_pdfs_own() {
    let v = json(&[
        "check",
        "--format",
        "json",
        "tests/fixtures/pdf/dazhou-city-hrss-2023.libreoffice.pdf",
        "tests/fixtures/pdf/linwei-district-hrss-2023.typst.pdf",
    ]);
    let locations: Vec<String> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .map(|d| d["location"].as_str().unwrap().to_string())
        .collect();
    let cell = regex_like(&locations, |l| {
        l.starts_with('第') && l.contains("页 表三 第") && l.contains("行 第")
    });
    assert!(cell, "{locations:#?}");
    // No column is named by the header of another table above it.
    assert!(
        !locations
            .iter()
            .any(|l| l.contains("表三") && l.contains("件数列"))
    );
    // Columns named by their header in the real PDF: the total of a row of
    // table 3 (the 16th row of its table, on page 3).
    let real = convert(&std::fs::read(root().join(REAL)).unwrap()).unwrap();
    let report = analyze(&real.text, &Config::default()).report;
    let row = real.text.find("1.本机关不掌握相关政府信息").unwrap();
    let total = row + real.text[row..].find('\n').unwrap() - 2;
    assert_eq!(
        real.map
            .describe(total, Some(&report), nianbao::analysis::config::Lang::Zh),
        "第3页 表三 第16行 总计列"
    );
    let line = regex_like(&locations, |l| l.contains("页 第") && l.contains("行「"));
    assert!(line, "{locations:#?}");
    // English too.
    let en = json(&[
        "check",
        "--format",
        "json",
        "--lang",
        "en",
        "tests/fixtures/pdf/dazhou-city-hrss-2023.libreoffice.pdf",
    ]);
    let first = en["files"][0]["diagnostics"][0]["location"]
        .as_str()
        .unwrap();
    assert!(first.starts_with("page "), "{first}");
}

fn regex_like(v: &[String], f: impl Fn(&str) -> bool) -> bool {
    v.iter().any(|s| f(s))
}

/// The real published PDF: the findings of its `pdftotext -layout` text, at
/// the PDF's places, and nothing else.
#[test]
fn the_real_pdf() {
    let real = root().join(REAL);
    if !real.exists() {
        panic!(
            "{} is missing (../shared beside the repository)",
            real.display()
        );
    }
    let v = json(&["check", "--format", "json", REAL]);
    let got: Vec<(String, String)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["location"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let layout = json(&[
        "check",
        "--format",
        "json",
        "tests/real/hongze-district-gov-2024.pdftotext-layout.txt",
    ]);
    let mut want: Vec<String> = layout["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] != "info")
        .map(|d| d["rule"].as_str().unwrap().to_string())
        .collect();
    let mut rules: Vec<String> = got.iter().map(|(r, _)| r.clone()).collect();
    rules.sort();
    want.sort();
    assert_eq!(rules, want, "{got:#?}");
    for (rule, place) in &got {
        match rule.as_str() {
            "outdated-template" => assert_eq!(place, "第4页 表三 第24行 第2列"),
            "narrative-mismatch" => assert!(place.starts_with("第1页 第"), "{place}"),
            _ => {}
        }
    }
    // The garbled label comes out as printed.
    let doc = convert(&std::fs::read(&real).unwrap()).unwrap();
    assert!(
        doc.text.contains("\t\t2.其他法律行政止公开\t0\t0"),
        "{}",
        doc.text
    );
    assert!(doc.text.contains("三、本年度办理结果\t（一）予以公开"));
    // Page numbers are gone.
    assert!(!doc.text.contains("- 3 -") && !doc.text.contains("-3-"));
    // --fix does not rewrite a PDF: its safe fixes are not offered as such.
    let out = nianbao(&["check", REAL]);
    let human = String::from_utf8_lossy(&out.stdout);
    assert!(human.contains("请在原文档中修改"), "{human}");
    assert!(!human.contains("可用 --fix"), "{human}");
    let v = json(&["check", "--format", "json", "--statistics", REAL]);
    let rules = v["statistics"]["rules"].as_array().unwrap();
    assert!(rules.iter().all(|r| r["fixable"] == 0), "{rules:?}");
}

#[test]
fn sarif_and_the_html_page_name_the_page() {
    let pdf = "tests/fixtures/pdf/dazhou-city-hrss-2023.typst.pdf";
    let v = json(&["check", "--format", "sarif", pdf]);
    let loc = &v["runs"][0]["results"][0]["locations"][0];
    assert!(loc["properties"]["page"].as_u64().unwrap() >= 1, "{loc}");
    assert!(loc["message"]["text"].as_str().unwrap().contains("页"));
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.html");
    let out = nianbao(&["report", pdf, "--html", page.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("页 表三 第"), "the page names PDF places");
}

fn temp_pdf(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::File::create(&p).unwrap().write_all(bytes).unwrap();
    p
}

/// A PDF from object bodies (object n is `objects[n-1]`), with its xref.
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut s = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    s.extend_from_slice(data);
    s.extend_from_slice(b"\nendstream");
    s
}

/// Catalog, page tree and one page with `resources` and content object 4.
fn one_page(resources: &str, content: Vec<u8>, more: Vec<Vec<u8>>) -> Vec<u8> {
    let mut objects = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources {resources} /Contents 4 0 R >>"
        )
        .into_bytes(),
        content,
    ];
    objects.extend(more);
    pdf(&objects)
}

fn scanned() -> Vec<u8> {
    one_page(
        "<< /XObject << /Im1 5 0 R >> >>",
        stream("", b"q 595 0 0 842 0 0 cm /Im1 Do Q"),
        vec![stream(
            "/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8",
            b"\xff",
        )],
    )
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn bad_pdfs_get_clear_errors_and_the_run_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let good = std::fs::read(fixture("pdf/xinxiang-city-hrss-2023.typst.pdf")).unwrap();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            temp_pdf(dir.path(), "truncated.pdf", &good[..good.len() / 3]),
            "PDF 文件已损坏或不完整",
        ),
        (
            temp_pdf(dir.path(), "not-a-pdf.pdf", "一、总体情况".as_bytes()),
            "PDF 文件已损坏或不完整",
        ),
        (
            temp_pdf(dir.path(), "scan.pdf", &scanned()),
            "扫描件，没有文字层，无法检查",
        ),
        (
            fixture("pdf/broken/user-password.pdf"),
            "PDF 已加密，需要密码",
        ),
    ];
    let mut args = vec!["check".to_string(), "-q".to_string()];
    args.extend(cases.iter().map(|(p, _)| p.display().to_string()));
    args.push(
        fixture("pdf/broken/owner-password-only.pdf")
            .display()
            .to_string(),
    );
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let out = nianbao(&args);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    for (path, message) in &cases {
        let line = stderr
            .lines()
            .find(|l| l.contains(&path.display().to_string()))
            .unwrap_or_else(|| panic!("no error for {}: {stderr}", path.display()));
        assert!(line.contains(message), "{line}");
    }
    // Encrypted with an owner password only: read and checked.
    assert!(
        stdout.contains("owner-password-only.pdf:第1页"),
        "{stdout}\n{stderr}"
    );
}

#[test]
fn hostile_pdfs_stop_within_their_bounds() {
    // A decompression bomb: 64 MB of zeros in a 64 KB stream.
    let bomb = one_page(
        "<< >>",
        stream("/Filter /FlateDecode", &deflate(&vec![b' '; 64 << 20])),
        vec![],
    );
    let small = Limits {
        inflated_bytes: 8 << 20,
        ..nianbao::input::pdf::LIMITS
    };
    assert!(matches!(
        convert_with(&bomb, &small),
        Err(InputError::PdfTooComplex(_))
    ));
    // A form XObject that draws itself, a page tree that contains itself,
    // references that point at each other.
    let cyclic_form = one_page(
        "<< /XObject << /F 5 0 R >> >>",
        stream("", b"/F Do"),
        vec![stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /F 5 0 R >> >>",
            b"/F Do /F Do",
        )],
    );
    assert_eq!(convert(&cyclic_form).unwrap_err(), InputError::PdfScanned);
    let cyclic_tree = pdf(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Pages /Kids [2 0 R 3 0 R 4 0 R] >>".to_vec(),
        b"4 0 R".to_vec(),
    ]);
    assert!(convert(&cyclic_tree).is_err());
    // Deeply nested arrays in a content stream, and operators without end.
    let nested = one_page("<< >>", stream("", &b"[".repeat(1 << 20)), vec![]);
    assert!(convert(&nested).is_err());
    let many = Limits {
        operators: 10_000,
        ..nianbao::input::pdf::LIMITS
    };
    let ops = one_page("<< >>", stream("", &b"q Q ".repeat(100_000)), vec![]);
    assert!(matches!(
        convert_with(&ops, &many),
        Err(InputError::PdfTooComplex(_))
    ));
}

#[test]
fn pdf_everywhere_a_report_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let pdf_path = fixture("pdf/xinxiang-city-hrss-2023.libreoffice.pdf");
    let bytes = std::fs::read(&pdf_path).unwrap();
    // Standard input, by content.
    let mut child = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "-q", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("<stdin>:第1页"), "{stdout}");
    // A folder: the PDF is found.
    let folder = dir.path().join("reports");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.pdf"), &bytes).unwrap();
    let out = nianbao(&["check", "-q", folder.to_str().unwrap()]);
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("a.pdf:第1页"),
        "{out:?}"
    );
    // --fix leaves a PDF alone with an error, and still fixes the others.
    let txt = dir.path().join("r.txt");
    std::fs::copy(fixture("corpus/linwei-district-hrss-2023.txt"), &txt).unwrap();
    let before = std::fs::read(&txt).unwrap();
    let copy = dir.path().join("b.pdf");
    std::fs::write(&copy, &bytes).unwrap();
    let out = nianbao(&[
        "check",
        "--fix",
        "-q",
        copy.to_str().unwrap(),
        txt.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--fix 不改写 PDF"));
    assert_eq!(std::fs::read(&copy).unwrap(), bytes, "the PDF is untouched");
    assert_ne!(
        std::fs::read(&txt).unwrap(),
        before,
        "the text report is fixed"
    );
    // --previous: last year's report as a PDF is read (its title pairs).
    let out = nianbao(&[
        "check",
        "-q",
        "tests/fixtures/corpus/xinxiang-city-hrss-2023.txt",
        "--previous",
        pdf_path.to_str().unwrap(),
    ]);
    assert_ne!(out.status.code(), Some(2), "{out:?}");
}
