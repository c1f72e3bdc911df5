//! `nianbao check DIR` over a batch streams its report (the reports are checked
//! a window at a time, written in input order and dropped): every output format
//! must be byte for byte what checking the whole batch at once gave. The
//! expected files in tests/batch/ were written by the binary of main at ac7975f
//! (before streaming); bless again with `NIANBAO_BLESS=1 cargo test --test batch`
//! only when the findings change on purpose, and review the diff.
//!
//! The generated batch is bench/gen_batch.py's (copies of the corpus reports
//! with the body renamed and a few numbers changed, every fourth one a year
//! earlier), with a file that cannot be read, one that is not a report, pairs
//! across years far apart in the input order (in other windows), the
//! dismissals of tests/batch/nianbao.toml and the baseline
//! tests/batch/baseline.json. It needs python3. `NIANBAO_BATCH_WINDOW` makes
//! the windows small, so that a small batch spans many of them.

use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `nianbao ARGS` in `cwd` with windows of `window` reports; its stdout,
/// with `cwd` written as `$DIR`.
fn run(cwd: &Path, window: &str, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .current_dir(cwd)
        .env("NIANBAO_BATCH_WINDOW", window)
        .env_remove("CI")
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.code().is_some_and(|c| c <= 2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dir = cwd.canonicalize().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .replace(&dir.display().to_string(), "$DIR")
        .replace(&cwd.display().to_string(), "$DIR")
}

/// Makes `n` reports in `dir/reports` with bench/gen_batch.py.
fn generate(dir: &Path, n: usize) {
    let status = Command::new("python3")
        .arg(root().join("bench/gen_batch.py"))
        .arg(root().join("../shared/corpus"))
        .arg(dir.join("reports"))
        .arg(n.to_string())
        .status()
        .expect("python3 (bench/gen_batch.py) is needed");
    assert!(status.success());
}

fn compare_with(expected: &str, actual: &str) {
    let path = root().join("tests/batch").join(expected);
    if std::env::var_os("NIANBAO_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{}: missing (NIANBAO_BLESS=1 writes it)", path.display()));
    // Byte for byte: the same findings, in the same order, the same shape.
    if want != actual {
        let line = want
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(actual.lines().count()));
        panic!(
            "{} differs from the output from line {} (NIANBAO_BLESS=1 writes it):\nwant: {:?}\ngot:  {:?}",
            path.display(),
            line + 1,
            want.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// The generated batch: 100 reports, a broken .docx, a text that is not a
/// report; some 2023 reports moved after the others and some 2022 ones too, so
/// that pairs are far apart in both directions.
fn batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    generate(dir.path(), 100);
    let reports = dir.path().join("reports");
    std::fs::write(
        reports.join("000/000050-broken.docx"),
        b"PK\x03\x04 not a zip",
    )
    .unwrap();
    std::fs::write(
        reports.join("000/000051-notes.txt"),
        "会议记录\n今天天气很好。\n",
    )
    .unwrap();
    let late = reports.join("zz");
    std::fs::create_dir(&late).unwrap();
    for name in [
        "000009-2022.txt",
        "000016-2023.txt",
        "000033-2022.txt",
        "000048-2023.md",
    ] {
        std::fs::rename(reports.join("000").join(name), late.join(name)).unwrap();
    }
    for f in ["nianbao.toml", "baseline.json"] {
        std::fs::copy(root().join("tests/batch").join(f), dir.path().join(f)).unwrap();
    }
    dir
}

#[test]
fn real_reports_are_unchanged() {
    let real = root();
    compare_with(
        "real.json",
        &run(
            &real,
            "3",
            &["check", "--format", "json", "--statistics", "tests/real"],
        ),
    );
    compare_with(
        "real.sarif",
        &run(&real, "3", &["check", "--format", "sarif", "tests/real"]),
    );
    compare_with("real.txt", &run(&real, "3", &["check", "tests/real"]));
}

#[test]
fn generated_batch_is_unchanged_in_every_format() {
    let dir = batch();
    let d = dir.path();
    let reviewed = ["--baseline", "baseline.json", "--show-dismissed"];
    let cases: [(&str, &[&str]); 8] = [
        ("generated.json", &["--format", "json", "--statistics"]),
        ("generated.sarif", &["--format", "sarif"]),
        ("generated.txt", &[]),
        ("generated-statistics.txt", &["--statistics"]),
        ("generated-quiet.txt", &["--quiet"]),
        ("generated.junit.xml", &["--format", "junit"]),
        ("generated.github.txt", &["--format", "github"]),
        ("generated-plain.json", &["--format", "json"]),
    ];
    for (i, (expected, format)) in cases.iter().enumerate() {
        let mut args = vec!["check"];
        args.extend_from_slice(format);
        // The last case without the review: dismissals still apply (the
        // configuration is found), no baseline.
        if i + 1 < cases.len() {
            args.extend_from_slice(&reviewed);
        }
        args.push("reports");
        // Windows of 7 reports: pairs span windows, as in a large batch.
        compare_with(expected, &run(d, "7", &args));
    }
}

/// The same output whatever the size of the windows.
#[test]
fn windows_do_not_change_the_output() {
    let dir = batch();
    let args = ["check", "--format", "json", "--show-dismissed", "reports"];
    let one = run(dir.path(), "1", &args);
    assert_eq!(one, run(dir.path(), "64", &args));
    assert_eq!(one, run(dir.path(), "100000", &args));
}

/// The peak memory (max RSS, KB) of `nianbao ARGS` in `cwd`, measured by a
/// python parent (getrusage of its only child).
fn peak_kb(cwd: &Path, args: &[&str]) -> u64 {
    let out = Command::new("python3")
        .current_dir(cwd)
        .arg("-c")
        .arg(
            "import resource, subprocess, sys\n\
             subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n\
             print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        )
        .arg(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .env_remove("CI")
        .output()
        .unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

/// Memory does not grow with the number of reports: 4,000 reports take at
/// most a little more than 1,000 (before streaming, each report added some
/// 45 KB: 135 MB more for the larger batch).
#[test]
fn memory_is_flat_in_the_number_of_reports() {
    let small = tempfile::tempdir().unwrap();
    let large = tempfile::tempdir().unwrap();
    generate(small.path(), 1000);
    generate(large.path(), 4000);
    // JSON and SARIF (the one that took the most memory); the other formats
    // stream through the same pipeline.
    for format in ["json", "sarif"] {
        let args = ["check", "--format", format, "reports"];
        let a = peak_kb(small.path(), &args);
        let b = peak_kb(large.path(), &args);
        assert!(
            b < a + a / 2 + 16_000,
            "--format {format}: {a} KB for 1,000 reports, {b} KB for 4,000"
        );
    }
}

/// The texts of the repository's reports (fixtures, real excerpts, corpus).
fn report_texts() -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut dirs = vec![
        root().join("tests/fixtures"),
        root().join("tests/real"),
        root().join("../shared/corpus"),
    ];
    while let Some(d) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e.unwrap().path();
            if p.is_dir() {
                dirs.push(p);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("txt" | "md")) {
                if let Ok(t) = std::fs::read_to_string(&p) {
                    out.push((p, t));
                }
            }
        }
    }
    out
}

/// The planning pass classifies only lines that may hold a title
/// (`years::may_hold_title`): every line of every report of the repository
/// that classification gives a title passes it.
#[test]
fn lines_passed_over_by_the_plan_hold_no_title() {
    use nianbao::analysis::syntax::line::{LineKind, PartKind, classify};
    use nianbao::cli::years::may_hold_title;
    let (mut titles, mut passed_over) = (0, 0);
    for (path, text) in &report_texts() {
        for line in text.lines() {
            let info = classify(line, 1);
            let titled = match &info.kind {
                LineKind::Text(t) => t.title.is_some(),
                LineKind::Parts(p) => p.0.iter().any(|p| match &p.kind {
                    PartKind::Text(t) => t.title.is_some(),
                    PartKind::Heading(_) => false,
                }),
                _ => false,
            };
            let may = may_hold_title(line);
            assert!(!titled || may, "{}: {line}", path.display());
            titles += usize::from(titled);
            passed_over += usize::from(!may && line.contains("报告"));
        }
    }
    assert!(titles > 50, "{titles}");
    assert!(passed_over > 50, "{passed_over}");
}

/// The title read from the first lines (the planning pass of a batch) gives
/// the key the whole parse gives: on every report of the repository, and on
/// each with its title repeated as a preview block, its title moved down, its
/// body put on the line above, its first lines dropped, a preview block of
/// another title far enough down that the first 48 lines do not show it.
#[test]
fn title_keys_are_those_of_the_whole_parse() {
    use nianbao::analysis::previous::key_of;
    use nianbao::analysis::syntax::parse;
    use nianbao::cli::years::title_key;
    let texts = report_texts();
    assert!(texts.len() > 50, "{}", texts.len());
    let mut titled = 0;
    for (path, text) in &texts {
        let lines: Vec<&str> = text.lines().collect();
        let head: String = lines.iter().take(6).map(|l| format!("{l}\n")).collect();
        let blank = "\n".repeat(45);
        let variants = [
            text.clone(),
            format!("{head}{text}"),
            format!("{head}{blank}{text}"),
            format!("{blank}{blank}{blank}{text}"),
            lines.iter().skip(3).map(|l| format!("{l}\n")).collect(),
            text.replacen("2023年", "\n2023年", 1),
            text.replacen("政府信息公开", "\n政府信息公开", 1),
            // A preview block of another year's title, the report's own
            // title 40 lines below it: the second is the title.
            format!(
                "{}{}{}{text}",
                "\n".repeat(10),
                head.replacen("202", "201", 1),
                "\n".repeat(34)
            ),
        ];
        for (k, v) in variants.iter().enumerate() {
            let want = key_of(&parse(v));
            titled += usize::from(want.is_some());
            assert_eq!(title_key(v), want, "{} (variant {k})", path.display());
        }
    }
    assert!(titled > 100, "{titled}");
}

/// The index of `option` in mimalloc's `mi_option_e` (the vendored
/// mimalloc.h of the libmimalloc-sys that Cargo.lock names, found with
/// `cargo metadata`).
fn mimalloc_option_index(option: &str) -> usize {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--offline", "--format-version", "1"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let sys = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "libmimalloc-sys")
        .expect("libmimalloc-sys in the dependency graph");
    let manifest = PathBuf::from(sys["manifest_path"].as_str().unwrap());
    let header = manifest
        .parent()
        .unwrap()
        .join("c_src/mimalloc/v3/include/mimalloc.h");
    let text = std::fs::read_to_string(&header).unwrap();
    let body = text.split("typedef enum mi_option_e {").nth(1).unwrap();
    let body = body.split('}').next().unwrap();
    let names: Vec<&str> = body
        .lines()
        .map(|l| l.split("//").next().unwrap().trim())
        .filter(|l| l.starts_with("mi_option_"))
        .map(|l| l.trim_end_matches(',').split([' ', '=']).next().unwrap())
        .collect();
    names
        .iter()
        .position(|n| *n == option)
        .unwrap_or_else(|| panic!("{option} not in {names:?}"))
}

/// The value of `const NAME: c_int = N;` in src/main.rs.
fn main_rs_const(name: &str) -> usize {
    let text = std::fs::read_to_string(root().join("src/main.rs")).unwrap();
    let line = text
        .lines()
        .find(|l| l.contains(&format!("const {name}:")))
        .unwrap_or_else(|| panic!("{name} in src/main.rs"));
    let value = line
        .rsplit('=')
        .next()
        .unwrap()
        .trim()
        .trim_end_matches(';');
    value.parse().unwrap()
}

#[test]
fn the_allocator_option_set_is_the_one_meant() {
    // The one-shot commands set mimalloc's purge delay by number
    // (src/main.rs): a number off by one would silently set another option.
    assert_eq!(
        main_rs_const("MI_OPTION_PURGE_DELAY"),
        mimalloc_option_index("mi_option_purge_delay")
    );
}
