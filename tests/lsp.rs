//! End-to-end tests of `nianbao lsp` over real stdio: diagnostics, quick-fixes,
//! fix-all, hover, inlay hints, outline, folding, completion, settings,
//! position encodings with CJK and astral characters, edit ordering, and abuse
//! (unknown methods, malformed input, huge pastes, closed documents, exit).

mod support;

use nianbao::analysis::config::{Config, Lang};
use nianbao::analysis::template::sample;
use nianbao::analysis::text::{ColumnUnit, LineIndex};
use serde_json::{Value, json};
use std::time::Duration;
use support::lsp_client::{Client, apply_edits};

const URI: &str = "file:///tmp/nianbao-test/report.txt";

fn corpus(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/corpus/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A server with debounce 0, initialised for UTF-16 (the default).
fn server(options: Value) -> Client {
    let mut c = Client::spawn();
    let mut opts = json!({"debounceMs": 0});
    if let (Some(o), Some(extra)) = (opts.as_object_mut(), options.as_object()) {
        o.extend(extra.clone());
    }
    c.initialize(json!({}), opts);
    c
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn diagnostics_match_the_cli_on_every_corpus_report() {
    let mut c = server(json!({}));
    for (k, name) in [
        "dazhou-city-hrss-2023.md",
        "linwei-district-hrss-2023.txt",
        "xinxiang-city-hrss-2023.txt",
    ]
    .iter()
    .enumerate()
    {
        let text = corpus(name);
        let uri = format!("file:///tmp/nianbao-test/{k}.txt");
        c.open(&uri, &text);
        let diags = c.diagnostics(&uri, 1);
        let a = nianbao::analysis::analyze(&text, &Config::default());
        assert_eq!(diags.len(), a.findings.len(), "{name}");
        let idx = LineIndex::new(&text);
        for (d, f) in diags.iter().zip(&a.findings) {
            assert_eq!(d["code"], f.rule);
            assert_eq!(d["message"], f.message);
            assert_eq!(d["source"], "nianbao");
            let lc = idx.line_col(&text, f.span.start, ColumnUnit::Utf16);
            assert_eq!(
                d["range"]["start"],
                json!({"line": lc.line, "character": lc.col}),
                "{name}: {}",
                f.message
            );
            assert!(
                d["codeDescription"]["href"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("#{}", f.rule))
            );
        }
    }
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn quickfix_repairs_a_broken_total_and_the_diagnostic_goes() {
    let mut c = server(json!({}));
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
        1,
    );
    c.open(URI, &text);
    let diags = c.diagnostics(URI, 1);
    assert_eq!(codes(&diags), vec!["row-total", "result-total"]);
    let row_total = &diags[0];
    assert!(
        row_total["relatedInformation"].as_array().unwrap().len() == 6,
        "the six applicant cells"
    );
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": row_total["range"], "context": {"diagnostics": [row_total]}}));
    let fix = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["kind"] == "quickfix")
        .expect("a quick-fix");
    assert_eq!(fix["title"], "将「总计」改为 7");
    assert_eq!(fix["isPreferred"], true);
    let edits = fix["edit"]["changes"][URI].as_array().unwrap();
    let fixed = apply_edits(&text, edits, false);
    assert_eq!(fixed, sample());
    c.change_full(URI, 2, &fixed);
    assert!(c.diagnostics(URI, 2).is_empty());
}

#[test]
fn fix_all_applies_the_safe_fixes_in_one_edit() {
    let mut c = server(json!({}));
    let text = corpus("dazhou-city-hrss-2023.md");
    c.open(URI, &text);
    // Nine rows with an empty 总计, one after another: one diagnostic with
    // the other eight cells as related information.
    let diags = c.diagnostics(URI, 1);
    assert_eq!(diags.len(), 1);
    assert_eq!(diags[0]["relatedInformation"].as_array().unwrap().len(), 8);
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": [], "only": ["source.fixAll"]}}));
    let all = actions.as_array().unwrap();
    assert_eq!(all.len(), 1, "only the fix-all action: {actions}");
    assert_eq!(all[0]["kind"], "source.fixAll.nianbao");
    let fixed = apply_edits(
        &text,
        all[0]["edit"]["changes"][URI].as_array().unwrap(),
        false,
    );
    c.change_full(URI, 2, &fixed);
    assert!(c.diagnostics(URI, 2).is_empty());
}

#[test]
fn hover_inlay_symbols_folding() {
    let mut c = server(json!({}));
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t9",
        1,
    );
    c.open(URI, &text);
    c.diagnostics(URI, 1);
    let line = text
        .lines()
        .position(|l| l.starts_with("（一）予以公开"))
        .unwrap();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 8}}),
    );
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(
        md.starts_with("**表三 · （一）予以公开 · 自然人**：6"),
        "{md}"
    );
    assert!(md.contains("本行总计 9 = 6+1+0+0+0+0 ✗"), "{md}");
    let col = text.lines().nth(line).unwrap().chars().count() - 1;
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": col}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("✗ 应为 7"),
        "{h}"
    );
    // Nothing to say off the tables.
    assert_eq!(
        c.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 0, "character": 1}})
        ),
        Value::Null
    );

    let hints = c.request("textDocument/inlayHint", json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 200, "character": 0}}}));
    assert_eq!(hints.as_array().unwrap().len(), 1, "{hints}");
    assert_eq!(hints[0]["label"], "应为 7");
    assert_eq!(hints[0]["position"]["line"], line);

    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": URI}}),
    );
    let names: Vec<&str> = symbols
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.len(), 7, "{names:?}");
    assert_eq!(names[3], "三、收到和处理政府信息公开申请情况");
    assert_eq!(symbols[2]["children"][0]["name"], "表二");
    assert_eq!(
        symbols[2]["children"][0]["children"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    let folds = c.request(
        "textDocument/foldingRange",
        json!({"textDocument": {"uri": URI}}),
    );
    let folds = folds.as_array().unwrap();
    assert!(folds.len() >= 6 + 3, "sections and tables: {folds:?}");
    assert!(
        folds
            .iter()
            .all(|f| f["endLine"].as_u64() > f["startLine"].as_u64())
    );
}

#[test]
fn completion_offers_missing_headings_and_tables() {
    let mut c = server(json!({}));
    let base = sample();
    let start = base.find("四、政府信息公开行政复议、行政诉讼情况").unwrap();
    let end = base.find("五、存在的主要问题及改进情况").unwrap();
    let text = format!("{}{}", &base[..start], &base[end..]);
    c.open(URI, &text);
    c.diagnostics(URI, 1);
    let line = text.lines().position(|l| l.starts_with("五、")).unwrap() - 1;
    let items = c.request(
        "textDocument/completion",
        json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 0}}),
    );
    let labels: Vec<&str> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        vec!["四、政府信息公开行政复议、行政诉讼情况", "表四（空表）"]
    );
    let table = items[1]["textEdit"]["newText"].as_str().unwrap();
    assert!(
        table.starts_with("行政复议\t"),
        "the document's tab layout: {table}"
    );
    // Inserting both gives a complete report (the table is empty: its cells are flagged).
    let with = apply_edits(
        &text,
        &[
            json!({"range": items[0]["textEdit"]["range"], "newText": format!("{}\n\n{}", items[0]["textEdit"]["newText"].as_str().unwrap(), table)}),
        ],
        false,
    );
    c.change_full(URI, 2, &with);
    let diags = c.diagnostics(URI, 2);
    assert!(diags.iter().all(|d| d["code"] == "empty-cell"), "{diags:?}");
}

#[test]
fn settings_from_initialization_and_configuration_changes() {
    let mut c =
        server(json!({"language": "en", "rules": {"result-total": "off", "row-total": "warning"}}));
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
        1,
    );
    c.open(URI, &text);
    let d = c.diagnostics(URI, 1);
    assert_eq!(codes(&d), vec!["row-total"]);
    assert_eq!(d[0]["severity"], 2);
    assert!(
        d[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("Table 3, row"),
        "{}",
        d[0]["message"]
    );
    // Back to Chinese and the defaults: the server re-checks and republishes.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"nianbao": {"language": "zh", "rules": {}}}}),
    );
    let d = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["diagnostics"].as_array().is_some_and(|a| a.len() == 2)
    });
    assert!(
        d["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("表三")
    );
    // A bad setting is reported to the user, not fatal.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"nianbao": {"rules": {"no-such-rule": "off"}}}}),
    );
    let log = c.wait_for("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("no-such-rule"))
    });
    assert_eq!(log["type"], 2);
}

/// A report whose （一） row starts with characters outside the BMP and a wrong total.
fn astral() -> (String, usize, usize) {
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开𠀀😀\t6\t1\t0\t0\t0\t0\t8",
        1,
    );
    let line = text
        .lines()
        .position(|l| l.starts_with("（一）予以公开𠀀"))
        .unwrap();
    let byte_in_line = text.lines().nth(line).unwrap().rfind('8').unwrap();
    (text, line, byte_in_line)
}

#[test]
fn utf16_positions_with_astral_characters() {
    let (text, line, byte) = astral();
    let mut c = server(json!({}));
    c.open(URI, &text);
    let d = c.diagnostics(URI, 1);
    let l = text.lines().nth(line).unwrap();
    let utf16: usize = l[..byte].chars().map(char::len_utf16).sum();
    assert_eq!(
        d[0]["range"]["start"],
        json!({"line": line, "character": utf16})
    );
    // Edit the total through an incremental change in UTF-16 units.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": line, "character": utf16}, "end": {"line": line, "character": utf16 + 1}}, "text": "7"}]}));
    assert!(c.diagnostics(URI, 2).is_empty());
}

#[test]
fn utf8_positions_when_the_client_offers_them() {
    let (text, line, byte) = astral();
    let mut c = Client::spawn();
    let init = c.initialize(
        json!({"general": {"positionEncodings": ["utf-8", "utf-16"]}}),
        json!({"debounceMs": 0}),
    );
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    c.open(URI, &text);
    let d = c.diagnostics(URI, 1);
    assert_eq!(
        d[0]["range"]["start"],
        json!({"line": line, "character": byte})
    );
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": line, "character": byte}, "end": {"line": line, "character": byte + 1}}, "text": "7"}]}));
    assert!(c.diagnostics(URI, 2).is_empty());
}

#[test]
fn rapid_edits_apply_in_order_and_only_the_last_version_is_final() {
    let mut c = server(json!({}));
    let text = sample();
    c.open(URI, &text);
    c.diagnostics(URI, 1);
    let line = text
        .lines()
        .position(|l| l.starts_with("（一）予以公开"))
        .unwrap();
    let col = text.lines().nth(line).unwrap().chars().count() - 1;
    // Type 1000 digits into the total cell and delete them again, one keystroke each.
    let n = 1000;
    let mut version = 1;
    for k in 0..n {
        version += 1;
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": {"start": {"line": line, "character": col + 1 + k}, "end": {"line": line, "character": col + 1 + k}}, "text": "9"}]}));
    }
    for k in (0..n).rev() {
        version += 1;
        c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": {"start": {"line": line, "character": col + 1 + k}, "end": {"line": line, "character": col + 2 + k}}, "text": ""}]}));
    }
    // Publications come in increasing version order (a stale check is never
    // published after a newer one), and the last is the final version.
    let mut versions = Vec::new();
    loop {
        let m = c.next();
        if m["method"] == "textDocument/publishDiagnostics" {
            versions.push(m["params"]["version"].as_i64().unwrap());
            if versions.last() == Some(&version) {
                assert_eq!(
                    m["params"]["diagnostics"],
                    json!([]),
                    "the text is the sample again"
                );
                break;
            }
        }
    }
    assert!(versions.windows(2).all(|w| w[0] < w[1]), "{versions:?}");
    c.assert_no_more_diagnostics(Duration::from_millis(300));
    // The server's text is exactly the sample: a fix-all has nothing to do.
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}));
    assert_eq!(actions, json!([]));
}

#[test]
fn abuse_does_not_crash_the_server() {
    let mut c = server(json!({}));
    // Unknown methods.
    assert_eq!(
        c.request_raw("nianbao/unknown", json!({}))["error"]["code"],
        -32601
    );
    c.notify("$/unknownNotification", json!({}));
    // Malformed params.
    assert_eq!(
        c.request_raw("textDocument/hover", json!({"foo": 1}))["error"]["code"],
        -32602
    );
    // Malformed JSON.
    c.send_raw(b"{this is not json");
    // Requests and edits for documents that are not open.
    assert_eq!(c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nope.txt"}, "position": {"line": 0, "character": 0}})), Value::Null);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///nope.txt", "version": 2}, "contentChanges": [{"text": "x"}]}));
    c.wait_for("window/logMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open"))
    });
    // Positions far past the end.
    c.open(URI, &sample());
    c.diagnostics(URI, 1);
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": 99999, "character": 5}, "end": {"line": 99999, "character": 99}}, "text": "\n"}]}));
    assert!(c.diagnostics(URI, 2).is_empty());
    c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": {"line": 5000, "character": 0}, "end": {"line": 9000, "character": 9}}, "context": {"diagnostics": []}}));
    // A 5 MB paste, then binary junk as text.
    let big = nianbao::analysis::template::synthetic(5_000_000);
    c.change_full(URI, 3, &big);
    assert!(c.diagnostics(URI, 3).is_empty());
    let junk: String = (0..200_000u32)
        .map(|i| char::from_u32((i * 7919) % 0xD7FF).unwrap_or('\0'))
        .collect();
    c.change_full(URI, 4, &junk);
    c.diagnostics(URI, 4);
    // A closed document is forgotten and its diagnostics cleared.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    );
    let cleared = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == URI && p["diagnostics"] == json!([]) && p["version"].is_null()
    });
    assert_eq!(cleared["diagnostics"], json!([]));
    assert_eq!(
        c.request(
            "textDocument/documentSymbol",
            json!({"textDocument": {"uri": URI}})
        ),
        Value::Null
    );
    // Still alive, and exits cleanly.
    let (code, took) = c.shutdown();
    assert_eq!(code, Some(0));
    assert!(took < Duration::from_secs(2), "exit took {took:?}");
}

#[test]
fn stdio_flag_and_exit_codes_follow_the_specification() {
    // vscode-languageclient passes --stdio: accepted.
    let mut c = Client::spawn_args(&["lsp", "--stdio"], &[]);
    c.initialize(json!({}), json!({}));
    let (code, _) = c.shutdown();
    assert_eq!(code, Some(0), "shutdown then exit");
    // exit without shutdown: 1.
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({}));
    c.notify("exit", Value::Null);
    let (code, _) = c.wait_exit(Duration::from_secs(5));
    assert_eq!(code, Some(1), "exit without shutdown");
    // exit right behind shutdown, without waiting for its answer (the
    // specification asks clients to wait; some do not): still a clean 0.
    for _ in 0..5 {
        let mut c = Client::spawn();
        c.initialize(json!({}), json!({}));
        c.send(json!({"jsonrpc": "2.0", "id": 99, "method": "shutdown"}));
        c.notify("exit", Value::Null);
        c.close_stdin();
        let (code, _) = c.wait_exit(Duration::from_secs(5));
        assert_eq!(code, Some(0), "shutdown and exit sent together");
    }
}

#[test]
fn end_of_input_ends_the_process_promptly() {
    let mut c = server(json!({}));
    c.open(URI, &sample());
    c.diagnostics(URI, 1);
    c.close_stdin();
    let (code, took) = c.wait_exit(Duration::from_secs(5));
    assert!(code.is_some(), "still running after stdin closed");
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn english_everywhere_when_asked() {
    let mut c = server(json!({"language": "en"}));
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t9",
        1,
    );
    c.open(URI, &text);
    c.diagnostics(URI, 1);
    let line = text
        .lines()
        .position(|l| l.starts_with("（一）予以公开"))
        .unwrap();
    let h = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 8}}),
    );
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .starts_with("**Table 3 · "),
        "{h}"
    );
    let _ = Lang::En;
}

#[test]
fn nianbao_toml_is_read_and_reloaded() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("nianbao.toml");
    std::fs::write(&cfg, "language = \"en\"\n[rules]\nrow-total = \"off\"\n").unwrap();
    let path = dir.path().join("sub").join("report.txt");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let uri = format!("file://{}", path.display());
    let mut c = Client::spawn();
    c.initialize(
        json!({"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}}),
        json!({"debounceMs": 0}),
    );
    // The server asks the client to watch nianbao.toml files; answer it.
    let reg = c.wait_for_request("client/registerCapability");
    assert_eq!(
        reg["params"]["registrations"][0]["registerOptions"]["watchers"][0]["globPattern"],
        "**/nianbao.toml"
    );
    let text = sample().replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
        1,
    );
    c.open(&uri, &text);
    let d = c.diagnostics(&uri, 1);
    assert_eq!(
        codes(&d),
        vec!["result-total"],
        "row-total is off in nianbao.toml"
    );
    assert!(
        d[0]["message"].as_str().unwrap().starts_with("Table 3"),
        "English from nianbao.toml"
    );
    // The file changes: the client tells the server, which re-checks.
    std::fs::write(&cfg, "[rules]\nrow-total = \"warning\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}", cfg.display()), "type": 2}]}),
    );
    let p = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str() && p["diagnostics"].as_array().is_some_and(|a| a.len() == 2)
    });
    assert_eq!(p["diagnostics"][0]["code"], "row-total");
    assert_eq!(p["diagnostics"][0]["severity"], 2);
    assert!(
        p["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("表三")
    );
    // A broken file is shown to the user, with its line; the check goes on.
    std::fs::write(&cfg, "[rules]\nrow-totl = \"off\"\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": format!("file://{}", cfg.display()), "type": 2}]}),
    );
    let m = c.wait_for("window/showMessage", |p| {
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("row-totl"))
    });
    assert_eq!(m["type"], 1);
    assert!(
        m["message"]
            .as_str()
            .unwrap()
            .contains(&format!("{}:2:", cfg.display())),
        "{m}"
    );
    assert_eq!(c.shutdown().0, Some(0));
}

#[test]
fn narrative_numbers_hover_and_jump_to_their_cells() {
    let mut c = server(json!({}));
    let text = corpus("xinxiang-city-hrss-2023.txt");
    c.open(URI, &text);
    let diags = c.diagnostics(URI, 1);
    assert_eq!(codes(&diags), ["narrative-mismatch"]);
    // "行政处罚信息 38 条" in the overview; the table puts 0 under 行政处罚.
    let (line, l) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("行政处罚信息 38 条"))
        .unwrap();
    let byte = l.find("行政处罚信息 38").unwrap() + "行政处罚信息 ".len();
    let character = l[..byte].encode_utf16().count() + 1;
    let at =
        json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": character}});
    let h = c.request("textDocument/hover", at.clone());
    let md = h["contents"]["value"].as_str().unwrap();
    assert!(md.contains("**正文**：行政处罚 38 条"), "{md}");
    assert!(md.contains("**表二「行政处罚」**：0 ✗ 不一致"), "{md}");
    let d = c.request("textDocument/definition", at);
    let row = text
        .lines()
        .position(|l| l.starts_with("行政处罚\t"))
        .unwrap();
    assert_eq!(d["uri"], URI, "{d}");
    assert_eq!(d["range"]["start"]["line"], row, "{d}");
    let cell = text.lines().nth(row).unwrap();
    assert_eq!(
        d["range"]["start"]["character"],
        cell.find('\t')
            .map(|b| cell[..b].encode_utf16().count() + 1)
            .unwrap(),
        "{d}"
    );
    // A number that agrees: 行政许可 64.
    let l = text.lines().nth(line).unwrap();
    let byte = l.find("行政许可信息 64").unwrap() + "行政许可信息 ".len();
    let at = json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": l[..byte].encode_utf16().count()}});
    let md = c.request("textDocument/hover", at)["contents"]["value"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(md.contains("**表二「行政许可」**：64 ✓"), "{md}");
    // A number that maps to nothing (门户网站 465 条): no hover, no definition.
    let byte = l.find("465").unwrap();
    let at = json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": l[..byte].encode_utf16().count()}});
    assert_eq!(
        c.request("textDocument/definition", at.clone()),
        Value::Null
    );
    assert_eq!(c.request("textDocument/hover", at), Value::Null);
}

/// A file URI as clients send it (percent-encoded).
fn file_uri(path: &std::path::Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

#[test]
fn last_years_report_in_the_workspace_is_indexed_and_compared() {
    let years =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/years/mismatching");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("上年")).unwrap();
    let last_path = root.join("上年/报告.md");
    let last = std::fs::read_to_string(years.join("2022.md")).unwrap();
    std::fs::write(&last_path, &last).unwrap();
    std::fs::write(root.join("notes.txt"), "会议纪要\n").unwrap();
    let this_year = std::fs::read_to_string(years.join("2023.md")).unwrap();
    let uri = format!("file://{}/2023.md", root.display());
    let root_uri = format!("file://{}", root.display());

    let mut c = Client::spawn();
    c.request("initialize", json!({
        "processId": null,
        "rootUri": root_uri,
        "workspaceFolders": [{"uri": root_uri, "name": "reports"}],
        "capabilities": {
            "window": {"workDoneProgress": true},
            "workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}, "workspaceFolders": true}
        },
        "initializationOptions": {"debounceMs": 0}
    }));
    c.notify("initialized", json!({}));
    // Report files are watched, besides nianbao.toml.
    let reg = c.wait_for_request("client/registerCapability");
    let globs: Vec<&str> = reg["params"]["registrations"][0]["registerOptions"]["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["globPattern"].as_str().unwrap())
        .collect();
    assert_eq!(
        globs,
        [
            "**/nianbao.toml",
            "**/*.{txt,md,markdown,docx,html,htm,pdf}"
        ]
    );
    // The workspace is indexed in the background, with progress.
    c.wait_for_request("window/workDoneProgress/create");
    c.wait_for("$/progress", |p| p["value"]["kind"] == "begin");
    let end = c.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(end["value"]["message"], "找到 1 份报告", "{end}");

    // This year's report, opened: compared with last year's file on disk.
    c.open(&uri, &this_year);
    let diags = c.diagnostics(&uri, 1);
    let across: Vec<String> = codes(&diags)
        .into_iter()
        .filter(|c| {
            matches!(
                c.as_str(),
                "carryover-mismatch" | "valid-count-drift" | "copied-from-last-year"
            )
        })
        .collect();
    assert_eq!(
        across,
        [
            "valid-count-drift",
            "carryover-mismatch",
            "carryover-mismatch",
            "carryover-mismatch",
            "copied-from-last-year"
        ]
    );
    let carry = diags
        .iter()
        .find(|d| d["code"] == "carryover-mismatch")
        .unwrap();
    assert!(
        carry["message"]
            .as_str()
            .unwrap()
            .contains("上年报告（报告.md）"),
        "{carry}"
    );
    // Its quick fix writes last year's number.
    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": {"uri": uri}, "range": carry["range"],
            "context": {"diagnostics": [carry], "only": ["quickfix"]}
        }),
    );
    let titles: Vec<&str> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"改为上年结转下年度的 2"), "{titles:?}");

    // Last year's file is corrected on disk (it carried 1 forward after all):
    // the open report is checked again, its carry-over now agrees.
    let fixed = last
        .replacen(
            "一、本年新收政府信息公开申请数量\t11\t2\t0\t1\t0\t2\t16",
            "一、本年新收政府信息公开申请数量\t10\t2\t0\t1\t0\t1\t14",
            1,
        )
        .replacen(
            "四、结转下年度继续办理\t2\t0\t0\t0\t0\t1\t3",
            "四、结转下年度继续办理\t1\t0\t0\t0\t0\t0\t1",
            1,
        );
    assert_ne!(fixed, last);
    std::fs::write(&last_path, &fixed).unwrap();
    let last_uri = file_uri(&last_path);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": last_uri, "type": 2}]}),
    );
    let p = c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str()
            && !p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "carryover-mismatch")
    });
    assert!(
        p["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "valid-count-drift"),
        "{p}"
    );

    // Last year's report opened and edited in the editor: its text as typed
    // is what this year's report is compared with.
    c.open(&last_uri, &fixed);
    c.diagnostics(&last_uri, 1);
    let broken = fixed.replacen("行政规范性文件\t3\t2\t10", "行政规范性文件\t3\t2\t11", 1);
    assert_ne!(broken, fixed);
    c.change_full(&last_uri, 2, &broken);
    c.wait_for("textDocument/publishDiagnostics", |p| {
        p["uri"] == uri.as_str()
            && !p["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .any(|d| d["code"] == "valid-count-drift")
    });
    let (code, _) = c.shutdown();
    assert_eq!(code, Some(0));
}

#[test]
fn last_years_report_of_the_body_named_without_its_city_is_compared() {
    // `years/prefix`: "东湖区人民政府" (2022) on disk, "示例市东湖区人民政府" (2023,
    // the title over two lines) opened: one body, so its documents in force
    // are compared (10 + 2 − 1 ≠ 12).
    let years =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/years/prefix");
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::copy(years.join("东湖区-2022.txt"), root.join("2022.txt")).unwrap();
    let this_year = std::fs::read_to_string(years.join("示例市东湖区-2023.txt")).unwrap();
    let uri = format!("file://{}/2023.txt", root.display());
    let root_uri = format!("file://{}", root.display());
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": [{"uri": root_uri, "name": "reports"}],
            "capabilities": {"window": {"workDoneProgress": true}},
            "initializationOptions": {"debounceMs": 0}
        }),
    );
    c.notify("initialized", json!({}));
    c.wait_for_request("window/workDoneProgress/create");
    let end = c.wait_for("$/progress", |p| p["value"]["kind"] == "end");
    assert_eq!(end["value"]["message"], "找到 1 份报告", "{end}");
    c.open(&uri, &this_year);
    let diags = c.diagnostics(&uri, 1);
    let drift = diags
        .iter()
        .find(|d| d["code"] == "valid-count-drift")
        .unwrap_or_else(|| panic!("{diags:?}"));
    assert!(
        drift["message"]
            .as_str()
            .unwrap()
            .contains("上年报告（2022.txt）为 10"),
        "{drift}"
    );
    let (code, _) = c.shutdown();
    assert_eq!(code, Some(0));
}

#[test]
fn previous_in_nianbao_toml_is_compared_and_a_missing_one_shown() {
    let years =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/years/mismatching");
    let dir = tempfile::tempdir().unwrap();
    let top = dir.path().canonicalize().unwrap();
    // Last year's report outside the workspace folder: only nianbao.toml
    // names it.
    std::fs::create_dir_all(top.join("ws")).unwrap();
    std::fs::create_dir_all(top.join("last")).unwrap();
    std::fs::copy(years.join("2022.md"), top.join("last/2022.md")).unwrap();
    let toml = top.join("ws/nianbao.toml");
    std::fs::write(&toml, "previous = \"../last/2021.md\"\n").unwrap();
    let root_uri = format!("file://{}/ws", top.display());
    let uri = format!("{root_uri}/2023.md");
    let this_year = std::fs::read_to_string(years.join("2023.md")).unwrap();
    let mut c = Client::spawn();
    c.request(
        "initialize",
        json!({"processId": null, "rootUri": root_uri, "capabilities": {},
               "initializationOptions": {"debounceMs": 0}}),
    );
    c.notify("initialized", json!({}));
    // Named but missing: shown, as a configuration error naming the line.
    c.open(&uri, &this_year);
    let shown = c.wait_for("window/showMessage", |p| {
        p["message"].as_str().unwrap().contains("2021.md")
    });
    assert!(
        shown["message"]
            .as_str()
            .unwrap()
            .contains("nianbao.toml:1"),
        "{shown}"
    );
    let diags = c.diagnostics(&uri, 1);
    assert!(!codes(&diags).iter().any(|c| c == "carryover-mismatch"));
    // Named and there: compared with.
    std::fs::write(&toml, "previous = \"../last/2022.md\"\n").unwrap();
    c.change_full(&uri, 2, &this_year);
    let diags = c.diagnostics(&uri, 2);
    assert!(
        codes(&diags).iter().any(|c| c == "carryover-mismatch"),
        "{diags:?}"
    );
    assert_eq!(c.shutdown().0, Some(0));
}

/// Where a keystroke lands in a report: the end of its (七)总计 row (line,
/// UTF-16 column).
fn total_cell(text: &str) -> (usize, usize) {
    let line = text
        .lines()
        .position(|l| {
            l.contains("总计") && l.contains('\t') && {
                let l = l.trim_start();
                l.starts_with("(七)") || l.starts_with("（七）")
            }
        })
        .expect("(七)总计 row");
    let col = text
        .lines()
        .nth(line)
        .unwrap()
        .trim_end()
        .encode_utf16()
        .count();
    (line, col)
}

/// A digit typed at (line, col) (`typed`) or deleted again.
fn keystroke(c: &mut Client, uri: &str, version: i64, (line, col): (usize, usize), typed: bool) {
    let change = if typed {
        json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": "9"})
    } else {
        json!({"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""})
    };
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}),
    );
}

/// The versions of the diagnostics of `uri` among `messages`.
fn published_versions(messages: &[Value], uri: &str) -> Vec<i64> {
    messages
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .map(|m| m["params"]["version"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_fast_document_is_checked_at_once_whatever_the_debounce() {
    // A debounce of 5 s: a real report's check takes far less, so each edit
    // is checked at once (a server that waited would take 5 s each time).
    let mut c = Client::spawn();
    c.initialize(json!({}), json!({"debounceMs": 5000}));
    let text = corpus("xinxiang-city-hrss-2023.txt");
    let at = total_cell(&text);
    let t = std::time::Instant::now();
    c.open(URI, &text);
    let expected = c.diagnostics(URI, 1);
    assert!(
        t.elapsed() < Duration::from_millis(2500),
        "{:?}",
        t.elapsed()
    );
    for version in 2..=4 {
        let t = std::time::Instant::now();
        keystroke(&mut c, URI, version, at, version % 2 == 0);
        let diags = c.diagnostics(URI, version);
        assert!(
            t.elapsed() < Duration::from_millis(2500),
            "version {version} published after {:?}",
            t.elapsed()
        );
        if version % 2 == 1 {
            assert_eq!(diags, expected, "the digit deleted again");
        }
    }
    // A burst: whatever is published comes in version order, ends with the
    // last version, and nothing follows it.
    for version in 5..=25 {
        keystroke(&mut c, URI, version, at, version % 2 == 0);
    }
    assert_eq!(c.diagnostics(URI, 25), expected);
    // What arrived before version 25 (set aside while waiting for it) may
    // hold earlier versions of the burst, in increasing order.
    let before: Vec<Value> = c.backlog.drain(..).collect();
    let earlier = published_versions(&before, URI);
    assert!(
        earlier.windows(2).all(|w| w[0] < w[1]) && earlier.iter().all(|&v| (5..25).contains(&v)),
        "{earlier:?}"
    );
    let later = c.drain(Duration::from_millis(300));
    assert!(published_versions(&later, URI).is_empty(), "{later:?}");
    assert_eq!(c.shutdown().0, Some(0));
}

/// The corpus report with its narrative repeated to about `size` bytes:
/// hundreds of narrative numbers that contradict its tables, each a
/// diagnostic (a slow check).
fn narrative_heavy(size: usize) -> String {
    let report = corpus("xinxiang-city-hrss-2023.txt");
    let lines: Vec<&str> = report.split_inclusive('\n').collect();
    let start = lines.iter().position(|l| l.starts_with("一、")).unwrap();
    let end = lines.iter().position(|l| l.starts_with("二、")).unwrap();
    let prose = lines[start + 1..end].concat();
    lines[..=start].concat() + &prose.repeat(size / prose.len() + 1) + &lines[end..].concat()
}

#[test]
fn a_burst_of_edits_on_a_slow_document_is_checked_once_at_its_last_version() {
    let mut c = server(json!({}));
    let text = narrative_heavy(2_000_000);
    let at = total_cell(&text);
    c.open(URI, &text);
    c.diagnostics(URI, 1);
    // With debounce 0, every keystroke is checked at once: the shortest
    // round trip is about what the server's check of an edit takes.
    let mut check = Duration::MAX;
    for version in 2..=5 {
        let t = std::time::Instant::now();
        keystroke(&mut c, URI, version, at, version % 2 == 0);
        c.diagnostics(URI, version);
        check = check.min(t.elapsed());
    }
    // A debounce of that round trip (at least 2 ms): the document is slow
    // for it, as the server's share of a round trip (analysis, positions,
    // JSON) is well over a quarter of it, so its edits wait for the burst to
    // end. (Twice the round trip failed in release builds, where the test's
    // own reading of the frame is a larger share of the round trip.)
    let debounce_ms = (check.as_micros() as u64).div_ceil(1000).max(2);
    let debounce = Duration::from_millis(debounce_ms);
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"nianbao": {"debounceMs": debounce_ms}}}),
    );
    // One edit, a pause in which a server that checks at once would check
    // it (and publish it), then the rest of the burst.
    keystroke(&mut c, URI, 6, at, true);
    std::thread::sleep(debounce / 4);
    for version in 7..=13 {
        keystroke(&mut c, URI, version, at, version % 2 == 0);
    }
    c.diagnostics(URI, 13);
    let mut messages: Vec<Value> = c.backlog.drain(..).collect();
    messages.extend(c.drain(debounce + Duration::from_millis(300)));
    let mut versions = published_versions(&messages, URI);
    versions.push(13);
    assert_eq!(
        versions,
        vec![13],
        "one check, of the last version (debounce {debounce:?})"
    );
    assert_eq!(c.shutdown().0, Some(0));
}
