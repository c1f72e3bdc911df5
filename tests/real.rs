//! The real-report evaluation (issue 11): every real report in `tests/real/`
//! is checked by the real binary and its errors and warnings are compared with
//! what a careful reviewer asks the drafter to change, written beside it in
//! `<file>.review` (format in `tests/real/README.md`).
//!
//! Prints `real reports: N expected found of M, F false errors, W false
//! warnings` and fails on any false error or warning and on any expected
//! finding that is missing. Infos are not scored (a reviewer may ignore them)
//! unless a review expects one.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One line of a review: a finding the reviewer expects.
#[derive(Debug)]
struct Expect {
    severity: String,
    rule: String,
    /// 1-based line of the finding's start, or `None` for `*`.
    line: Option<u64>,
    /// Words the message must contain.
    words: String,
    /// Where it is written (file:line of the review).
    #[allow(dead_code, reason = "shown by the Debug output of a missed finding")]
    at: String,
}

fn parse_review(path: &Path) -> Vec<Expect> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        let at = format!("{}:{}", path.display(), i + 1);
        let mut parts = l.splitn(5, char::is_whitespace);
        let (Some("expect"), Some(sev), Some(rule), Some(line)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            panic!("{at}: expected `expect <severity> <rule> <line|*> [words]`: {raw}");
        };
        assert!(
            matches!(sev, "error" | "warning" | "info"),
            "{at}: unknown severity {sev}"
        );
        let line = (line != "*").then(|| {
            line.parse()
                .unwrap_or_else(|_| panic!("{at}: bad line number {line}"))
        });
        out.push(Expect {
            severity: sev.to_string(),
            rule: rule.to_string(),
            line,
            words: parts.next().unwrap_or("").trim().to_string(),
            at,
        });
    }
    out
}

/// The reports of `tests/real/`: every file but the reviews and the README.
fn reports() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("tests/real"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            !name.ends_with(".review") && name != "README.md"
        })
        .collect();
    files.sort();
    files
}

fn findings(report: &Path) -> Vec<Value> {
    let o = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json", "--lang", "zh"])
        .arg(report)
        .output()
        .unwrap();
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}: exit {:?}: {}",
        report.display(),
        o.status.code(),
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    doc["files"][0]["diagnostics"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn matches(e: &Expect, d: &Value) -> bool {
    d["rule"] == e.rule.as_str()
        && d["severity"] == e.severity.as_str()
        && e.line.is_none_or(|l| d["line"].as_u64() == Some(l))
        && d["message"].as_str().unwrap_or("").contains(&e.words)
}

fn describe(d: &Value) -> String {
    format!(
        "{}:{} {}[{}] {}",
        d["line"],
        d["column"],
        d["severity"].as_str().unwrap_or(""),
        d["rule"].as_str().unwrap_or(""),
        d["message"].as_str().unwrap_or("")
    )
}

#[test]
fn real_reports_give_the_reviewers_findings_and_no_others() {
    let (mut expected, mut found, mut false_errors, mut false_warnings) = (0, 0, 0, 0);
    let mut problems = Vec::new();
    // False findings per (rule, severity), to see which rules cry wolf.
    let mut by_rule: std::collections::BTreeMap<(String, String), usize> = Default::default();
    let all = reports();
    assert!(all.len() >= 17, "tests/real/ holds the corpus: {all:?}");
    for report in &all {
        let name = report.file_name().unwrap().to_string_lossy().to_string();
        let review = report.with_file_name(format!("{name}.review"));
        assert!(
            review.exists(),
            "{name} has no review ({})",
            review.display()
        );
        let expects = parse_review(&review);
        let diags = findings(report);
        let mut used = vec![false; diags.len()];
        for e in &expects {
            expected += 1;
            match (0..diags.len()).find(|&i| !used[i] && matches(e, &diags[i])) {
                Some(i) => {
                    used[i] = true;
                    found += 1;
                }
                None => problems.push(format!(
                    "{name}: missed {} {} {} «{}» ({})",
                    e.severity,
                    e.rule,
                    e.line.map_or("*".to_string(), |l| l.to_string()),
                    e.words,
                    e.at
                )),
            }
        }
        for (d, used) in diags.iter().zip(used) {
            if used {
                continue;
            }
            match d["severity"].as_str() {
                Some("error") => false_errors += 1,
                Some("warning") => false_warnings += 1,
                _ => continue,
            }
            *by_rule
                .entry((
                    d["rule"].as_str().unwrap_or("").to_string(),
                    d["severity"].as_str().unwrap_or("").to_string(),
                ))
                .or_default() += 1;
            problems.push(format!("{name}: false {}", describe(d)));
        }
    }
    println!(
        "real reports: {found} expected found of {expected}, {false_errors} false errors, {false_warnings} false warnings"
    );
    if !by_rule.is_empty() {
        let rules: Vec<String> = by_rule
            .iter()
            .map(|((rule, sev), n)| format!("{rule} {n} {sev}"))
            .collect();
        println!("  false by rule: {}", rules.join(", "));
    }
    for p in &problems {
        println!("  {p}");
    }
    assert!(
        problems.is_empty(),
        "real reports: {found} expected found of {expected}, {false_errors} false errors, {false_warnings} false warnings:\n{}",
        problems.join("\n")
    );
}
