//! End-to-end tests of the `nianbao` binary: output formats, exit codes, file
//! walking, encodings, stdin, `--fix` and `rules`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_nianbao"));
    c.env("NO_COLOR", "1");
    c
}

fn corpus(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/corpus")
        .join(name)
}

fn run(args: &[&str]) -> Output {
    bin().args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn sample() -> String {
    nianbao::analysis::template::sample()
}

#[test]
fn human_output_has_location_caret_and_summary() {
    let p = corpus("linwei-district-hrss-2023.txt");
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("linwei-district-hrss-2023.txt:38:1: 错误[missing-section] 缺少第三部分「三、收到和处理政府信息公开申请情况」"), "{out}");
    assert!(out.contains("38 | 年度办 理结果"), "{out}");
    assert!(out.contains("   | ^\n"), "{out}");
    assert!(
        out.contains("修复：插入标题「三、收到和处理政府信息公开申请情况」（可用 --fix 自动修复）"),
        "{out}"
    );
    let last = out.trim_end().lines().last().unwrap();
    // The 17 rows short of a cell are one finding (one cause), as are the
    // three table-2 items lost at one page break.
    assert!(last.starts_with("共检查 1 个文件：5 个错误"), "{last}");
}

#[test]
fn english_messages() {
    let p = corpus("dazhou-city-hrss-2023.md");
    let o = run(&["check", "--lang", "en", p.to_str().unwrap()]);
    let out = stdout(&o);
    assert!(
        out.contains("error[empty-cell] Table 3") || out.contains("error[empty-cell] table 3"),
        "{out}"
    );
    // Nine rows with an empty 总计, one after another: one finding, whose fix
    // fills all nine.
    assert!(out.trim_end().ends_with("(1 fixable with --fix)"), "{out}");
    assert!(out.contains("Checked 1 file: 1 error,"), "{out}");
    assert!(out.contains("(9 places)"), "{out}");
}

#[test]
fn clean_report_exits_zero() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("r.txt");
    std::fs::write(&p, sample()).unwrap();
    let o = run(&["check", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains("共检查 1 个文件：0 个错误，0 个警告，0 条提示"));
}

#[test]
fn json_has_the_documented_shape_with_character_columns() {
    let p = corpus("dazhou-city-hrss-2023.md");
    let o = run(&["check", "--format", "json", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(v["version"], 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    let d = &files[0]["diagnostics"];
    assert_eq!(d.as_array().unwrap().len(), 1);
    let first = &d[0];
    for key in [
        "rule",
        "severity",
        "message",
        "line",
        "column",
        "end_line",
        "end_column",
        "fixes",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(first["rule"], "empty-cell");
    assert_eq!(first["severity"], "error");
    // Line 58 of the file: the empty 总计 cell is after 三、本 年度 办理 结果→(四) 无法提供→1.本机关不掌握相关政府信息 and six 0s.
    let text = std::fs::read_to_string(&p).unwrap();
    let line = text.lines().nth(57).unwrap();
    assert_eq!(first["line"], 58);
    assert_eq!(
        first["column"].as_u64().unwrap() as usize,
        line.chars().count() + 1
    );
    let fix = &first["fixes"][0];
    assert_eq!(fix["safe"], true);
    assert_eq!(fix["edits"][0]["new_text"], "0");
    assert_eq!(fix["edits"][0]["line"], 58);
    // The other eight empty cells are related places and edits of the fix.
    assert_eq!(fix["edits"].as_array().unwrap().len(), 9);
    assert_eq!(first["related"].as_array().unwrap().len(), 8);
}

/// The paths of the files a JSON run reports.
fn json_paths(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap().replace('\\', "/"))
        .collect()
}

#[test]
fn folder_walks_respect_gitignore_and_hidden_files_but_named_files_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("reports");
    for sub in ["2023", "drafts", ".old", "2023/tmp"] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
    }
    for f in [
        "2023/a.txt",
        "2023/tmp/b.txt",
        "drafts/c.txt",
        ".old/d.txt",
        "e.txt",
        "f.bak.txt",
    ] {
        std::fs::write(root.join(f), sample()).unwrap();
    }
    // Not a git repository: a .gitignore in a folder of reports is meant.
    std::fs::write(root.join(".gitignore"), "drafts/\n*.bak.txt\n").unwrap();
    std::fs::write(root.join("2023/.ignore"), "tmp/\n").unwrap();
    let o = run(&["check", "--format", "json", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let mut paths = json_paths(&o);
    paths.sort();
    let names: Vec<&str> = paths
        .iter()
        .map(|p| p.rsplit_once("reports/").unwrap().1)
        .collect();
    assert_eq!(names, ["2023/a.txt", "e.txt"], "{paths:?}");
    // Named on the command line, an ignored or hidden file is checked.
    let named = [root.join("drafts/c.txt"), root.join(".old/d.txt")];
    let o = run(&[
        "check",
        "--format",
        "json",
        named[0].to_str().unwrap(),
        named[1].to_str().unwrap(),
    ]);
    assert_eq!(json_paths(&o).len(), 2, "{}", stdout(&o));
    // And a named folder is walked whatever its name.
    let o = run(&[
        "check",
        "--format",
        "json",
        root.join(".old").to_str().unwrap(),
    ]);
    assert_eq!(json_paths(&o).len(), 1, "{}", stdout(&o));
}

#[test]
fn directories_are_walked_and_bad_files_reported_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("2023");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(corpus("xinxiang-city-hrss-2023.txt"), sub.join("a.txt")).unwrap();
    std::fs::copy(corpus("dazhou-city-hrss-2023.md"), dir.path().join("b.md")).unwrap();
    std::fs::write(dir.path().join("README.md"), "# notes\n\nnot a report\n").unwrap();
    std::fs::write(
        dir.path().join("image.txt"),
        [0x89u8, b'P', b'N', b'G', 0, 0, 0, 13, 1, 2, 3, 0],
    )
    .unwrap();
    std::fs::write(dir.path().join("ignored.docx"), b"PK").unwrap();
    let o = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an unreadable file makes exit code 2"
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(paths.iter().any(|p| p.ends_with("2023/a.txt")), "{paths:?}");
    assert!(paths.iter().any(|p| p.ends_with("b.md")), "{paths:?}");
    assert!(
        !paths.iter().any(|p| p.ends_with("README.md")),
        "non-reports are skipped: {paths:?}"
    );
    let img = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"].as_str().unwrap().ends_with("image.txt"))
        .unwrap();
    assert!(img["error"].as_str().unwrap().contains("二进制"), "{img}");
    assert!(stderr(&o).contains("image.txt"), "{}", stderr(&o));

    let human = run(&["check", dir.path().to_str().unwrap()]);
    assert!(
        stdout(&human).contains("共检查 2 个文件"),
        "{}",
        stdout(&human)
    );
    assert!(
        stdout(&human).contains("跳过 1 个非报告文件"),
        "{}",
        stdout(&human)
    );
}

#[test]
fn usage_and_io_problems_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("目录中没有报告文件"), "{}", stderr(&o));
    let o = run(&["check", "/no/such/report.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/report.txt"), "{}", stderr(&o));
    assert_eq!(
        run(&["check", "--no-such-flag", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(run(&["check", "--lang", "fr", "x"]).status.code(), Some(2));
}

#[test]
fn stdin_is_read_with_dash() {
    let mut child = bin()
        .args(["check", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(corpus("dazhou-city-hrss-2023.md")).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("<stdin>:58:50: 错误[empty-cell]"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let mut child = bin()
        .args(["check", "--fix", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&std::fs::read(corpus("dazhou-city-hrss-2023.md")).unwrap())
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let fixed = stdout(&o);
    assert!(
        fixed.contains("1.本机关不掌握相关政府信息\t0\t0\t0\t0\t0\t0\t0\n"),
        "{fixed}"
    );
    assert!(
        stderr(&o).contains("共检查 1 个文件：0 个错误"),
        "{}",
        stderr(&o)
    );
}

/// Copies a corpus report into a temp dir, encoded as given.
fn fix_round_trip(encode: impl Fn(&str) -> Vec<u8>, check_bytes: impl Fn(&[u8])) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("report.txt");
    let text = std::fs::read_to_string(corpus("dazhou-city-hrss-2023.md")).unwrap();
    std::fs::write(&p, encode(&text)).unwrap();
    let o = run(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).contains("已修复 9 处，剩余 0 个问题"),
        "{}",
        stdout(&o)
    );
    let after = std::fs::read(&p).unwrap();
    check_bytes(&after);
    let decoded = nianbao::cli::decode::decode(&after).unwrap().text;
    assert!(
        decoded.contains("2.重复申请\t0\t0\t0\t0\t0\t0\t0"),
        "{decoded}"
    );
    // A second run changes nothing.
    let o2 = run(&["check", "--fix", p.to_str().unwrap()]);
    assert_eq!(o2.status.code(), Some(0));
    assert!(!stdout(&o2).contains("已修复"), "{}", stdout(&o2));
    assert_eq!(std::fs::read(&p).unwrap(), after);
    // Nothing else left in the folder (no temp files).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn fix_keeps_utf8() {
    fix_round_trip(
        |t| t.as_bytes().to_vec(),
        |b| assert!(std::str::from_utf8(b).is_ok() && !b.starts_with(&[0xEF, 0xBB, 0xBF])),
    );
}

#[test]
fn fix_keeps_bom_and_crlf() {
    fix_round_trip(
        |t| [&[0xEF, 0xBB, 0xBF][..], t.replace('\n', "\r\n").as_bytes()].concat(),
        |b| {
            assert!(b.starts_with(&[0xEF, 0xBB, 0xBF]));
            let s = std::str::from_utf8(&b[3..]).unwrap();
            assert_eq!(
                s.matches('\n').count(),
                s.matches("\r\n").count(),
                "every line keeps CRLF"
            );
        },
    );
}

#[test]
fn fix_keeps_gbk() {
    fix_round_trip(
        |t| encoding_rs::GB18030.encode(t).0.into_owned(),
        |b| {
            assert!(std::str::from_utf8(b).is_err(), "still GB18030");
            assert_eq!(
                nianbao::cli::decode::decode(b).unwrap().encoding,
                nianbao::cli::decode::Encoding::Gb18030
            );
        },
    );
}

#[test]
fn fix_keeps_utf16() {
    fix_round_trip(
        |t| {
            let mut v = vec![0xFF, 0xFE];
            for u in t.encode_utf16() {
                v.extend_from_slice(&u.to_le_bytes());
            }
            v
        },
        |b| assert!(b.starts_with(&[0xFF, 0xFE])),
    );
}

#[test]
fn rules_are_listed_and_explained() {
    let o = run(&["rules"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for r in nianbao::analysis::rules::RULES {
        assert!(out.contains(r.meta.id), "{} not listed", r.meta.id);
    }
    let o = run(&["rules", "row-total"]);
    let out = stdout(&o);
    assert!(
        out.starts_with("row-total 行总计不符 (错误 · 算术)"),
        "{out}"
    );
    assert!(
        out.contains("错误示例：") && out.contains("正确示例："),
        "{out}"
    );
    assert!(
        out.contains("（一）予以公开    6    1    0    0    0    0    8"),
        "{out}"
    );
    let o = run(&["rules", "row-total", "--lang", "en"]);
    assert!(
        stdout(&o).starts_with("row-total Row total (error · Arithmetic)"),
        "{}",
        stdout(&o)
    );
    let o = run(&["rules", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v.as_array().unwrap().len(),
        nianbao::analysis::rules::RULES.len()
    );
    assert_eq!(v[0]["name"], "缺少标题");
    let o = run(&["rules", "no-such-rule"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-rule"));
    assert!(!stderr(&o).contains("是不是"), "{}", stderr(&o));
    // A near miss: did you mean.
    let o = run(&["rules", "row-totl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("没有规则「row-totl」（是不是「row-total」？）"),
        "{}",
        stderr(&o)
    );
    let o = run(&["rules", "row-totl", "--lang", "en"]);
    assert!(
        stderr(&o).contains("no rule 'row-totl' (did you mean row-total?)"),
        "{}",
        stderr(&o)
    );
    // A rule by its Chinese name.
    let o = run(&["rules", "行总计不符"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("row-total 行总计不符"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn new_writes_a_skeleton_that_fails_until_filled_in() {
    let dir = tempfile::tempdir().unwrap();
    for (fmt, name) in [("txt", "r.txt"), ("md", "r.md")] {
        let p = dir.path().join(name);
        let o = run(&[
            "new",
            "--body",
            "XX市XX局",
            "--year",
            "2025",
            "--format",
            fmt,
            "-o",
            p.to_str().unwrap(),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(
            stderr(&o).contains("处【请填写：…】替换为本机关的实际情况"),
            "{}",
            stderr(&o)
        );
        let text = std::fs::read_to_string(&p).unwrap();
        assert!(
            text.starts_with(if fmt == "md" {
                "# XX市XX局2025年政府信息公开工作年度报告"
            } else {
                "XX市XX局2025年政府信息公开工作年度报告"
            }),
            "{text}"
        );
        for label in [
            "一、总体情况",
            "六、其他需要报告的事项",
            "第二十条第（八）项",
            "（七）总计",
            "四、结转下年度继续办理",
            "复议后起诉",
            "信息处理费",
        ] {
            assert!(text.contains(label), "{fmt}: no {label}");
        }
        // Not yet filled in: every prompt and the placeholder title fail.
        let c = run(&["check", "--format", "json", p.to_str().unwrap()]);
        assert_eq!(c.status.code(), Some(1), "{}", stdout(&c));
        let json: serde_json::Value = serde_json::from_slice(&c.stdout).unwrap();
        let diags = json["files"][0]["diagnostics"].as_array().unwrap();
        let prompts = text.matches("【请填写：").count();
        assert!(prompts >= 5, "{text}");
        assert_eq!(diags.len(), prompts + 1, "{diags:#?}");
        assert!(
            diags
                .iter()
                .all(|d| d["rule"] == "template-text" && d["severity"] == "error"),
            "{diags:#?}"
        );
        // Filled in, the same skeleton passes.
        let filled = fill_skeleton(&text.replace("XX市XX局", "临渭区人力资源和社会保障局"));
        std::fs::write(&p, &filled).unwrap();
        let c = run(&["check", p.to_str().unwrap()]);
        assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
        assert!(stdout(&c).contains("0 个错误，0 个警告"), "{}", stdout(&c));
        std::fs::write(&p, &text).unwrap();
        // Not overwritten without --force.
        let again = run(&[
            "new",
            "--body",
            "XX市XX局",
            "--year",
            "2025",
            "-o",
            p.to_str().unwrap(),
        ]);
        assert_eq!(again.status.code(), Some(2));
    }
    // To standard output by default.
    let o = run(&["new", "--body", "某县某局", "--year", "2024"]);
    assert!(stdout(&o).starts_with("某县某局2024年政府信息公开工作年度报告"));
    assert_eq!(
        run(&["new", "--body", "X", "--year", "99"]).status.code(),
        Some(2)
    );
}

/// The skeleton of `nianbao new` with each prompt replaced by a drafter's
/// sentence.
fn fill_skeleton(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    let mut n = 0;
    while let Some(at) = rest.find("【请填写：") {
        out.push_str(&rest[..at]);
        let end = at + rest[at..].find('】').unwrap() + '】'.len_utf8();
        let prompt = &rest[at..end];
        out.push_str(if prompt.contains("信息处理费") {
            "本机关未收取信息处理费"
        } else if prompt.contains("存在的主要问题") {
            "本年度政府信息公开工作存在的主要问题是公开内容不够全面、解读不够深入。下一步，本机关将完善公开目录，加强政策解读，及时回应社会关切。上一年度提出的问题已全部整改到位。"
        } else {
            "本机关依照《中华人民共和国政府信息公开条例》认真做好此项工作。"
        });
        n += 1;
        rest = &rest[end..];
    }
    out.push_str(rest);
    assert!(n >= 5);
    out
}

#[test]
fn init_writes_a_config_that_check_reads() {
    let dir = tempfile::tempdir().unwrap();
    let o = bin().arg("init").current_dir(dir.path()).output().unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let cfg = dir.path().join("nianbao.toml");
    assert!(std::fs::read_to_string(&cfg).unwrap().contains("[rules]"));
    assert_eq!(
        bin()
            .arg("init")
            .current_dir(dir.path())
            .output()
            .unwrap()
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        bin()
            .args(["init", "--force"])
            .current_dir(dir.path())
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );
}

/// A folder whose report files nianbao.toml's [files] all exclude is named
/// (not a silent pass); a folder with one left is not.
#[test]
fn a_folder_excluded_entirely_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let (drafts, reports) = (dir.path().join("草稿"), dir.path().join("reports"));
    std::fs::create_dir_all(&drafts).unwrap();
    std::fs::create_dir_all(&reports).unwrap();
    std::fs::write(drafts.join("a.txt"), sample()).unwrap();
    std::fs::write(reports.join("b.txt"), sample()).unwrap();
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "[files]\nexclude = [\"草稿/**\"]\n",
    )
    .unwrap();
    let o = run(&[
        "check",
        "--lang",
        "en",
        drafts.to_str().unwrap(),
        reports.to_str().unwrap(),
    ]);
    let err = stderr(&o);
    let named = format!(
        "{}: every report file in the directory is excluded",
        drafts.display()
    );
    assert!(err.contains(&named), "{err}");
    assert!(!err.contains(&format!("{}:", reports.display())), "{err}");
    assert_eq!(o.status.code(), Some(2), "{err}");
}

#[test]
fn nianbao_toml_is_found_upward_and_applied() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("2023").join("reports");
    std::fs::create_dir_all(&sub).unwrap();
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
        1,
    );
    std::fs::write(sub.join("a.txt"), &text).unwrap();
    std::fs::create_dir_all(dir.path().join("草稿")).unwrap();
    std::fs::write(dir.path().join("草稿").join("draft.txt"), &text).unwrap();
    std::fs::write(
        dir.path().join("nianbao.toml"),
        "language = \"en\"\n\n[rules]\nrow-total = \"off\"\nresult-total = \"warning\"\n\n[files]\nexclude = [\"草稿/**\"]\n",
    )
    .unwrap();
    let o = run(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 1, "the draft folder is excluded: {v}");
    let d = files[0]["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0]["rule"], "result-total");
    assert_eq!(d[0]["severity"], "warning");
    assert!(
        d[0]["message"].as_str().unwrap().starts_with("Table 3"),
        "the configured language"
    );
    assert_eq!(o.status.code(), Some(0), "only a warning");
    // --lang on the command line wins over the file's language.
    let o = run(&["check", "--lang", "zh", sub.join("a.txt").to_str().unwrap()]);
    assert!(
        stdout(&o).contains("警告[result-total] 表三"),
        "{}",
        stdout(&o)
    );
    // --config replaces the file found upward.
    let other = dir.path().join("strict.toml");
    std::fs::write(&other, "[rules]\n").unwrap();
    let o = run(&[
        "check",
        "--config",
        other.to_str().unwrap(),
        sub.join("a.txt").to_str().unwrap(),
    ]);
    assert!(stdout(&o).contains("错误[row-total]"), "{}", stdout(&o));
}

#[test]
fn a_bad_config_is_an_error_with_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("r.txt"), sample()).unwrap();
    let cfg = dir.path().join("nianbao.toml");
    for (content, line, what) in [
        (
            "language = \"zh\"\n\n[rules]\nrow-totl = \"off\"\n",
            4,
            "row-totl",
        ),
        ("colour = \"red\"\n", 1, "colour"),
        ("[rules]\nbalance = \"loud\"\n", 2, "loud"),
        ("year = [\n", 1, ""),
    ] {
        std::fs::write(&cfg, content).unwrap();
        let o = run(&["check", dir.path().join("r.txt").to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(2), "{content}");
        let e = stderr(&o);
        assert!(
            e.contains(&format!("{}:{line}:", cfg.display())),
            "{content}: {e}"
        );
        assert!(e.contains(what), "{e}");
    }
}

#[test]
fn each_subcommand_explains_its_own_options_in_both_languages() {
    let help = |cmd: &str| stdout(&run(&[cmd, "--help"]));
    let rules = help("rules");
    assert!(
        rules.contains("the rules in a table, or one rule explained"),
        "{rules}"
    );
    assert!(!rules.contains("each finding"), "check's words: {rules}");
    assert!(rules.contains("行总计不符"), "rules by name: {rules}");
    let check = help("check");
    assert!(check.contains("each finding with its line"), "{check}");
    assert!(
        check.contains("输出格式") && check.contains("示例 / Examples"),
        "{check}"
    );
    let report = help("report");
    assert!(
        report.contains("--csv") && report.contains("UTF-8 with BOM"),
        "{report}"
    );
    for cmd in ["check", "rules", "report", "new", "init", "lsp"] {
        let h = help(cmd);
        assert!(
            h.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "{cmd}: no Chinese in its help"
        );
    }
}
