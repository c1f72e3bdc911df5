//! Reviewers' decisions end to end (issue 14), through the real binary:
//! dismissals in nianbao.toml (by fingerprint, by rule, stale, without a
//! reason), baselines, --select/--ignore, --show-dismissed, and the HTML
//! report's dismissed findings.

#[path = "support/page.rs"]
mod page;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .unwrap()
}

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn err(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("{e}: {}", out(o)))
}

/// The published report whose text says 行政处罚 38 条 where its table 2 has
/// the 38 under 行政强制: the narrative-mismatch warning of issue 14.
const XINXIANG: &str = "xinxiang-city-hrss-2023";

fn corpus(name: &str) -> PathBuf {
    root().join("tests/fixtures/corpus").join(name)
}

/// A folder with the report as `report.txt`.
fn folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus(&format!("{XINXIANG}.txt")),
        dir.path().join("report.txt"),
    )
    .unwrap();
    dir
}

/// The (rule, fingerprint) of each finding of a file, by `--format json`.
fn findings(dir: &Path, file: &str) -> Vec<(String, String)> {
    let v = json(&run_in(dir, &["check", "--format", "json", file]));
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn the_mismatch(dir: &Path) -> String {
    let f = findings(dir, "report.txt");
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "narrative-mismatch");
    f[0].1.clone()
}

fn write_toml(dir: &Path, text: &str) {
    std::fs::write(dir.join("nianbao.toml"), text).unwrap();
}

fn dismiss_entry(fp: &str) -> String {
    format!(
        "[[dismiss]]\nrule = \"narrative-mismatch\"\nfingerprint = \"{fp}\"\nreason = \"38 条为公开的信息条数，不是处理决定数\"\n"
    )
}

/// Three lines of prose inserted above the line holding `needle`.
fn insert_above(path: &Path, needle: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    let at = text.find(needle).unwrap();
    let line = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let lines = "这是新增的第一行。\n这是新增的第二行。\n这是新增的第三行。\n";
    std::fs::write(path, format!("{}{lines}{}", &text[..line], &text[line..])).unwrap();
}

#[test]
fn a_dismissal_by_fingerprint_survives_inserted_lines_and_the_docx() {
    let dir = folder();
    let d = dir.path();
    let fp = the_mismatch(d);
    let o = run_in(d, &["check", "--deny", "warnings", "report.txt"]);
    assert_eq!(o.status.code(), Some(1), "not dismissed yet: {}", out(&o));

    write_toml(d, &dismiss_entry(&fp));
    let o = run_in(d, &["check", "--deny", "warnings", "report.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    let text = out(&o);
    assert!(!text.contains("narrative-mismatch"), "{text}");
    assert!(
        text.contains("0 个警告") && text.contains("已忽略 1 个问题"),
        "{text}"
    );

    // Three lines above the finding: the line numbers change, the
    // fingerprint does not.
    insert_above(&d.join("report.txt"), "行政处罚信息 38 条");
    let moved = findings(d, "report.txt");
    assert!(moved.is_empty(), "still dismissed: {moved:?}");
    let v = json(&run_in(
        d,
        &[
            "check",
            "--format",
            "json",
            "--show-dismissed",
            "report.txt",
        ],
    ));
    let dismissed = &v["files"][0]["dismissed"][0];
    assert_eq!(dismissed["fingerprint"], fp.as_str());
    assert_eq!(dismissed["line"], 14, "3 lines further down: {dismissed}");
    assert_eq!(dismissed["reason"], "38 条为公开的信息条数，不是处理决定数");
    assert_eq!(dismissed["dismissed_by"], "nianbao.toml:1");
    assert_eq!(v["dismissed"], 1);

    // The same report as a Word document, beside it.
    std::fs::copy(
        root().join(format!("tests/fixtures/docx/{XINXIANG}.docx")),
        d.join("report.docx"),
    )
    .unwrap();
    let o = run_in(d, &["check", "--deny", "warnings", "report.docx"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("已忽略 1 个问题"), "{}", out(&o));
    // …and it is the same finding: without the dismissal, the same fingerprint.
    std::fs::remove_file(d.join("nianbao.toml")).unwrap();
    assert_eq!(
        findings(d, "report.docx"),
        vec![("narrative-mismatch".to_string(), fp)]
    );
}

#[test]
fn a_dismissal_of_a_rule_and_a_file_glob() {
    let dir = folder();
    let d = dir.path();
    std::fs::create_dir(d.join("2024")).unwrap();
    std::fs::copy(d.join("report.txt"), d.join("2024/report.txt")).unwrap();
    write_toml(
        d,
        "[[dismiss]]\nrule = \"narrative-mismatch\"\nfile = \"2024/*.txt\"\nreason = \"本局公开的是信息条数\"\n",
    );
    let v = json(&run_in(d, &["check", "--format", "json", "."]));
    let files = v["files"].as_array().unwrap();
    let count = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .map(|f| f["diagnostics"].as_array().unwrap().len())
    };
    assert_eq!(count("2024/report.txt"), Some(0), "{v}");
    assert_eq!(
        count("./report.txt").or(count("report.txt")),
        Some(1),
        "{v}"
    );
}

#[test]
fn stale_dismissals_are_reported_with_the_file_and_line() {
    let dir = folder();
    let d = dir.path();
    let fp = the_mismatch(d);
    write_toml(
        d,
        &format!(
            "language = \"zh\"\n\n{}\n[[dismiss]]\nrule = \"narrative-mismatch\"\nfingerprint = \"0123456789abcdef\"\nreason = \"早已改正的一处\"\n",
            dismiss_entry(&fp)
        ),
    );
    let o = run_in(d, &["check", "report.txt"]);
    assert_eq!(o.status.code(), Some(0), "an info: {}", out(&o));
    let text = out(&o);
    assert!(
        text.contains("nianbao.toml:8: info[stale-dismissal]") && text.contains("0123456789abcdef"),
        "{text}"
    );
    assert!(
        !text.contains("nianbao.toml:3"),
        "the used one is not stale: {text}"
    );
    assert!(text.contains("1 条提示"), "counted as an info: {text}");
    let v = json(&run_in(d, &["check", "--format", "json", "report.txt"]));
    let toml = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == "nianbao.toml")
        .unwrap_or_else(|| panic!("{v}"));
    assert_eq!(toml["diagnostics"][0]["rule"], "stale-dismissal");
    assert_eq!(toml["diagnostics"][0]["severity"], "info");
    assert_eq!(toml["diagnostics"][0]["line"], 8);
    // A rule that did not run does not make its dismissals stale.
    let o = run_in(d, &["check", "--select", "arithmetic", "report.txt"]);
    assert!(!out(&o).contains("stale-dismissal"), "{}", out(&o));
}

#[test]
fn a_dismissal_without_a_reason_or_with_an_unknown_rule_is_an_error() {
    let dir = folder();
    let d = dir.path();
    let fp = the_mismatch(d);
    write_toml(
        d,
        &format!(
            "[rules]\nlabel-drift = \"off\"\n\n[[dismiss]]\nrule = \"narrative-mismatch\"\nfingerprint = \"{fp}\"\n"
        ),
    );
    let o = run_in(d, &["check", "report.txt"]);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let e = err(&o);
    assert!(
        e.contains("nianbao.toml:4:") && e.contains("须写明理由"),
        "file, line and problem: {e}"
    );
    write_toml(
        d,
        "[[dismiss]]\nrule = \"narrative-mismatch\"\nreason = \"\"\n",
    );
    let e = err(&run_in(d, &["check", "--lang", "en", "report.txt"]));
    assert!(
        e.contains("nianbao.toml:3:") && e.contains("needs a reason"),
        "{e}"
    );
    write_toml(
        d,
        "[[dismiss]]\nrule = \"narative-mismatch\"\nreason = \"x\"\n",
    );
    let o = run_in(d, &["check", "report.txt"]);
    assert_eq!(o.status.code(), Some(2));
    let e = err(&o);
    assert!(
        e.contains("nianbao.toml:2:")
            && e.contains("narative-mismatch")
            && e.contains("narrative-mismatch"),
        "unknown rule, with a suggestion: {e}"
    );
    // The HTML report reads the same file.
    let o = run_in(d, &["report", ".", "--html", "out.html"]);
    assert_eq!(o.status.code(), Some(2), "{}", err(&o));
    assert!(!d.join("out.html").exists());
}

#[test]
fn a_baseline_hides_old_findings_and_lets_a_new_broken_total_through() {
    let dir = folder();
    let d = dir.path();
    std::fs::copy(
        corpus("linwei-district-hrss-2023.txt"),
        d.join("linwei.txt"),
    )
    .unwrap();
    std::fs::create_dir(d.join("ci")).unwrap();
    let o = run_in(d, &["check", "--write-baseline", "ci/baseline.json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert!(out(&o).contains("写入基线"), "{}", out(&o));
    let first = std::fs::read_to_string(d.join("ci/baseline.json")).unwrap();
    let v: Value = serde_json::from_str(&first).unwrap();
    let entries = v["findings"].as_array().unwrap();
    // Every finding of both reports: linwei's errors and xinxiang's warning.
    let all = findings(d, "linwei.txt").len() + findings(d, "report.txt").len();
    assert!(all > 5, "{all} findings");
    assert_eq!(entries.len(), all, "{first}");
    assert!(
        entries
            .iter()
            .all(|e| e["file"] == "../linwei.txt" || e["file"] == "../report.txt"),
        "{first}"
    );
    let keys: Vec<(String, String, String)> = entries
        .iter()
        .map(|e| {
            let f = |k: &str| e[k].as_str().unwrap().to_string();
            (f("file"), f("rule"), f("fingerprint"))
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted, "sorted");
    // Stable: the same bytes from another run, from another folder.
    let o = run_in(
        &d.join("ci"),
        &["check", "--write-baseline", "again.json", ".."],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("ci/again.json")).unwrap(),
        first
    );

    // Nothing new: nothing reported, exit 0.
    let o = run_in(d, &["check", "--baseline", "ci/baseline.json", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let text = out(&o);
    assert!(!text.contains("error["), "{text}");
    assert!(
        text.contains(&format!("{} 个问题已在基线中", entries.len()))
            && text.contains("0 个问题已不再出现"),
        "{text}"
    );

    // A new broken total in table 3 (12 for 11): only it is reported.
    std::fs::copy(
        root().join("editors/tests/fixtures/xinxiang-broken-total.txt"),
        d.join("report.txt"),
    )
    .unwrap();
    let o = run_in(
        d,
        &[
            "check",
            "--baseline",
            "ci/baseline.json",
            "--format",
            "json",
            ".",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let v = json(&o);
    let reported: Vec<(&str, &str, &str)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| {
            let s = |k: &str| d[k].as_str().unwrap();
            (s("rule"), s("fingerprint"), s("message"))
        })
        .collect();
    let rules: Vec<&str> = reported.iter().map(|r| r.0).collect();
    assert!(rules.contains(&"row-total"), "{reported:?}");
    // The new total's consequences (（七）总计, the text's 予以公开 11 条),
    // not the old findings.
    for (rule, fp, msg) in &reported {
        assert!(
            !entries.iter().any(|e| e["fingerprint"] == *fp),
            "an old finding reported: {rule} {msg}"
        );
    }
    assert_eq!(reported.len(), 3, "{reported:?}");
    assert_eq!(v["baseline"]["known"], entries.len());
    assert_eq!(v["baseline"]["gone"], 0);

    // Fixing an old finding: it is gone from the baseline's point of view.
    let text = std::fs::read_to_string(d.join("report.txt")).unwrap();
    std::fs::write(
        d.join("report.txt"),
        text.replace("行政处罚信息 38 条", "行政强制信息 38 条"),
    )
    .unwrap();
    let o = run_in(d, &["check", "--baseline", "ci/baseline.json", "."]);
    assert!(out(&o).contains("1 个问题已不再出现"), "{}", out(&o));
}

#[test]
fn write_baseline_never_overwrites_an_input() {
    let dir = folder();
    let d = dir.path();
    let before = std::fs::read(d.join("report.txt")).unwrap();
    let o = run_in(
        d,
        &["check", "--write-baseline", "report.txt", "report.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("--write-baseline"), "{}", err(&o));
    assert_eq!(std::fs::read(d.join("report.txt")).unwrap(), before);
    write_toml(d, "language = \"zh\"\n");
    let o = run_in(
        d,
        &["check", "--write-baseline", "nianbao.toml", "report.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(d.join("nianbao.toml")).unwrap(),
        "language = \"zh\"\n"
    );
    // A missing or broken baseline is an error, not an empty baseline.
    let o = run_in(d, &["check", "--baseline", "none.json", "report.txt"]);
    assert_eq!(o.status.code(), Some(2));
    std::fs::write(d.join("bad.json"), "{").unwrap();
    let o = run_in(d, &["check", "--baseline", "bad.json", "report.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("bad.json"), "{}", err(&o));
}

#[test]
fn select_and_ignore_rules_and_categories() {
    let dir = folder();
    let d = dir.path();
    std::fs::copy(
        corpus("linwei-district-hrss-2023.txt"),
        d.join("linwei.txt"),
    )
    .unwrap();
    let rules = |args: &[&str]| -> Vec<String> {
        let mut a = vec!["check", "--format", "json"];
        a.extend_from_slice(args);
        a.push("linwei.txt");
        let v = json(&run_in(d, &a));
        let mut r: Vec<String> = v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule"].as_str().unwrap().to_string())
            .collect();
        r.dedup();
        r
    };
    let all = rules(&[]);
    assert!(
        all.contains(&"missing-cell".to_string()) && all.contains(&"missing-section".to_string())
    );
    let structure = rules(&["--select", "structure"]);
    assert_eq!(structure, ["missing-section"]);
    let some = rules(&[
        "--select",
        "tables,thin-section",
        "--ignore",
        "missing-cell",
    ]);
    assert!(
        !some.contains(&"missing-cell".to_string()) && some.contains(&"missing-row".to_string())
    );
    assert!(some.contains(&"thin-section".to_string()));
    assert!(!some.contains(&"missing-section".to_string()));
    // In nianbao.toml; the command line's --select replaces it.
    write_toml(d, "select = [\"structure\"]\nignore = [\"thin-section\"]\n");
    assert_eq!(rules(&[]), ["missing-section"]);
    assert!(
        rules(&["--select", "narrative"])
            .iter()
            .all(|r| r != "thin-section" && r != "missing-section")
    );
    // Unknown names are usage errors, with the nearest id.
    let o = run_in(d, &["check", "--ignore", "missing-cel", "linwei.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("missing-cel") && err(&o).contains("missing-cell"),
        "{}",
        err(&o)
    );
    let o = run_in(
        d,
        &["report", "--select", "tabels", ".", "--html", "out.html"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("tables"), "{}", err(&o));
    write_toml(d, "language = \"zh\"\nselect = [\"arithmetics\"]\n");
    let o = run_in(d, &["check", "linwei.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err(&o).contains("nianbao.toml:2:") && err(&o).contains("arithmetic"),
        "{}",
        err(&o)
    );
}

#[test]
fn sarif_carries_fingerprints_and_suppressions() {
    let dir = folder();
    let d = dir.path();
    let fp = the_mismatch(d);
    write_toml(
        d,
        &format!(
            "{}\n[[dismiss]]\nrule = \"row-total\"\nreason = \"无\"\n",
            dismiss_entry(&fp)
        ),
    );
    let v = json(&run_in(d, &["check", "--format", "sarif", "report.txt"]));
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "only the stale entry: {v}");
    assert_eq!(results[0]["ruleId"], "stale-dismissal");
    assert_eq!(results[0]["level"], "note");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        6
    );
    let v = json(&run_in(
        d,
        &[
            "check",
            "--format",
            "sarif",
            "--show-dismissed",
            "report.txt",
        ],
    ));
    let r = &v["runs"][0]["results"][0];
    assert_eq!(r["partialFingerprints"]["nianbao/v1"], fp.as_str());
    assert_eq!(r["suppressions"][0]["kind"], "external");
    assert_eq!(
        r["suppressions"][0]["justification"],
        "38 条为公开的信息条数，不是处理决定数"
    );
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft4::options().build(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

#[test]
fn the_html_report_lists_dismissed_findings_apart_and_passes_a_report_with_only_dismissed_errors() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        root().join("editors/tests/fixtures/xinxiang-broken-total.txt"),
        d.join("report.txt"),
    )
    .unwrap();
    let o = run_in(d, &["report", ".", "--html", "out.html"]);
    assert_eq!(o.status.code(), Some(0));
    let html = std::fs::read_to_string(d.join("out.html")).unwrap();
    assert_eq!(
        page::reports(&html)[0].status,
        "fail",
        "a broken total fails"
    );
    write_toml(
        d,
        "[[dismiss]]\nrule = \"row-total\"\nreason = \"原件如此，已另函说明\"\n\n[[dismiss]]\nrule = \"result-total\"\nreason = \"同上\"\n\n[[dismiss]]\nrule = \"balance\"\nreason = \"同上\"\n",
    );
    let o = run_in(d, &["report", ".", "--html", "out.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let html = std::fs::read_to_string(d.join("out.html")).unwrap();
    let reports = page::reports(&html);
    // Only dismissed errors: no longer failing; the report's own warning
    // leaves it among those with only warnings (pass/warn/fail partition).
    assert_eq!(reports.len(), 1);
    let r = &reports[0];
    assert_eq!(r.status, "warn", "only dismissed errors: not failing");
    assert!(
        html.contains("id=\"n-errors\" data-count=\"0\""),
        "not counted"
    );
    assert!(html.contains("id=\"n-dismissed\""), "counted apart");
    let row_total = r
        .dismissed
        .iter()
        .find(|x| x.rule == "row-total")
        .expect("listed apart");
    assert_eq!(row_total.reason, "原件如此，已另函说明", "with its reason");
    assert!(
        row_total.source.ends_with("nianbao.toml:1"),
        "{row_total:?}"
    );
    assert_eq!(row_total.fingerprint.len(), 16, "fingerprints");
    assert!(r.findings.iter().all(|x| x.fingerprint.len() == 16));
}

#[test]
fn fix_leaves_a_dismissed_finding_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let broken =
        std::fs::read_to_string(root().join("editors/tests/fixtures/xinxiang-broken-total.txt"))
            .unwrap();
    std::fs::write(d.join("report.txt"), &broken).unwrap();
    write_toml(
        d,
        "[[dismiss]]\nrule = \"row-total\"\nreason = \"原件如此\"\n\n[[dismiss]]\nrule = \"result-total\"\nreason = \"原件如此\"\n",
    );
    let o = run_in(d, &["check", "--fix", "report.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", out(&o), err(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("report.txt")).unwrap(),
        broken,
        "the dismissed total is kept"
    );
    // Without the dismissals, --fix recomputes it.
    std::fs::remove_file(d.join("nianbao.toml")).unwrap();
    run_in(d, &["check", "--fix", "report.txt"]);
    assert_ne!(
        std::fs::read_to_string(d.join("report.txt")).unwrap(),
        broken
    );
}

#[test]
fn fix_of_a_word_document_leaves_a_dismissed_finding_alone() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::copy(
        root().join("tests/fixtures/docx/broken/xinxiang-city-hrss-2023-broken.docx"),
        d.join("report.docx"),
    )
    .unwrap();
    let of = |all: &[(String, String)], rule: &str| -> Vec<String> {
        all.iter()
            .filter(|(r, _)| r == rule)
            .map(|(_, fp)| fp.clone())
            .collect()
    };
    let before = findings(d, "report.docx");
    let totals = of(&before, "row-total");
    assert!(!totals.is_empty(), "{before:?}");
    assert!(!of(&before, "invalid-number").is_empty(), "{before:?}");
    write_toml(
        d,
        "[[dismiss]]\nrule = \"row-total\"\nreason = \"原件如此\"\n",
    );
    let o = run_in(d, &["check", "--fix", "report.docx"]);
    assert!(out(&o).contains("已修复"), "{}{}", out(&o), err(&o));
    std::fs::remove_file(d.join("nianbao.toml")).unwrap();
    let after = findings(d, "report.docx");
    assert_eq!(
        of(&after, "row-total"),
        totals,
        "the dismissed totals are kept"
    );
    assert!(
        of(&after, "invalid-number").is_empty(),
        "the rest is fixed: {after:?}"
    );
}
