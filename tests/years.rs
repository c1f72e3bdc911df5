//! Across years, end to end through the binary: reports pair with the same
//! body's report of the year before by the titles (not the file names), in a
//! folder, given as files, or with `--previous`; two-year fixture pairs where
//! the carry-over matches (`tests/fixtures/years/matching`) and where it does
//! not (`…/mismatching`: 3 carried forward in 2022, 1 carried over in 2023; 10
//! 行政规范性文件 in force in 2022, 12 in 2023 after 2 issued and 1 repealed;
//! section 五 copied).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn years(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/years")
        .join(rel)
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap()
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// (file name, rule, line, column) of every diagnostic across years.
fn across_years(o: &Output) -> Vec<(String, String, u64, u64)> {
    let json: Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout)));
    let mut out = Vec::new();
    for f in json["files"].as_array().unwrap() {
        let name = Path::new(f["path"].as_str().unwrap())
            .file_name()
            .unwrap()
            .to_string_lossy()
            .to_string();
        for d in f["diagnostics"].as_array().unwrap() {
            let rule = d["rule"].as_str().unwrap();
            if matches!(
                rule,
                "carryover-mismatch" | "valid-count-drift" | "copied-from-last-year"
            ) {
                out.push((
                    name.clone(),
                    rule.to_string(),
                    d["line"].as_u64().unwrap(),
                    d["column"].as_u64().unwrap(),
                ));
            }
        }
    }
    out
}

fn expected_mismatches() -> Vec<(String, String, u64, u64)> {
    [
        ("valid-count-drift", 22, 13),
        ("carryover-mismatch", 40, 18),
        ("carryover-mismatch", 40, 28),
        ("carryover-mismatch", 40, 30),
        ("copied-from-last-year", 77, 1),
    ]
    .iter()
    .map(|(r, l, c)| ("2023.md".to_string(), r.to_string(), *l, *c))
    .collect()
}

#[test]
fn a_pair_that_agrees_has_no_findings_across_years() {
    let o = run(&["check", "--format", "json", arg(&years("matching"))]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(across_years(&o), vec![]);
    // Both files are reports of the same body, two years apart: the pair was
    // made (the check is not vacuous) — break the carry-over and it fires.
    let dir = tempfile::tempdir().unwrap();
    for f in ["上年年报.txt", "年报-定稿.txt"] {
        std::fs::copy(years("matching").join(f), dir.path().join(f)).unwrap();
    }
    let now = dir.path().join("年报-定稿.txt");
    let text = std::fs::read_to_string(&now).unwrap();
    let broken = text.replacen(
        "二、上年结转政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1",
        "二、上年结转政府信息公开申请数量\t0\t0\t0\t0\t0\t0\t0",
        1,
    );
    assert_ne!(broken, text);
    std::fs::write(&now, broken).unwrap();
    let o = run(&["check", "--format", "json", arg(dir.path())]);
    let rules: Vec<String> = across_years(&o).into_iter().map(|x| x.1).collect();
    assert_eq!(rules, ["carryover-mismatch", "carryover-mismatch"]);
}

#[test]
fn a_pair_that_disagrees_is_reported_cell_by_cell() {
    let o = run(&["check", "--format", "json", arg(&years("mismatching"))]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(across_years(&o), expected_mismatches());
}

#[test]
fn messages_name_both_sides_and_last_years_file() {
    let o = run(&["check", "-q", arg(&years("mismatching"))]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("表三「二、上年结转政府信息公开申请数量」行「总计」列为 1，但上年报告（"),
        "{out}"
    );
    assert!(
        out.contains("2022.md）的「四、结转下年度继续办理」为 3"),
        "{out}"
    );
    assert!(out.contains("现行有效件数为 12，但上年报告（"), "{out}");
    assert!(out.contains("应为 10+2−1 = 11"), "{out}");
    assert!(out.contains("第五部分与上年报告（"), "{out}");
    assert!(
        out.contains(
            "的相似度为 100%，最长的相同段落有 68 个字：「主要问题：主动公开栏目更新不够及时"
        ),
        "{out}"
    );
    let o = run(&["check", "-q", "--lang", "en", arg(&years("mismatching"))]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("but last year's report ("), "{out}");
    assert!(out.contains("carried 3 forward (row 四)"), "{out}");
}

/// `prefix/`: "东湖区人民政府" (2022) and "示例市东湖区人民政府" (2023, the
/// title over two lines as PDF text gives it) are one body; 10 documents in
/// force in 2022 and 12 in 2023 after 2 issued and 1 repealed.
fn expected_prefix() -> Vec<(String, String, u64, u64)> {
    vec![(
        "示例市东湖区-2023.txt".to_string(),
        "valid-count-drift".to_string(),
        23,
        13,
    )]
}

#[test]
fn a_body_named_with_its_city_in_front_pairs_with_its_name_without() {
    let o = run(&["check", "--format", "json", arg(&years("prefix"))]);
    assert_eq!(across_years(&o), expected_prefix());
    let o = run(&["check", "-q", arg(&years("prefix"))]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("东湖区-2022.txt）为 10"), "{out}");
}

#[test]
fn different_bodies_never_pair() {
    // 示例市南湖区 2022 / 示例市北湖区 2023 and 示例市人民政府 2022 / 示例市人民政府办公室
    // 2023: the same figures as `prefix/`, so a pair would show valid-count-drift.
    let o = run(&["check", "--format", "json", arg(&years("two-bodies"))]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert_eq!(across_years(&o), vec![]);
}

#[test]
fn each_body_pairs_with_its_own_previous_year() {
    // Every body's reports in one walk: the same findings as each folder alone.
    let o = run(&["check", "--format", "json", arg(&years(""))]);
    let mut expected = expected_mismatches();
    expected.extend(expected_prefix());
    let mut found = across_years(&o);
    found.sort();
    expected.sort();
    assert_eq!(found, expected);
    // One body's 2023 and another body's 2022 do not pair.
    let o = run(&[
        "check",
        "--format",
        "json",
        arg(&years("matching/年报-定稿.txt")),
        arg(&years("mismatching/2022.md")),
    ]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(across_years(&o), vec![]);
}

#[test]
fn files_given_one_by_one_and_previous_pair_too() {
    let now = years("mismatching/2023.md");
    let then = years("mismatching/2022.md");
    // This year's report alone: nothing to compare with.
    let o = run(&["check", "--format", "json", arg(&now)]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(across_years(&o), vec![]);
    // Both files, in any order.
    let o = run(&["check", "--format", "json", arg(&now), arg(&then)]);
    assert_eq!(across_years(&o), expected_mismatches());
    // Last year's report named with --previous: compared with, not checked.
    let o = run(&[
        "check",
        "--format",
        "json",
        arg(&now),
        "--previous",
        arg(&then),
    ]);
    assert_eq!(across_years(&o), expected_mismatches());
    let json: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(json["files"].as_array().unwrap().len(), 1);
}

#[test]
fn a_previous_that_cannot_be_used_is_a_clear_error() {
    let now = years("mismatching/2023.md");
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "会议纪要\n\n无标题的文字。\n").unwrap();
    let o = run(&["check", arg(&now), "--previous", arg(&notes)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("notes.txt: --previous 的报告没有可识别的标题"),
        "{err}"
    );
    let o = run(&[
        "check",
        arg(&now),
        "--previous",
        arg(&dir.path().join("missing.txt")),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("missing.txt: 无法读取"), "{err}");
}

#[test]
fn the_audit_page_pairs_reports_too() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("audit.html");
    let o = run(&["report", arg(&years("mismatching")), "--html", arg(&page)]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("carryover-mismatch"),
        "the page lists the findings across years"
    );
}
