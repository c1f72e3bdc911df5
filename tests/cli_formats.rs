//! End-to-end tests of the `nianbao` binary's CI and review outputs: SARIF
//! (validated against the official 2.1.0 schema), GitHub workflow commands,
//! JUnit XML, `--deny warnings`, `--quiet`, `--statistics`, `--output`, the
//! batch summary table, the progress bar, and `nianbao report --html`.

#[path = "support/page.rs"]
mod page;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    c.env("NO_COLOR", "1").env_remove("CI");
    c
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let ext = p.extension().and_then(|e| e.to_str()).unwrap_or("");
        if matches!(ext, "txt" | "md") {
            std::fs::copy(&p, to.join(p.file_name().unwrap())).unwrap();
        }
    }
}

/// A folder `reports/` in a temp dir with the corpus, the layouts and the rule
/// fixtures (errors, warnings, infos, related cells, fixes), and one binary
/// file that cannot be decoded.
fn batch() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    copy_dir(
        &root().join("tests/fixtures/corpus"),
        &reports.join("corpus"),
    );
    copy_dir(
        &root().join("tests/fixtures/layouts"),
        &reports.join("layouts"),
    );
    copy_dir(&root().join("tests/fixtures/rules"), &reports.join("rules"));
    dir
}

/// Runs the binary in `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    bin().current_dir(dir).args(args).output().unwrap()
}

/// The JSON format's view of the same input: the reference the other formats
/// are compared with.
fn json_of(dir: &Path, args: &[&str]) -> Value {
    let mut a = vec!["check", "--format", "json"];
    a.extend_from_slice(args);
    let o = run_in(dir, &a);
    serde_json::from_slice(&o.stdout).unwrap()
}

fn diagnostics(json: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for f in json["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            out.push((f["path"].as_str().unwrap().to_string(), d.clone()));
        }
    }
    out
}

fn count_severity(json: &Value, sev: &str) -> usize {
    diagnostics(json)
        .iter()
        .filter(|(_, d)| d["severity"] == sev)
        .count()
}

// ---- SARIF ------------------------------------------------------------------

fn sarif_validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the official schema compiles")
}

fn schema_errors(v: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    v.iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn sarif_is_valid_against_the_official_schema_and_matches_the_findings() {
    let dir = batch();
    std::fs::write(
        dir.path().join("reports/broken.txt"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2],
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--format", "sarif", "reports"]);
    assert_eq!(o.status.code(), Some(2), "an unreadable file: exit 2");
    let doc: Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    let validator = sarif_validator();
    let errors = schema_errors(&validator, &doc);
    assert!(errors.is_empty(), "schema errors: {errors:#?}");
    // The validator is real: a wrong level and a missing message are rejected.
    let mut bad = doc.clone();
    bad["runs"][0]["results"][0]["level"] = "fatal".into();
    assert!(!schema_errors(&validator, &bad).is_empty());
    let mut bad = doc.clone();
    bad["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!schema_errors(&validator, &bad).is_empty());

    assert_eq!(doc["version"], "2.1.0");
    let run = &doc["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    // Rules: every rule, with its documentation.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(run["tool"]["driver"]["name"], "nianbao");
    assert_eq!(rules.len(), nianbao::analysis::rules::RULES.len());
    for (r, meta) in rules
        .iter()
        .zip(nianbao::analysis::rules::RULES.iter().map(|r| &r.meta))
    {
        assert_eq!(r["id"], meta.id);
        assert_eq!(r["shortDescription"]["text"], meta.summary[0]);
        assert_eq!(r["fullDescription"]["text"], meta.explanation[0]);
        let help = r["help"]["text"].as_str().unwrap();
        let first_bad = meta.bad.lines().next().unwrap_or("");
        assert!(
            help.contains(&first_bad.replace('\t', "    ")),
            "{}: {help}",
            meta.id
        );
        assert!(help.contains("正确示例"), "{help}");
    }
    // The unreadable file is an error notification; the run was not successful.
    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], false);
    let notes = inv["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "reports/broken.txt"
    );

    // One result per finding, at the JSON format's positions.
    let json = json_of(dir.path(), &["reports"]);
    let diags = diagnostics(&json);
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), diags.len());
    assert!(results.len() > 50, "the batch has many findings");
    let mut related = 0;
    let mut fixes = 0;
    let mut notes_seen = false;
    for (r, (path, d)) in results.iter().zip(&diags) {
        assert_eq!(r["ruleId"], d["rule"]);
        let level = match d["severity"].as_str().unwrap() {
            "info" => "note",
            s => s,
        };
        notes_seen |= level == "note";
        assert_eq!(r["level"], level);
        assert_eq!(r["message"]["text"], d["message"]);
        let rule_index = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[rule_index]["id"], d["rule"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], path.as_str());
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &loc["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["end_line"]);
        assert_eq!(region["endColumn"], d["end_column"]);
        let rel = r["relatedLocations"].as_array().map_or(&[][..], |v| v);
        let drel = d["related"].as_array().unwrap();
        assert_eq!(rel.len(), drel.len());
        for (a, b) in rel.iter().zip(drel) {
            assert_eq!(a["message"]["text"], b["message"]);
            assert_eq!(a["physicalLocation"]["region"]["startLine"], b["line"]);
            assert_eq!(a["physicalLocation"]["region"]["startColumn"], b["column"]);
            related += 1;
        }
        let rf = r["fixes"].as_array().map_or(&[][..], |v| v);
        let df = d["fixes"].as_array().unwrap();
        assert_eq!(rf.len(), df.len());
        for (a, b) in rf.iter().zip(df) {
            assert_eq!(a["description"]["text"], b["title"]);
            assert_eq!(a["properties"]["safe"], b["safe"]);
            let reps = a["artifactChanges"][0]["replacements"].as_array().unwrap();
            let edits = b["edits"].as_array().unwrap();
            assert_eq!(reps.len(), edits.len());
            for (x, e) in reps.iter().zip(edits) {
                assert_eq!(x["deletedRegion"]["startLine"], e["line"]);
                assert_eq!(x["deletedRegion"]["startColumn"], e["column"]);
                assert_eq!(x["deletedRegion"]["endLine"], e["end_line"]);
                assert_eq!(x["deletedRegion"]["endColumn"], e["end_column"]);
                let inserted = x["insertedContent"]["text"].as_str().unwrap_or("");
                assert_eq!(inserted, e["new_text"].as_str().unwrap());
            }
            fixes += 1;
        }
    }
    assert!(
        related > 20 && fixes > 20,
        "related {related}, fixes {fixes}"
    );
    assert!(notes_seen, "infos become notes");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
}

#[test]
fn sarif_of_a_clean_report_in_english_and_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let name = "临渭区 2023.txt";
    std::fs::write(dir.path().join(name), nianbao::analysis::template::sample()).unwrap();
    let o = run_in(
        dir.path(),
        &["check", "--format", "sarif", "--lang", "en", name],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(schema_errors(&sarif_validator(), &doc).is_empty());
    let run = &doc["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 0);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
    let row_total = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "row-total")
        .unwrap();
    assert_eq!(
        row_total["shortDescription"]["text"],
        nianbao::analysis::rules::find("row-total")
            .unwrap()
            .meta
            .summary[1]
    );

    let mut child = bin()
        .args(["check", "--format", "sarif", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(
            &std::fs::read(root().join("tests/fixtures/corpus/dazhou-city-hrss-2023.md")).unwrap(),
        )
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let doc: Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = schema_errors(&sarif_validator(), &doc);
    assert!(errors.is_empty(), "{errors:#?}");
    assert_eq!(
        doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%3Cstdin%3E"
    );
}

// ---- GitHub workflow commands -------------------------------------------------

#[test]
fn github_commands_one_per_finding_with_escaping() {
    let dir = batch();
    // A file name with the characters the property syntax reserves.
    std::fs::rename(
        dir.path().join("reports/layouts/damaged-sums.txt"),
        dir.path().join("reports/layouts/sums,v2:final%.txt"),
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--format", "github", "reports"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let json = json_of(dir.path(), &["reports"]);
    let diags = diagnostics(&json);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diags.len(), "{out}");
    for (line, (path, d)) in lines.iter().zip(&diags) {
        let cmd = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        let file = path
            .replace('%', "%25")
            .replace(':', "%3A")
            .replace(',', "%2C");
        let expected = format!(
            "::{cmd} file={file},line={},col={},endLine={},endColumn={},title={}::",
            d["line"],
            d["column"],
            d["end_line"],
            d["end_column"],
            d["rule"].as_str().unwrap()
        );
        assert!(line.starts_with(&expected), "{line}\nexpected {expected}");
        let message = &line[expected.len()..];
        assert_eq!(
            message,
            d["message"]
                .as_str()
                .unwrap()
                .replace('%', "%25")
                .replace('\n', "%0A")
        );
    }
    assert!(
        out.contains("file=reports/layouts/sums%2Cv2%3Afinal%25.txt,line=57,col=22,"),
        "{out}"
    );
}

// ---- JUnit ------------------------------------------------------------------

#[test]
fn junit_is_well_formed_xml_with_a_suite_per_file_and_failures_for_errors() {
    let dir = batch();
    // Markup characters in a file name.
    std::fs::rename(
        dir.path().join("reports/rules/row-total.txt"),
        dir.path().join("reports/rules/a&b<c>\"'.txt"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("reports/broken.txt"),
        [0u8, 159, 146, 150, 0],
    )
    .unwrap();
    let o = run_in(dir.path(), &["check", "--format", "junit", "reports"]);
    assert_eq!(o.status.code(), Some(2));
    let xml = stdout(&o);
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let json = json_of(dir.path(), &["reports"]);
    let files = json["files"].as_array().unwrap();
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), files.len(), "one suite per file");
    let mut total_failures = 0;
    for (suite, f) in suites.iter().zip(files) {
        let path = f["path"].as_str().unwrap();
        assert_eq!(suite.attribute("name"), Some(path), "attributes round-trip");
        let cases: Vec<_> = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .collect();
        assert_eq!(suite.attribute("tests").unwrap(), cases.len().to_string());
        if f.get("error").is_some() {
            assert_eq!(suite.attribute("errors"), Some("1"));
            assert!(cases[0].children().any(|n| n.has_tag_name("error")));
            continue;
        }
        // One case per rule that is on (rules off by default are not run).
        let on = nianbao::analysis::rules::RULES
            .iter()
            .filter(|r| r.meta.default.is_some())
            .count();
        assert_eq!(cases.len(), on);
        let diags = f["diagnostics"].as_array().unwrap();
        for case in &cases {
            let rule = case.attribute("name").unwrap();
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d["rule"] == rule && d["severity"] == "error")
                .collect();
            let failure = case.children().find(|n| n.has_tag_name("failure"));
            assert_eq!(failure.is_some(), !errors.is_empty(), "{path} {rule}");
            if let Some(fl) = failure {
                total_failures += 1;
                let body = fl.text().unwrap();
                assert_eq!(body.lines().count(), errors.len());
                for e in &errors {
                    assert!(body.contains(e["message"].as_str().unwrap()), "{body}");
                }
            }
            let others = diags
                .iter()
                .filter(|d| d["rule"] == rule && d["severity"] != "error")
                .count();
            let out = case.children().find(|n| n.has_tag_name("system-out"));
            assert_eq!(out.is_some(), others > 0, "{path} {rule}");
        }
        assert_eq!(
            suite.attribute("failures").unwrap(),
            cases
                .iter()
                .filter(|c| c.children().any(|n| n.has_tag_name("failure")))
                .count()
                .to_string()
        );
    }
    assert_eq!(
        root.attribute("failures").unwrap(),
        total_failures.to_string()
    );
    assert!(total_failures > 10);
}

#[test]
fn junit_with_deny_warnings_fails_warning_rules() {
    let p = root().join("tests/fixtures/rules/label-drift.txt");
    let p = p.to_str().unwrap();
    let plain = bin()
        .args(["check", "--format", "junit", p])
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(0));
    let x = stdout(&plain);
    let d = roxmltree::Document::parse(&x).unwrap();
    assert_eq!(d.root_element().attribute("failures"), Some("0"));
    let denied = bin()
        .args(["check", "--format", "junit", "--deny", "warnings", p])
        .output()
        .unwrap();
    assert_eq!(denied.status.code(), Some(1));
    let x = stdout(&denied);
    let d = roxmltree::Document::parse(&x).unwrap();
    assert_eq!(d.root_element().attribute("failures"), Some("1"));
    let case = d
        .descendants()
        .find(|n| n.has_tag_name("testcase") && n.attribute("name") == Some("label-drift"))
        .unwrap();
    assert!(case.children().any(|n| n.has_tag_name("failure")));
}

// ---- Flags ------------------------------------------------------------------

#[test]
fn deny_warnings_changes_the_exit_code_only_for_warnings() {
    let warn = root().join("tests/fixtures/layouts/damaged-one-dun.txt");
    let warn = warn.to_str().unwrap();
    let info = root().join("tests/fixtures/rules/nonstandard-heading.txt");
    let info = info.to_str().unwrap();
    let code = |args: &[&str]| bin().args(args).output().unwrap().status.code();
    assert_eq!(code(&["check", warn]), Some(0), "warnings alone pass");
    assert_eq!(code(&["check", "--deny", "warnings", warn]), Some(1));
    assert_eq!(
        code(&["check", "--deny", "warnings", "--format", "json", warn]),
        Some(1)
    );
    assert_eq!(
        code(&["check", "--deny", "warnings", info]),
        Some(0),
        "infos never fail"
    );
    assert_eq!(
        code(&["check", "--deny", "errors", warn]),
        Some(2),
        "usage error"
    );
}

#[test]
fn quiet_prints_one_line_per_finding_and_nothing_else() {
    let dir = batch();
    let o = run_in(dir.path(), &["check", "--quiet", "reports"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let json = json_of(dir.path(), &["reports"]);
    let diags = diagnostics(&json);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), diags.len(), "{out}");
    for (l, (path, d)) in lines.iter().zip(&diags) {
        assert_eq!(
            *l,
            format!(
                "{path}:{}:{}: {}[{}] {}",
                d["line"],
                d["column"],
                // The severity in the messages' language; JSON keeps the id.
                match d["severity"].as_str().unwrap() {
                    "error" => "错误",
                    "warning" => "警告",
                    _ => "提示",
                },
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        );
    }
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    // A clean report: no output at all.
    let clean = dir.path().join("clean.txt");
    std::fs::write(&clean, nianbao::analysis::template::sample()).unwrap();
    let o = bin()
        .args(["check", "-q", clean.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
}

#[test]
fn statistics_count_per_rule() {
    let dir = batch();
    let json = json_of(dir.path(), &["reports"]);
    let diags = diagnostics(&json);
    let mut expected: std::collections::BTreeMap<String, usize> = Default::default();
    for (_, d) in &diags {
        *expected
            .entry(d["rule"].as_str().unwrap().to_string())
            .or_default() += 1;
    }
    // Human: the table instead of the findings, then the summary line.
    let o = run_in(dir.path(), &["check", "--statistics", "reports"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(!out.contains(" | "), "no source excerpts: {out}");
    assert!(!out.contains("错误["), "no findings: {out}");
    let mut seen = 0;
    let mut last_count = usize::MAX;
    for line in out.lines() {
        let cols: Vec<&str> = line.split_whitespace().collect();
        if cols.len() < 2 {
            continue;
        }
        if let (Ok(n), Some(&c)) = (cols[0].parse::<usize>(), expected.get(cols[1])) {
            assert_eq!(n, c, "{line}");
            assert!(n <= last_count, "sorted by count: {out}");
            last_count = n;
            seen += 1;
        }
    }
    assert_eq!(seen, expected.len(), "{out}");
    assert!(out.lines().last().unwrap().starts_with("共检查"), "{out}");
    // JSON: a "statistics" key next to the files.
    let v = json_of(dir.path(), &["--statistics", "reports"]);
    let st = &v["statistics"];
    assert_eq!(
        st["errors"].as_u64().unwrap() as usize,
        count_severity(&json, "error")
    );
    for r in st["rules"].as_array().unwrap() {
        assert_eq!(
            r["count"].as_u64().unwrap() as usize,
            expected[r["rule"].as_str().unwrap()]
        );
    }
    assert_eq!(v["files"], json["files"]);
    // Not with the machine formats made for other tools.
    let o = run_in(
        dir.path(),
        &["check", "--statistics", "--format", "sarif", "reports"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--statistics"), "{}", stderr(&o));
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = batch();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "out/nianbao.sarif",
            "reports",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "the folder out/ does not exist");
    assert!(stderr(&o).contains("out/nianbao.sarif"), "{}", stderr(&o));
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let o = run_in(
        dir.path(),
        &[
            "check",
            "--format",
            "sarif",
            "--output",
            "out/nianbao.sarif",
            "reports",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "exit code as without --output");
    assert_eq!(stdout(&o), "", "nothing on stdout");
    let doc: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("out/nianbao.sarif")).unwrap())
            .unwrap();
    assert!(!doc["runs"][0]["results"].as_array().unwrap().is_empty());
    // Replaced, not appended; no temporary file left behind.
    let o = run_in(
        dir.path(),
        &[
            "check",
            "-o",
            "out/nianbao.sarif",
            "--color",
            "auto",
            "reports/corpus",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let human = std::fs::read_to_string(dir.path().join("out/nianbao.sarif")).unwrap();
    assert!(human.contains("共检查 3 个文件"), "{human}");
    assert!(!human.contains('\x1b'), "no colors in a file");
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        1
    );
    // A directory, or a report being checked, is refused.
    let o = run_in(dir.path(), &["check", "-o", "out", "reports/corpus"]);
    assert_eq!(o.status.code(), Some(2));
    let target = "reports/corpus/dazhou-city-hrss-2023.md";
    let before = std::fs::read(dir.path().join(target)).unwrap();
    let o = run_in(dir.path(), &["check", "-o", target, target]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains(target), "{}", stderr(&o));
    assert_eq!(std::fs::read(dir.path().join(target)).unwrap(), before);
}

// ---- Batch audits -------------------------------------------------------------

#[test]
fn batch_check_ends_with_a_summary_table() {
    let dir = batch();
    let o = run_in(dir.path(), &["check", "reports"]);
    let out = stdout(&o);
    let json = json_of(dir.path(), &["reports"]);
    let files = json["files"].as_array().unwrap();
    let with_errors = files
        .iter()
        .filter(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["severity"] == "error")
        })
        .count();
    let overview = format!(
        "报告汇总：共检查 {} 份报告：{} 份有错误",
        files.len(),
        with_errors
    );
    assert!(out.contains(&overview), "{overview}\n{out}");
    let table_at = out.find(&overview).unwrap();
    assert!(
        out[table_at..].contains("问题数  规则"),
        "{}",
        &out[table_at..]
    );
    let rows = out[table_at..]
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .count();
    let rules: std::collections::BTreeSet<_> = diagnostics(&json)
        .into_iter()
        .map(|(_, d)| d["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rows, rules.len());
    // English.
    let o = run_in(dir.path(), &["check", "--lang", "en", "reports"]);
    assert!(
        stdout(&o).contains(&format!(
            "Reports: {} checked: {} with errors",
            files.len(),
            with_errors
        )),
        "{}",
        stdout(&o)
    );
    // A single report has no table.
    let o = run_in(
        dir.path(),
        &["check", "reports/corpus/dazhou-city-hrss-2023.md"],
    );
    assert!(!stdout(&o).contains("报告汇总"), "{}", stdout(&o));
    // Piped: no progress bar on stderr.
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

/// Runs `cmd` on a pseudo-terminal with util-linux `script`; None when it is
/// not installed (allowed only off CI).
fn on_terminal(dir: &Path, cmd: &str, ci: bool) -> Option<String> {
    let have_script = Command::new("script").arg("--version").output().is_ok();
    if !have_script {
        assert!(
            std::env::var("CI").is_err(),
            "util-linux `script` is needed for the terminal test under CI"
        );
        eprintln!("SKIPPED: progress bar on a terminal (util-linux `script` not installed)");
        return None;
    }
    let mut c = Command::new("script");
    c.current_dir(dir).args(["-qec", cmd, "/dev/null"]);
    c.env_remove("CI");
    if ci {
        c.env("CI", "true");
    }
    Some(String::from_utf8_lossy(&c.output().unwrap().stdout).into_owned())
}

#[test]
fn progress_bar_only_on_a_terminal_outside_ci() {
    let dir = batch();
    let b = env!("CARGO_BIN_EXE_nianbao");
    let cmd = format!("'{b}' check reports > /dev/null");
    let Some(tty) = on_terminal(dir.path(), &cmd, false) else {
        return;
    };
    assert!(tty.contains("检查报告 ["), "{tty}");
    // The bar counts every input file, reports or not.
    let total: usize = ["corpus", "layouts", "rules"]
        .iter()
        .map(|d| {
            std::fs::read_dir(dir.path().join("reports").join(d))
                .unwrap()
                .count()
        })
        .sum();
    assert!(tty.contains(&format!("/{total}，预计剩余")), "{tty}");
    let ci = on_terminal(dir.path(), &cmd, true).unwrap();
    assert!(!ci.contains("检查报告"), "{ci}");
    let quiet = on_terminal(
        dir.path(),
        &format!("'{b}' check -q reports > /dev/null"),
        false,
    )
    .unwrap();
    assert!(!quiet.contains("检查报告"), "{quiet}");
}

// ---- HTML report ----------------------------------------------------------------

fn attr_count(html: &str, id: &str) -> usize {
    let key = format!("id=\"{id}\" data-count=\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("{id} missing")) + key.len();
    html[at..].split('"').next().unwrap().parse().unwrap()
}

#[test]
fn report_html_is_self_contained_with_counts_chart_and_findings() {
    let dir = batch();
    std::fs::rename(
        dir.path().join("reports/rules/balance.txt"),
        dir.path().join("reports/rules/<b>&balance.txt"),
    )
    .unwrap();
    let o = run_in(dir.path(), &["report", "reports", "--html", "out.html"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let json = json_of(dir.path(), &["reports"]);
    let files = json["files"].as_array().unwrap();
    let with_errors = files
        .iter()
        .filter(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["severity"] == "error")
        })
        .count();
    assert!(
        stdout(&o).contains(&format!(
            "共检查 {} 份报告：{} 份有错误",
            files.len(),
            with_errors
        )),
        "{}",
        stdout(&o)
    );
    let html = std::fs::read_to_string(dir.path().join("out.html")).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    // Self-contained: nothing is loaded from elsewhere.
    for needle in ["src=", "href=", "url(", "@import", "<link", "<iframe"] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
    // Counts.
    assert_eq!(attr_count(&html, "n-reports"), files.len());
    assert_eq!(attr_count(&html, "n-failed"), with_errors);
    let severities = |f: &serde_json::Value| -> Vec<String> {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect()
    };
    let only_warnings = files
        .iter()
        .filter(|f| {
            let s = severities(f);
            !s.iter().any(|x| x == "error") && s.iter().any(|x| x == "warning")
        })
        .count();
    assert_eq!(attr_count(&html, "n-warned"), only_warnings);
    assert_eq!(
        attr_count(&html, "n-passed"),
        files.len() - with_errors - only_warnings
    );
    assert_eq!(
        attr_count(&html, "n-errors"),
        count_severity(&json, "error")
    );
    assert_eq!(
        attr_count(&html, "n-warnings"),
        count_severity(&json, "warning")
    );
    assert_eq!(attr_count(&html, "n-infos"), count_severity(&json, "info"));
    // Each report with its status and each finding with rule, location,
    // message, in the page's data (the browser test shows them rendered).
    let reports = page::reports(&html);
    assert_eq!(reports.len(), files.len());
    for (f, r) in files.iter().zip(&reports) {
        assert_eq!(r.path, f["path"].as_str().unwrap());
        let diags = f["diagnostics"].as_array().unwrap();
        assert_eq!(r.findings.len(), diags.len(), "{}", r.path);
        let errors = diags.iter().filter(|d| d["severity"] == "error").count();
        let status = match (errors, r.warnings) {
            (0, 0) => "pass",
            (0, _) => "warn",
            _ => "fail",
        };
        assert_eq!(r.status, status, "{}", r.path);
        for (d, x) in diags.iter().zip(&r.findings) {
            assert_eq!(x.rule, d["rule"].as_str().unwrap());
            assert_eq!(x.severity, d["severity"].as_str().unwrap());
            assert_eq!(x.message, d["message"].as_str().unwrap());
            assert_eq!(x.place, format!("第{}行 第{}列", d["line"], d["column"]));
        }
    }
    assert!(
        reports.iter().any(|r| r.path.ends_with("<b>&balance.txt")),
        "the odd file name is carried as it is"
    );
    assert!(!html.contains("<b>&balance"), "file names are escaped");
    // Per-rule frequency and the chart of errors: the most frequent error first.
    let mut per_rule: std::collections::BTreeMap<String, (usize, bool)> = Default::default();
    for (_, d) in diagnostics(&json) {
        let e = per_rule
            .entry(d["rule"].as_str().unwrap().into())
            .or_default();
        e.0 += 1;
        e.1 |= d["severity"] == "error";
    }
    for (rule, (n, _)) in &per_rule {
        assert!(
            html.contains(&format!("<tr data-rule=\"{rule}\" data-count=\"{n}\">")),
            "{rule}"
        );
    }
    // Most findings first, catalog order among equals (as the page sorts).
    let catalog = |rule: &str| {
        nianbao::analysis::rules::RULES
            .iter()
            .position(|r| r.meta.id == rule)
            .unwrap_or(usize::MAX)
    };
    let top = per_rule
        .iter()
        .filter(|(_, (_, e))| *e)
        .max_by_key(|(rule, (n, _))| (*n, std::cmp::Reverse(catalog(rule))))
        .unwrap();
    let svg_at = html.find("<svg id=\"chart\"").unwrap();
    let first_bar = &html[svg_at..];
    assert!(
        first_bar.find(&format!(
            "<g data-rule=\"{}\" data-count=\"{}\">",
            top.0, top.1.0
        )) < first_bar.find("</g>"),
        "the first bar is {}",
        top.0
    );
    // English page.
    let o = run_in(
        dir.path(),
        &[
            "report", "reports", "--html", "en.html", "--lang", "en", "-q",
        ],
    );
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
    let en = std::fs::read_to_string(dir.path().join("en.html")).unwrap();
    assert!(en.contains("<html lang=\"en\">") && en.contains("Most common errors"));
    // Usage problems.
    let o = run_in(dir.path(), &["report", "reports"]);
    assert_eq!(o.status.code(), Some(2), "--html is required");
    let o = run_in(dir.path(), &["report", "nowhere", "--html", "x.html"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("nowhere"), "{}", stderr(&o));
}

/// `report --html` never writes its page over a report it checks: not by the
/// report's own path, not through a symbolic link, not through a hard link.
/// Its own earlier page in the checked folder is replaced (and not checked).
#[test]
fn report_html_never_overwrites_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let report = reports.join("r.txt");
    let original =
        std::fs::read(root().join("tests/fixtures/corpus/linwei-district-hrss-2023.txt")).unwrap();
    std::fs::write(&report, &original).unwrap();
    std::os::unix::fs::symlink(&report, dir.path().join("link.html")).unwrap();
    std::fs::hard_link(&report, dir.path().join("hard.html")).unwrap();
    for out in ["reports/r.txt", "link.html", "hard.html"] {
        let o = run_in(dir.path(), &["report", "reports", "--html", out]);
        assert_eq!(o.status.code(), Some(2), "{out}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(out) && stderr(&o).contains("r.txt"),
            "{}",
            stderr(&o)
        );
        assert_eq!(
            std::fs::read(&report).unwrap(),
            original,
            "{out} overwrote the report"
        );
    }
    // The named file too, not only the walked ones.
    let o = run_in(
        dir.path(),
        &["report", "reports/r.txt", "--html", "reports/r.txt"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&report).unwrap(), original);
    // A page of its own, inside the folder it checks, is replaced on the next run.
    for _ in 0..2 {
        let o = run_in(
            dir.path(),
            &["report", "reports", "--html", "reports/page.html"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains("共检查 1 份报告"), "{}", stdout(&o));
    }
    assert_eq!(std::fs::read(&report).unwrap(), original);
}

// ---- pre-commit ---------------------------------------------------------------

#[test]
fn pre_commit_hooks_run_the_binary_on_report_files() {
    let hooks = std::fs::read_to_string(root().join(".pre-commit-hooks.yaml")).unwrap();
    let entries: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.trim().strip_prefix("entry: "))
        .collect();
    assert_eq!(entries, ["nianbao check", "nianbao check --fix"]);
    assert_eq!(
        hooks.lines().filter(|l| *l == "  language: rust").count(),
        entries.len()
    );
    let files: Vec<&str> = hooks
        .lines()
        .filter_map(|l| l.strip_prefix("  files: "))
        .collect();
    // Each hook takes exactly the files its command can do: `check` every
    // kind nianbao reads, `--fix` only those it writes back.
    let exts = |pattern: &str| -> Vec<String> {
        let inner = pattern
            .strip_prefix(r"\.(")
            .and_then(|p| p.strip_suffix(")$"))
            .unwrap_or_else(|| panic!("files: {pattern}"));
        inner.split('|').map(str::to_string).collect()
    };
    assert_eq!(files.len(), 2);
    for ext in [
        "txt", "md", "markdown", "docx", "html", "htm", "pdf", "doc", "xlsx", "png",
    ] {
        let kind = nianbao::input::Kind::from_path(std::path::Path::new(&format!("a.{ext}")));
        let ext = ext.to_string();
        assert_eq!(
            exts(files[0]).contains(&ext),
            kind.is_some(),
            "nianbao: .{ext}"
        );
        assert_eq!(
            exts(files[1]).contains(&ext),
            kind.is_some_and(|k| k.fixable()),
            "nianbao-fix: .{ext}"
        );
    }
    // Each entry works as pre-commit calls it: the entry, then the file names.
    let dir = tempfile::tempdir().unwrap();
    let clean = dir.path().join("clean.txt");
    std::fs::write(&clean, nianbao::analysis::template::sample()).unwrap();
    let broken = dir.path().join("broken.md");
    std::fs::copy(
        root().join("tests/fixtures/corpus/dazhou-city-hrss-2023.md"),
        &broken,
    )
    .unwrap();
    for entry in &entries {
        let args: Vec<&str> = entry.split_whitespace().skip(1).collect();
        let o = bin().args(&args).arg(&clean).output().unwrap();
        assert_eq!(o.status.code(), Some(0), "{entry}: {}", stdout(&o));
    }
    let o = bin().args(["check"]).arg(&broken).output().unwrap();
    assert_eq!(o.status.code(), Some(1), "the hook fails the commit");
    let o = bin()
        .args(["check", "--fix"])
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert_ne!(
        std::fs::read(&broken).unwrap(),
        std::fs::read(root().join("tests/fixtures/corpus/dazhou-city-hrss-2023.md")).unwrap(),
        "nianbao-fix rewrote the file (pre-commit then reports the change)"
    );
}

#[test]
fn report_names_reports_and_places_and_exports_csv() {
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    std::fs::create_dir(&reports).unwrap();
    let fixtures = root().join("tests/fixtures");
    let names = [
        "corpus/linwei-district-hrss-2023.txt",
        "docx/dazhou-city-hrss-2023.docx",
        "html/dazhou-city-hrss-2023.html",
        "pdf/dazhou-city-hrss-2023.libreoffice.pdf",
        "docx/xinxiang-city-hrss-2023.docx",
    ];
    for n in names {
        let file = n.rsplit('/').next().unwrap();
        std::fs::copy(fixtures.join(n), reports.join(file)).unwrap();
    }
    // A file name with a comma.
    std::fs::copy(
        fixtures.join("corpus/xinxiang-city-hrss-2023.txt"),
        reports.join("=cmd,1.txt"),
    )
    .unwrap();
    let o = run_in(
        dir.path(),
        &[
            "report", "reports", "--html", "out.html", "--csv", "out.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("已写入 out.html、out.csv：共检查 6 份报告："),
        "{}",
        stdout(&o)
    );
    let json = json_of(dir.path(), &["reports"]);
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 6);

    // CSV: UTF-8 with a BOM, CRLF, one row per report in the order checked.
    let csv = std::fs::read(dir.path().join("out.csv")).unwrap();
    assert_eq!(&csv[..3], b"\xEF\xBB\xBF", "BOM for Excel and WPS");
    let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
    assert!(csv.ends_with("\r\n") && !csv.replace("\r\n", "").contains('\n'));
    let rows: Vec<&str> = csv.split_terminator("\r\n").collect();
    assert!(
        rows[0].starts_with("机关名称,年度,文件,结果,错误,警告,提示,"),
        "{}",
        rows[0]
    );
    assert!(rows[0].contains("单元格为空（empty-cell）"), "{}", rows[0]);
    assert_eq!(rows.len(), 1 + files.len());
    for (row, f) in rows[1..].iter().zip(files) {
        let path = f["path"].as_str().unwrap();
        let count = |sev: &str| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| d["severity"] == sev)
                .count()
        };
        let (errors, warnings) = (count("error"), count("warning"));
        let body = if path.contains("linwei") {
            "渭南市临渭区人力资源和社会保障局"
        } else if path.contains("dazhou") {
            "达州市人力资源和社会保障局"
        } else {
            "新乡市人力资源和社会保障局"
        };
        if path.contains("=cmd") {
            // Quoted: a comma (a formula is guarded only at a field's start:
            // report_csv's unit tests).
            assert!(row.contains(&format!(",\"{path}\",")), "{row}");
            continue;
        }
        let cells: Vec<&str> = row.split(',').collect();
        assert_eq!(cells[0], body, "{row}");
        assert_eq!(cells[1], "2023", "{row}");
        assert_eq!(cells[2], path, "{row}");
        let status = match (errors, warnings) {
            (0, 0) => "通过",
            (0, _) => "仅有警告",
            _ => "有错误",
        };
        assert_eq!(cells[3], status, "{row}");
        assert_eq!(cells[4], errors.to_string(), "{row}");
        assert_eq!(cells[5], warnings.to_string(), "{row}");
    }

    // The page: each report by body and year, its file beside; places in
    // the document's own terms; the CSV behind the export button.
    let html = std::fs::read_to_string(dir.path().join("out.html")).unwrap();
    let reports = page::reports(&html);
    assert_eq!(reports.len(), files.len());
    for (f, r) in files.iter().zip(&reports) {
        assert_eq!(r.path, f["path"].as_str().unwrap());
        assert_eq!(r.year, "2023", "{}", r.path);
        assert!(r.body.ends_with("人力资源和社会保障局"), "{}", r.path);
    }
    let place = |file: &str| {
        let r = reports
            .iter()
            .find(|r| r.path == format!("reports/{file}"))
            .unwrap();
        r.findings[0].place.clone()
    };
    assert_eq!(place("linwei-district-hrss-2023.txt"), "第36行 第14列");
    assert_eq!(place("dazhou-city-hrss-2023.docx"), "表三 第16行 第10列");
    assert_eq!(place("dazhou-city-hrss-2023.html"), "表三 第16行 第10列");
    assert_eq!(
        place("dazhou-city-hrss-2023.libreoffice.pdf"),
        "第4页 表三 第16行 第10列"
    );
    // Rules by their Chinese names, with the id beside.
    assert!(html.contains("单元格为空<code class=\"rule-id\">empty-cell</code>"));
    // The export button (made a file by the script: tests/browser.rs checks
    // that it gives the bytes of --csv) and the CSV's columns it uses.
    assert!(html.contains("<a id=\"csv-download\" hidden"));
    let meta = page::data(&html, "nb-meta");
    let at = meta.find("\"csvRules\":[").unwrap();
    let columns = &meta[at..at + meta[at..].find(']').unwrap()];
    assert!(columns.contains("\"empty-cell\""), "{columns}");
}
