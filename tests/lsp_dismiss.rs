//! The language server and reviewers' dismissals (issue 14), over real stdio:
//! findings dismissed in nianbao.toml are not published; the code action
//! "忽略此问题…" adds the entry (creating nianbao.toml beside the report when
//! there is none) as a workspace edit, and the finding goes once the saved
//! file is reported by the client's watcher; the entry's fingerprint is the
//! CLI's.

mod support;

use serde_json::{Value, json};
use std::path::Path;
use support::lsp_client::Client;

fn fixture(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

/// A client that creates files, shows documents and watches files.
fn capable() -> Value {
    json!({
        "workspace": {
            "didChangeWatchedFiles": {"dynamicRegistration": true},
            "workspaceEdit": {"documentChanges": true, "resourceOperations": ["create", "rename", "delete"]}
        },
        "window": {"showDocument": {"support": true}}
    })
}

fn codes(diags: &[Value]) -> Vec<String> {
    let mut c: Vec<String> = diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect();
    c.sort();
    c
}

/// The dismiss action offered on a diagnostic.
fn dismiss_action(c: &mut Client, uri: &str, diag: &Value) -> Value {
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": diag["range"],
            "context": {"diagnostics": [diag]}
        }),
    );
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("忽略此问题…"))
        .unwrap_or_else(|| panic!("no dismiss action in {actions}"))
        .clone()
}

/// Applies a workspace edit of one text edit at the end of (or creating) a
/// file, as the client would, and returns the file's new text.
fn apply(edit: &Value, path: &Path) -> String {
    let ops = edit["documentChanges"].as_array().unwrap();
    let text_edit = ops.iter().find(|o| o.get("edits").is_some()).unwrap();
    assert_eq!(text_edit["textDocument"]["version"], Value::Null);
    let new_text = text_edit["edits"][0]["newText"].as_str().unwrap();
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let end_line = old.matches('\n').count();
    assert_eq!(
        text_edit["edits"][0]["range"]["start"]["line"], end_line,
        "at the end"
    );
    let text = format!("{old}{new_text}");
    std::fs::write(path, &text).unwrap();
    text
}

/// The lines fix-all edits.
fn fix_all_lines(c: &mut Client, uri: &str) -> Vec<u64> {
    let all = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 90, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll.nianbao"]}
        }),
    );
    all.as_array()
        .unwrap()
        .iter()
        .flat_map(|a| {
            a["edit"]["changes"][uri]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .map(|e| e["range"]["start"]["line"].as_u64().unwrap())
        .collect()
}

fn fingerprint_in(entry: &str) -> String {
    let line = entry
        .lines()
        .rev()
        .find(|l| l.starts_with("fingerprint = "))
        .unwrap();
    line.trim_start_matches("fingerprint = ")
        .trim_matches('"')
        .to_string()
}

#[test]
fn the_dismiss_action_writes_nianbao_toml_and_the_finding_goes() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    let toml = dir.path().join("nianbao.toml");
    std::fs::write(
        &report,
        fixture("editors/tests/fixtures/xinxiang-broken-total.txt"),
    )
    .unwrap();
    let uri = format!("file://{}", report.display());
    let toml_uri = format!("file://{}", toml.display());
    let mut c = Client::spawn();
    c.initialize(capable(), json!({"debounceMs": 0}));
    c.wait_for_request("client/registerCapability");
    c.open(&uri, &std::fs::read_to_string(&report).unwrap());
    let diags = c.diagnostics(&uri, 1);
    assert_eq!(
        codes(&diags),
        [
            "narrative-mismatch",
            "narrative-mismatch",
            "result-total",
            "row-total"
        ]
    );

    // No nianbao.toml yet: the action creates it beside the report.
    let mismatch = diags
        .iter()
        .find(|d| d["code"] == "narrative-mismatch")
        .unwrap();
    let action = dismiss_action(&mut c, &uri, mismatch);
    assert_eq!(action["kind"], "quickfix");
    let ops = action["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], toml_uri.as_str());
    assert_eq!(ops[0]["options"]["overwrite"], false);
    let text = apply(&action["edit"], &toml);
    assert!(
        text.starts_with("[[dismiss]]\n# 正文：行政处罚 38 条")
            && text.contains("rule = \"narrative-mismatch\"\nfile = \"report.txt\"\n")
            && text.contains("reason = \"待填写：为什么这不是问题\""),
        "{text}"
    );
    // The fingerprint is the CLI's.
    let cli = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--format", "json", "--show-dismissed"])
        .arg(&report)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&cli.stdout).unwrap();
    assert_eq!(
        v["files"][0]["dismissed"][0]["fingerprint"],
        fingerprint_in(&text).as_str(),
        "{v}"
    );
    // The reason is still the placeholder: the CLI says so.
    let human = std::process::Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(["check", "--lang", "en"])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&human.stdout).contains("info[dismissal-reason]"),
        "{}",
        String::from_utf8_lossy(&human.stdout)
    );

    // The command opens the new entry with its reason selected.
    let cmd = &action["command"];
    assert_eq!(cmd["command"], "nianbao.server.showDismissal");
    c.request(
        "workspace/executeCommand",
        json!({"command": cmd["command"], "arguments": cmd["arguments"]}),
    );
    let show = c.wait_for_request("window/showDocument");
    assert_eq!(show["params"]["uri"], toml_uri.as_str());
    let sel = &show["params"]["selection"];
    let line = text
        .lines()
        .nth(sel["start"]["line"].as_u64().unwrap() as usize)
        .unwrap();
    let chars: Vec<u16> = line.encode_utf16().collect();
    let (a, b) = (
        sel["start"]["character"].as_u64().unwrap() as usize,
        sel["end"]["character"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        String::from_utf16_lossy(&chars[a..b]),
        "待填写：为什么这不是问题"
    );

    // Saved: the watcher tells the server, the finding goes.
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 1}]}),
    );
    let p = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(|a| a.len() == 3)
    });
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        ["narrative-mismatch", "result-total", "row-total"],
        "the other narrative-mismatch stays"
    );

    assert!(
        fix_all_lines(&mut c, &uri).contains(&44),
        "fix-all recomputes the row total"
    );
    // The file exists now: the next entry is appended after a blank line.
    let row_total = diags.iter().find(|d| d["code"] == "row-total").unwrap();
    let action = dismiss_action(&mut c, &uri, row_total);
    let ops = action["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "no create: {ops:?}");
    let text = apply(&action["edit"], &toml);
    assert_eq!(text.matches("[[dismiss]]").count(), 2);
    assert!(text.contains("\"\n\n[[dismiss]]\n"), "{text}");
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": toml_uri, "type": 2}]}),
    );
    let p = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(|a| a.len() == 2)
    });
    assert_eq!(
        codes(p["diagnostics"].as_array().unwrap()),
        ["narrative-mismatch", "result-total"]
    );
    // Fix-all leaves the dismissed total alone.
    assert!(
        !fix_all_lines(&mut c, &uri).contains(&44),
        "the row total of line 45 is not recomputed"
    );
    // Hover and code actions see the dismissed finding no more either.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri},
            "range": row_total["range"],
            "context": {"diagnostics": []}
        }),
    );
    assert!(
        actions.as_array().unwrap().iter().all(|a| a["diagnostics"]
            .as_array()
            .is_none_or(|d| d.iter().all(|d| d["code"] != "row-total"))),
        "{actions}"
    );
}

#[test]
fn no_dismiss_action_where_the_client_cannot_create_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("report.txt");
    std::fs::write(
        &report,
        fixture("tests/fixtures/corpus/xinxiang-city-hrss-2023.txt"),
    )
    .unwrap();
    let uri = format!("file://{}", report.display());
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"debounceMs": 0, "language": "en"}));
    c.open(&uri, &std::fs::read_to_string(&report).unwrap());
    let diags = c.diagnostics(&uri, 1);
    let req = |c: &mut Client| {
        c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": diags[0]["range"], "context": {"diagnostics": []}}),
        )
    };
    let titles = |v: Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|a| a["title"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!titles(req(&mut c)).iter().any(|t| t.starts_with("Dismiss")));
    // With a nianbao.toml to add to, a plain edit ("changes") does.
    std::fs::write(dir.path().join("nianbao.toml"), "language = \"en\"").unwrap();
    let actions = req(&mut c);
    let a = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Dismiss this finding…")
        .unwrap_or_else(|| panic!("{actions}"));
    let toml_uri = format!("file://{}", dir.path().join("nianbao.toml").display());
    let edit = &a["edit"]["changes"][toml_uri.as_str()][0];
    assert_eq!(edit["range"]["start"], json!({"line": 0, "character": 15}));
    assert!(
        edit["newText"]
            .as_str()
            .unwrap()
            .starts_with("\n\n[[dismiss]]\n")
    );
    assert!(a.get("command").is_none(), "the client shows no documents");
}
