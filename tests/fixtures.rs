//! Data-driven tests: every report under `tests/fixtures/` (`*.txt`, `*.md`,
//! except upper-case notes such as `EXPECTED.md`) is checked, and its findings
//! are compared with `<name>.expected` beside it. Where `--fix` changes the
//! report, the fixed text is compared with `<name>.fixed`, and fixing it again
//! must change nothing.
//!
//! A fixture's settings, if it needs any (a rule that is off by default, a
//! body type), are in `<name>.toml` beside it, in the `nianbao.toml` format.
//!
//! To (re)write the expected files after an intended change:
//! `NIANBAO_BLESS=1 cargo test --test fixtures`, then review the diff.

use nianbao::analysis::analyze;
use nianbao::analysis::config::{Config, Lang};
use nianbao::cli::check::fix_text;
use nianbao::cli::decode::decode;
use nianbao::cli::render::position;
use nianbao::config_file::ProjectConfig;
use std::fmt::Write;
use std::path::{Path, PathBuf};

fn fixtures(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            fixtures(&p, out);
            continue;
        }
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        let is_note = name.chars().next().is_some_and(|c| c.is_ascii_uppercase());
        if (ext == "txt" || ext == "md") && !is_note {
            out.push(p);
        }
    }
}

/// The findings of a report, one per line, with their fixes.
fn render(text: &str, config: &Config) -> String {
    let a = analyze(text, config);
    let mut s = String::new();
    for f in &a.findings {
        let (l, c) = position(text, &a.report.lines, f.span.start);
        let (el, ec) = position(text, &a.report.lines, f.span.end);
        let _ = writeln!(
            s,
            "{l}:{c}-{el}:{ec} {}[{}] {}",
            f.severity.as_str(),
            f.rule,
            f.message
        );
        for x in &f.fixes {
            let _ = writeln!(
                s,
                "    fix{}: {}",
                if x.safe { " (safe)" } else { "" },
                x.title
            );
        }
    }
    if s.is_empty() {
        s.push_str("(no findings)\n");
    }
    s
}

/// A fixture's settings: `<name>.toml` beside it (a `nianbao.toml`), if any.
fn config_of(report: &Path) -> Config {
    let path = report.with_extension("toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => ProjectConfig::parse(&path, &text, Lang::En)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .apply(&Config::default(), false),
        Err(_) => Config::default(),
    }
}

fn compare(path: &Path, actual: &str, bless: bool, failures: &mut Vec<String>) {
    match std::fs::read_to_string(path) {
        Ok(expected) if expected == actual => {}
        Ok(_) | Err(_) if bless => std::fs::write(path, actual).unwrap(),
        Ok(expected) => failures.push(format!(
            "{}: differs\n--- expected\n{}--- actual\n{}",
            path.display(),
            expected,
            actual
        )),
        Err(_) => failures.push(format!(
            "{}: missing (run with NIANBAO_BLESS=1 to create it)",
            path.display()
        )),
    }
}

#[test]
fn fixtures_match_their_expected_findings() {
    let bless = std::env::var_os("NIANBAO_BLESS").is_some();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut files = Vec::new();
    fixtures(&root, &mut files);
    assert!(
        files.len() >= 3,
        "no fixtures found under {}",
        root.display()
    );
    let mut failures = Vec::new();
    for p in &files {
        let bytes = std::fs::read(p).unwrap();
        let text = decode(&bytes)
            .unwrap_or_else(|e| panic!("{}: {e:?}", p.display()))
            .text;
        let config = config_of(p);
        compare(
            &p.with_extension(format!(
                "{}.expected",
                p.extension().unwrap().to_string_lossy()
            )),
            &render(&text, &config),
            bless,
            &mut failures,
        );

        let (fixed, n, _) = fix_text(&text, &config);
        let fixed_path = p.with_extension(format!(
            "{}.fixed",
            p.extension().unwrap().to_string_lossy()
        ));
        if n > 0 {
            compare(&fixed_path, &fixed, bless, &mut failures);
            let (again, m, _) = fix_text(&fixed, &config);
            if m != 0 || again != fixed {
                failures.push(format!(
                    "{}: a second --fix changed the text again ({m} edits)",
                    p.display()
                ));
            }
        } else if fixed_path.exists() {
            if bless {
                std::fs::remove_file(&fixed_path).unwrap();
            } else {
                failures.push(format!(
                    "{}: --fix changes nothing, but {} exists",
                    p.display(),
                    fixed_path.display()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} fixture problem(s):\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}
