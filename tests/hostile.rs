//! Hostile and odd input (issue 16), each case end to end through the real
//! binary: merged-cell and zip bombs, deep and attribute-heavy pages, endless
//! devices and standard input, a FIFO in a folder, `--fix` on a file owned by
//! someone else or with hard links, a `nianbao.toml` owned by someone else,
//! terminal escapes in names and text, outputs over inputs, paths that are
//! not UTF-8. Every run must end (a time limit guards against hangs and
//! quadratic time; the figures are in `bench/hostile.py`), refuse with a
//! message naming the file and the limit, and leave the user's files alone.
//!
//! Some cases need root (to give files to `nobody`): `CI` runs as root;
//! elsewhere they are skipped with a message.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// Longer than any of these takes when linear (debug build, busy machine);
/// far shorter than the quadratic or endless behaviours they guard against.
const LIMIT: Duration = Duration::from_secs(120);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(root().join("tests/fixtures/corpus").join(name)).unwrap()
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    c.env("NO_COLOR", "1").env_remove("CI");
    c
}

/// Runs `c` (stdin from `stdin`, else nothing), killing it after `LIMIT`.
fn run_with(mut c: Command, stdin: Option<&Path>) -> Output {
    c.stdout(Stdio::piped()).stderr(Stdio::piped());
    match stdin {
        Some(p) => c.stdin(std::fs::File::open(p).unwrap()),
        None => c.stdin(Stdio::null()),
    };
    let mut child = c.spawn().unwrap();
    let start = Instant::now();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let o = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let e = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut err, &mut v).map(|_| v)
    });
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > LIMIT {
            let _ = child.kill();
            panic!("did not end within {LIMIT:?}: {c:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Output {
        status,
        stdout: o.join().unwrap().unwrap(),
        stderr: e.join().unwrap().unwrap(),
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let mut c = bin();
    c.current_dir(dir).args(args);
    run_with(c, None)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A `.docx` whose `word/document.xml` is `body` (deflated).
fn docx(body: &str) -> Vec<u8> {
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(9));
    z.start_file("word/document.xml", o).unwrap();
    z.write_all(xml.as_bytes()).unwrap();
    z.finish().unwrap().into_inner()
}

/// A refusal: exit code 2, the file and the limit named in the error.
fn assert_refused(o: &Output, file: &str, limit: &str) {
    assert_eq!(o.status.code(), Some(2), "{}", stderr(o));
    let e = stderr(o);
    assert!(e.contains(file), "{e}");
    assert!(e.contains(&format!("{limit} = ")), "{e}");
    assert!(
        e.contains(&format!("--limit {limit}=")),
        "how to raise it: {e}"
    );
}

#[test]
fn merged_cell_bombs_are_refused_by_the_cells_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 7,000 cells of gridSpan 64 per row, 60 rows: 27 million positions
    // from a 20 KB file (it grew to gigabytes).
    let cell = r#"<w:tc><w:tcPr><w:gridSpan w:val="64"/></w:tcPr><w:p/></w:tc>"#;
    let row = format!("<w:tr>{}</w:tr>", cell.repeat(7_000));
    let bomb = docx(&format!("<w:tbl>{}</w:tbl>", row.repeat(60)));
    assert!(bomb.len() < 100_000, "{}", bomb.len());
    std::fs::write(dir.path().join("span.docx"), &bomb).unwrap();
    assert_refused(
        &run(dir.path(), &["check", "span.docx"]),
        "span.docx",
        "cells",
    );
    // colspan=1000 on every row of a page (12 GB before).
    let page = format!(
        "<!DOCTYPE html><html><body><table>{}</table></body></html>",
        "<tr><td colspan=1000>x</td></tr>".repeat(20_000)
    );
    std::fs::write(dir.path().join("colspan.html"), page).unwrap();
    assert_refused(
        &run(dir.path(), &["check", "colspan.html", "--lang", "en"]),
        "colspan.html",
        "cells",
    );
    // A rowspan covering every row below it.
    let page = format!(
        "<table><tr><td rowspan=0 colspan=1000>x</td></tr>{}</table>",
        "<tr></tr>".repeat(2_000)
    );
    std::fs::write(dir.path().join("rowspan.html"), page).unwrap();
    assert_refused(
        &run(dir.path(), &["check", "rowspan.html"]),
        "rowspan.html",
        "cells",
    );
    // Raised for the rare real document, it is read.
    let o = run(
        dir.path(),
        &["check", "rowspan.html", "--limit", "cells=5000000"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
}

#[test]
fn a_zip_bomb_part_is_refused_by_the_bytes_limit() {
    let dir = tempfile::tempdir().unwrap();
    // 40 MB of XML in a few dozen KB.
    let bomb = docx(&"<w:p/>".repeat(7_000_000));
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    std::fs::write(dir.path().join("zip.docx"), &bomb).unwrap();
    let o = run(dir.path(), &["check", "zip.docx"]);
    assert_refused(&o, "zip.docx", "bytes");
    assert!(stderr(&o).contains("word/document.xml"), "{}", stderr(&o));
}

#[test]
fn deep_and_attribute_heavy_pages_end_in_linear_time() {
    let dir = tempfile::tempdir().unwrap();
    // 200,000 nested divs (quadratic before: 100,000 took 33 s).
    let deep = format!(
        "<!DOCTYPE html><html><body>{}二、主动公开政府信息情况{}</body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    std::fs::write(dir.path().join("deep.html"), deep).unwrap();
    let o = run(dir.path(), &["check", "deep.html", "--format", "json"]);
    // Read through (the heading 200,000 deep is found: a part of a report).
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("deep.html"));
    assert!(stdout(&o).contains("missing-section"), "{}", stdout(&o));
    // 100,000 attributes on one tag (the tokenizer's check was quadratic).
    let attrs: String = (0..100_000).map(|i| format!(" a{i}")).collect();
    let page = format!("<!DOCTYPE html><html><body><p{attrs}>一、总体情况</p></body></html>");
    std::fs::write(dir.path().join("attrs.html"), page).unwrap();
    let o = run(dir.path(), &["check", "attrs.html", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("missing-section"), "{}", stdout(&o));
    // Two million comments: the nodes limit.
    let page = format!("<html><body>{}</body></html>", "x<!---->".repeat(2_000_000));
    std::fs::write(dir.path().join("comments.html"), page).unwrap();
    assert_refused(
        &run(dir.path(), &["check", "comments.html"]),
        "comments.html",
        "nodes",
    );
}

#[test]
fn endless_devices_and_input_end_at_the_bytes_limit() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("r.txt");
    std::fs::write(&report, corpus("xinxiang-city-hrss-2023.txt")).unwrap();
    for args in [
        vec!["check", "/dev/zero"],
        vec!["check", "/dev/urandom"],
        vec!["check", "r.txt", "--previous", "/dev/zero"],
    ] {
        let o = run(dir.path(), &args);
        assert_refused(&o, "/dev/", "bytes");
    }
    let mut c = bin();
    c.current_dir(dir.path()).args(["check", "-"]);
    assert_refused(
        &run_with(c, Some(Path::new("/dev/zero"))),
        "<stdin>",
        "bytes",
    );
    // A regular file is refused by its size, without reading it.
    let big = std::fs::File::create(dir.path().join("big.txt")).unwrap();
    big.set_len(1 << 30).unwrap();
    assert_refused(&run(dir.path(), &["check", "big.txt"]), "big.txt", "bytes");
    // nianbao.toml raises (or lowers) the limit; --limit wins over it.
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "[limits]\nbytes = \"1K\"\n",
    )
    .unwrap();
    assert_refused(&run(dir.path(), &["check", "r.txt"]), "r.txt", "bytes");
    let o = run(dir.path(), &["check", "r.txt", "--limit", "bytes=1M"]);
    assert_eq!(o.status.code(), Some(0), "read and checked: {}", stderr(&o));
    assert!(stdout(&o).contains("共检查 1 个文件"), "{}", stdout(&o));
    std::fs::write(dir.path().join("nianbao.toml"), "[limits]\nsize = 1\n").unwrap();
    let o = run(dir.path(), &["check", "r.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nianbao.toml:2"), "{}", stderr(&o));
    let o = run(dir.path(), &["check", "r.txt", "--limit", "bytes=lots"]);
    assert_eq!(o.status.code(), Some(2), "a usage error");
}

#[test]
fn a_fifo_in_a_folder_is_skipped_and_counted() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    std::fs::write(reports.join("r.txt"), nianbao::analysis::template::sample()).unwrap();
    let fifo = reports.join("pipe.txt");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    let o = run(dir.path(), &["check", "reports"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("共检查 1 个文件") && stdout(&o).contains("跳过 1 个非普通文件"),
        "{}",
        stdout(&o)
    );
    let o = run(
        dir.path(),
        &["report", "reports", "--html", "page.html", "-q"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

fn is_root() -> bool {
    // SAFETY: geteuid cannot fail.
    unsafe { libc::geteuid() == 0 }
}

fn skip_unless_root(what: &str) -> bool {
    if is_root() {
        return false;
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} needs root, as CI runs"
    );
    eprintln!("SKIPPED: {what}: needs root (to give files to nobody)");
    true
}

const NOBODY: u32 = 65534;

#[test]
fn fix_keeps_owner_group_and_mode_and_refuses_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if skip_unless_root("--fix on a file owned by nobody") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.txt");
    std::fs::write(&p, corpus("linwei-district-hrss-2023.txt")).unwrap();
    std::os::unix::fs::chown(&p, Some(NOBODY), Some(NOBODY)).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    let before = std::fs::read(&p).unwrap();
    let o = run(dir.path(), &["check", "--fix", "r.txt"]);
    assert!(
        stdout(&o).contains("已修复"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let m = std::fs::metadata(&p).unwrap();
    assert_ne!(std::fs::read(&p).unwrap(), before, "fixed");
    assert_eq!(
        (m.uid(), m.gid(), m.mode() & 0o7777),
        (NOBODY, NOBODY, 0o640)
    );
    // With a second name: refused, with a clear error, both names unchanged.
    std::fs::write(&p, &before).unwrap();
    std::fs::hard_link(&p, dir.path().join("also.txt")).unwrap();
    let o = run(dir.path(), &["check", "--fix", "r.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("硬链接"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&p).unwrap(), before);
    assert_eq!(std::fs::read(dir.path().join("also.txt")).unwrap(), before);
}

#[test]
fn fix_of_a_docx_keeps_owner_group_and_mode_and_refuses_hard_links() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if skip_unless_root("--fix of a .docx owned by nobody") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.docx");
    let src = root().join("tests/fixtures/docx/broken/xinxiang-city-hrss-2023-broken.docx");
    let before = std::fs::read(src).unwrap();
    std::fs::write(&p, &before).unwrap();
    std::os::unix::fs::chown(&p, Some(NOBODY), Some(NOBODY)).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    let o = run(dir.path(), &["check", "--fix", "r.docx"]);
    assert_ne!(
        std::fs::read(&p).unwrap(),
        before,
        "fixed: {}{}",
        stdout(&o),
        stderr(&o)
    );
    let m = std::fs::metadata(&p).unwrap();
    assert_eq!(
        (m.uid(), m.gid(), m.mode() & 0o7777),
        (NOBODY, NOBODY, 0o640)
    );
    // With a second name: refused, with a clear error, both names unchanged.
    std::fs::write(&p, &before).unwrap();
    std::fs::hard_link(&p, dir.path().join("also.docx")).unwrap();
    let o = run(dir.path(), &["check", "--fix", "r.docx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("硬链接"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&p).unwrap(), before);
    assert_eq!(std::fs::read(dir.path().join("also.docx")).unwrap(), before);
}

#[test]
fn a_nianbao_toml_owned_by_someone_else_is_ignored_with_a_warning() {
    if skip_unless_root("nianbao.toml owned by nobody") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("reports");
    std::fs::create_dir(&sub).unwrap();
    let report = sub.join("r.txt");
    std::fs::write(&report, corpus("linwei-district-hrss-2023.txt")).unwrap();
    let toml = dir.path().join("nianbao.toml");
    let rules: String = nianbao::analysis::rules::RULES
        .iter()
        .map(|r| format!("{} = \"off\"\n", r.meta.id))
        .collect();
    std::fs::write(&toml, format!("[rules]\n{rules}")).unwrap();
    std::os::unix::fs::chown(&toml, Some(NOBODY), Some(NOBODY)).unwrap();
    // Someone else's: ignored, the report's errors are reported (as many as
    // without any configuration).
    let plain = tempfile::tempdir().unwrap();
    std::fs::write(
        plain.path().join("r.txt"),
        corpus("linwei-district-hrss-2023.txt"),
    )
    .unwrap();
    let errors = |o: &Output| {
        let s = stdout(o);
        let at = s.find(" 个错误").expect("an error count");
        let n: String = s[..at]
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect();
        n.chars()
            .rev()
            .collect::<String>()
            .parse::<usize>()
            .unwrap()
    };
    let expected = errors(&run(plain.path(), &["check", "r.txt"]));
    assert!(expected > 0);
    let o = run(dir.path(), &["check", "reports/r.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert_eq!(errors(&o), expected, "{}", stdout(&o));
    assert!(
        stderr(&o).contains("nianbao.toml") && stderr(&o).contains("uid 65534"),
        "{}",
        stderr(&o)
    );
    assert!(!stdout(&o).contains("使用配置"), "{}", stdout(&o));
    // Named with --config: used.
    let o = run(
        dir.path(),
        &["check", "reports/r.txt", "--config", "nianbao.toml"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    // The report's owner's: used, and named in the summary.
    std::os::unix::fs::chown(&report, Some(NOBODY), Some(NOBODY)).unwrap();
    let o = run(dir.path(), &["check", "reports/r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).contains(&format!("使用配置：{}", toml.display())),
        "{}",
        stdout(&o)
    );
    // Root's: used for anyone's report.
    std::os::unix::fs::chown(&toml, Some(0), Some(0)).unwrap();
    let o = run(dir.path(), &["check", "reports/r.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn previous_in_nianbao_toml_is_used_and_a_missing_one_is_an_error() {
    // The fixture pair whose carry-over disagrees, last year's kept apart.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let years = root().join("tests/fixtures/years/mismatching");
    std::fs::create_dir(d.join("last")).unwrap();
    std::fs::copy(years.join("2023.md"), d.join("2023.md")).unwrap();
    std::fs::copy(years.join("2022.md"), d.join("last/2022.md")).unwrap();
    let without = run(d, &["check", "2023.md"]);
    assert!(!stdout(&without).contains("carryover-mismatch"));
    std::fs::write(d.join("nianbao.toml"), "previous = \"last/2022.md\"\n").unwrap();
    let with = run(d, &["check", "2023.md"]);
    assert!(
        stdout(&with).contains("carryover-mismatch"),
        "{}{}",
        stdout(&with),
        stderr(&with)
    );
    std::fs::write(d.join("nianbao.toml"), "\nprevious = \"2021.md\"\n").unwrap();
    let o = run(d, &["check", "2023.md"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("nianbao.toml:2") && stderr(&o).contains("2021.md"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn terminal_escapes_in_names_and_text_are_shown_not_sent() {
    let dir = tempfile::tempdir().unwrap();
    let name = "r\x1b]0;owned\x07\x1b[2J.txt";
    let mut text = String::from_utf8(corpus("linwei-district-hrss-2023.txt")).unwrap();
    // Line 38 carries a finding: its excerpt is printed.
    let at = text
        .match_indices('\n')
        .nth(36)
        .map(|(i, _)| i + 1)
        .unwrap();
    text.insert_str(at, "\x1b[31m\u{202e}");
    std::fs::write(dir.path().join(name), &text).unwrap();
    for args in [vec!["check", name], vec!["check", "-q", name]] {
        let o = run(dir.path(), &args);
        let out = stdout(&o);
        assert!(!out.contains('\x1b') && !out.contains('\x07'), "{out:?}");
        assert!(!out.contains('\u{202e}'), "{out:?}");
        assert!(
            out.contains("r\\u{1b}]0;owned\\u{7}\\u{1b}[2J.txt:38:"),
            "{out}"
        );
    }
    let o = run(dir.path(), &["check", "--fix", name]);
    assert!(!stdout(&o).contains('\x1b'));
    let o = run(dir.path(), &["check", "nowhere\x1b[2J.txt"]);
    assert!(!stderr(&o).contains('\x1b'), "{:?}", stderr(&o));
}

#[test]
fn outputs_never_overwrite_anything_the_run_reads() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("reports")).unwrap();
    std::fs::write(
        d.join("reports/2023.txt"),
        nianbao::analysis::template::sample(),
    )
    .unwrap();
    std::fs::write(d.join("reports/draft.txt"), "草稿").unwrap();
    std::fs::write(
        d.join("2022.txt"),
        nianbao::analysis::template::sample_previous(),
    )
    .unwrap();
    std::fs::write(
        d.join("reports/nianbao.toml"),
        "[files]\nexclude = [\"draft.txt\"]\n",
    )
    .unwrap();
    std::fs::write(d.join("other.toml"), "").unwrap();
    let read = |p: &str| std::fs::read(d.join(p)).unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["check", "reports", "-o", "reports/draft.txt"],
            "reports/draft.txt",
        ),
        (
            vec![
                "check",
                "reports",
                "--previous",
                "2022.txt",
                "-o",
                "2022.txt",
            ],
            "2022.txt",
        ),
        (
            vec!["check", "reports", "-o", "reports/nianbao.toml"],
            "reports/nianbao.toml",
        ),
        (
            vec![
                "check",
                "reports",
                "--config",
                "other.toml",
                "-o",
                "other.toml",
            ],
            "other.toml",
        ),
        (
            vec!["report", "reports", "--html", "reports/nianbao.toml"],
            "reports/nianbao.toml",
        ),
        (
            vec!["report", "reports", "--html", "reports/draft.txt"],
            "reports/draft.txt",
        ),
    ];
    for (args, victim) in cases {
        let before = read(victim);
        let o = run(d, &args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(victim), "{}", stderr(&o));
        assert_eq!(read(victim), before, "{args:?} overwrote {victim}");
    }
}

#[test]
fn a_configuration_that_excludes_every_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::create_dir(d.join("reports")).unwrap();
    std::fs::write(
        d.join("reports/r.txt"),
        nianbao::analysis::template::sample(),
    )
    .unwrap();
    std::fs::write(
        d.join("nianbao.toml"),
        "[files]\nexclude = [\"**/*.txt\"]\n",
    )
    .unwrap();
    let o = run(d, &["check", "reports"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("reports") && stderr(&o).contains("排除"),
        "{}",
        stderr(&o)
    );
    let o = run(d, &["report", "reports", "--html", "p.html", "-q"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn paths_that_are_not_utf8_keep_their_bytes_in_json() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"\xff\xfe\xb1\xa8.txt");
    std::fs::write(dir.path().join(name), nianbao::analysis::template::sample()).unwrap();
    let mut c = bin();
    c.current_dir(dir.path())
        .args(["check", "--format", "json", "."]);
    let o = run_with(c, None);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let file = &json["files"][0];
    assert_eq!(file["path_bytes"], "Li///rGoLnR4dA==", "{file}");
    assert!(file["path"].as_str().unwrap().contains('\u{fffd}'));
    // A UTF-8 path has none.
    std::fs::write(
        dir.path().join("报告.txt"),
        nianbao::analysis::template::sample(),
    )
    .unwrap();
    let o = run(dir.path(), &["check", "--format", "json", "报告.txt"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json["files"][0].get("path_bytes").is_none());
}
