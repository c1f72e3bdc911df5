//! `nianbao report --html` in a real browser: Debian's headless Chromium loads
//! the page from a file with the network closed, runs its script, and the DOM
//! it ends with must show the same counts as `nianbao check --format json`.
//! A screenshot is kept in `tests/output/report-html.png` (git-ignored) for a
//! person to look at.
//!
//! Needs Chromium (`apt-get install -y chromium`; `./scripts/test-all.sh`
//! installs it under CI). Under `CI=true` a missing Chromium fails the test; on
//! a developer machine the test is skipped with a message.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
const TIMEOUT: Duration = Duration::from_secs(90);

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("NIANBAO_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Runs a command, killing it after `TIMEOUT`.
fn run_with_timeout(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    // Read stdout on a thread so a large DOM cannot block the browser.
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut v = Vec::new();
        std::io::Read::read_to_end(&mut out, &mut v).map(|_| v)
    });
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > TIMEOUT {
            let _ = child.kill();
            panic!("chromium did not finish within {TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = Vec::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = std::io::Read::read_to_end(&mut e, &mut stderr);
    }
    Output {
        status,
        stdout: reader.join().unwrap().unwrap(),
        stderr,
    }
}

fn chromium(chrome: &Path, args: &[&str]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let mut c = Command::new(chrome);
    c.args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args);
    let o = run_with_timeout(c);
    assert!(
        o.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

fn file_url(p: &Path, fragment: &str) -> String {
    format!("file://{}{fragment}", p.display())
}

/// The `data-count` of the element with `id` in `dom`.
fn count(dom: &str, id: &str) -> usize {
    let key = format!("id=\"{id}\" data-count=\"");
    let at = dom
        .find(&key)
        .unwrap_or_else(|| panic!("#{id} not in the DOM"))
        + key.len();
    dom[at..].split('"').next().unwrap().parse().unwrap()
}

/// Opening tags of the report entries: (status, hidden).
fn entries(dom: &str) -> Vec<(String, bool)> {
    dom.match_indices("<details class=\"report\"")
        .map(|(i, _)| {
            let tag = &dom[i..i + dom[i..].find('>').unwrap()];
            let status = tag
                .split("data-status=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string();
            (status, tag.contains(" hidden"))
        })
        .collect()
}

/// The DOM of the page at `fragment` after its script ran.
fn dump(chrome: &Path, page: &Path, fragment: &str) -> String {
    String::from_utf8(chromium(chrome, &["--dump-dom", &file_url(page, fragment)]).stdout).unwrap()
}

/// The values of `attr` (numbers) in the order of the DOM.
fn attr_values(dom: &str, attr: &str) -> Vec<usize> {
    let key = format!(" {attr}=\"");
    dom.match_indices(&key)
        .map(|(i, _)| {
            let v = &dom[i + key.len()..];
            v[..v.find('"').unwrap()].parse().unwrap()
        })
        .collect()
}

/// The places of the findings of the opened report.
fn opened_findings(dom: &str) -> Vec<String> {
    let at = dom
        .find("data-filled=\"1\" open=\"\"")
        .expect("a report opened");
    let end = at + dom[at..].find("</details>").unwrap();
    dom[at..end]
        .match_indices(" data-place=\"")
        .map(|(i, m)| {
            let v = &dom[at + i + m.len()..];
            v[..v.find('"').unwrap()].to_string()
        })
        .collect()
}

/// Length in UTF-16 code units and FNV-1a (32 bits) over them, as the page's
/// script computes them for its export.
fn fnv1a(s: &str) -> (usize, u32) {
    let mut h: u32 = 0x811c_9dc5;
    let mut n = 0;
    for u in s.encode_utf16() {
        h = (h ^ u32::from(u)).wrapping_mul(0x0100_0193);
        n += 1;
    }
    (n, h)
}

/// Chromium, or `None` (skip) outside CI; under CI a missing Chromium fails.
fn chromium_or_skip() -> Option<PathBuf> {
    let chrome = find_chromium();
    if chrome.is_none() {
        let ci = nianbao::cli::progress::in_ci(std::env::var_os("CI").as_deref());
        assert!(
            !ci,
            "Chromium is required under CI: apt-get install -y chromium (./scripts/test-all.sh does)"
        );
        eprintln!("SKIPPED: browser test: Chromium not installed (apt-get install -y chromium)");
    }
    chrome
}

#[test]
fn html_report_renders_in_headless_chromium() {
    let Some(chrome) = chromium_or_skip() else {
        return;
    };
    let out_dir = root().join("tests/output");
    std::fs::create_dir_all(&out_dir).unwrap();
    let page = out_dir.join("report.html");
    let bin = env!("CARGO_BIN_EXE_nianbao");
    let fixtures = root().join("tests/fixtures");
    let o = Command::new(bin)
        .current_dir(&fixtures)
        .args(["report", "corpus", "layouts", "rules", "-q", "--html"])
        .arg(&page)
        .arg("--csv")
        .arg(out_dir.join("report.csv"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let json: Value = serde_json::from_slice(
        &Command::new(bin)
            .current_dir(&fixtures)
            .args(["check", "--format", "json", "corpus", "layouts", "rules"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let files = json["files"].as_array().unwrap();
    let errors_of = |f: &Value| {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["severity"] == "error")
            .count()
    };
    let failed = files.iter().filter(|f| errors_of(f) > 0).count();
    let errors: usize = files.iter().map(errors_of).sum();
    assert!(failed > 0 && failed < files.len());

    // The DOM after the page's script ran.
    let dom =
        String::from_utf8(chromium(&chrome, &["--dump-dom", &file_url(&page, "")]).stdout).unwrap();
    assert!(dom.contains("<body data-ready=\"1\""), "the script ran");
    assert_eq!(count(&dom, "n-reports"), files.len());
    assert_eq!(count(&dom, "n-failed"), failed);
    assert_eq!(count(&dom, "n-errors"), errors);
    assert_eq!(count(&dom, "shown"), files.len());
    assert!(dom.contains("<svg id=\"chart\""));
    let all = entries(&dom);
    assert_eq!(all.len(), files.len());
    assert!(all.iter().all(|(_, hidden)| !hidden));
    // The export button: the script made the CSV a file and showed it.
    let at = dom.find("id=\"csv-download\"").expect("export button");
    let tag = &dom[dom[..at].rfind('<').unwrap()..at + dom[at..].find('>').unwrap()];
    assert!(tag.contains("href=\"blob:"), "{tag}");
    assert!(!tag.contains(" hidden"), "{tag}");
    // It gives the bytes of --csv (their length and FNV-1a, as the script
    // computes them).
    let csv = std::fs::read_to_string(out_dir.join("report.csv")).unwrap();
    let (len, fnv) = fnv1a(csv.trim_start_matches('\u{feff}'));
    assert!(tag.contains(&format!("data-length=\"{len}\"")), "{tag}");
    assert!(
        tag.contains(&format!("data-fnv1a=\"{fnv:x}\"")),
        "{tag} {fnv:x}"
    );
    // Reports by body and year; rules by name with the id.
    assert!(
        dom.contains("<span class=\"name\">渭南市临渭区人力资源和社会保障局 2023年</span>"),
        "reports named by body and year"
    );
    assert!(dom.contains("缺少部分<code class=\"rule-id\">missing-section</code>"));

    // A report opened from the address: its findings at their places.
    let linwei = files
        .iter()
        .find(|f| f["path"].as_str().unwrap().contains("linwei"))
        .unwrap();
    let path = linwei["path"].as_str().unwrap();
    let dom = dump(&chrome, &page, &format!("#open={path}"));
    let opened = opened_findings(&dom);
    let diags = linwei["diagnostics"].as_array().unwrap();
    assert_eq!(opened.len(), diags.len(), "{path}");
    for (place, d) in opened.iter().zip(diags) {
        assert_eq!(place, &format!("第{}行 第{}列", d["line"], d["column"]));
    }
    // Sorted by errors: the most first.
    let dom = dump(&chrome, &page, "#sort=errors");
    let shown_errors = attr_values(&dom, "data-errors");
    assert_eq!(shown_errors.len(), files.len());
    assert!(
        shown_errors.windows(2).all(|w| w[0] >= w[1]),
        "{shown_errors:?}"
    );
    assert_eq!(shown_errors[0], files.iter().map(errors_of).max().unwrap());
    // One rule's reports (as a click on the rule table shows them).
    let with_rule = |rule: &str| {
        files
            .iter()
            .filter(|f| {
                f["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["rule"] == rule)
            })
            .count()
    };
    let dom = dump(&chrome, &page, "#rule=missing-section");
    assert_eq!(count(&dom, "shown"), with_rule("missing-section"));
    assert!(with_rule("missing-section") > 0);

    // `#failed` filters to the reports that fail, in the browser.
    let dom =
        String::from_utf8(chromium(&chrome, &["--dump-dom", &file_url(&page, "#failed")]).stdout)
            .unwrap();
    assert_eq!(count(&dom, "shown"), failed);
    let shown: Vec<_> = entries(&dom).into_iter().filter(|(_, h)| !h).collect();
    assert_eq!(shown.len(), failed);
    assert!(shown.iter().all(|(s, _)| s == "fail"), "{shown:?}");

    // A filter in the address; and a malformed one does not stop the script.
    let name = "linwei";
    let dom = String::from_utf8(
        chromium(
            &chrome,
            &["--dump-dom", &file_url(&page, &format!("#q={name}"))],
        )
        .stdout,
    )
    .unwrap();
    let matching = files
        .iter()
        .filter(|f| f["path"].as_str().unwrap().contains(name))
        .count();
    assert!(matching > 0);
    assert_eq!(count(&dom, "shown"), matching);
    let dom = String::from_utf8(
        chromium(&chrome, &["--dump-dom", &file_url(&page, "#q=%E0%A4%A")]).stdout,
    )
    .unwrap();
    assert!(dom.contains("<body data-ready=\"1\""), "the script ran");
    assert_eq!(count(&dom, "shown"), 0, "filtered by the text as typed");

    // Only the page's own script runs (the CSP allows it by its hash): one
    // added to the page, as an injection would, does not.
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(!html.contains("'unsafe-inline'; img") && !html.contains("script-src 'unsafe-inline'"));
    let injected = out_dir.join("report-injected.html");
    std::fs::write(
        &injected,
        html.replace(
            "</footer>",
            "</footer><script>document.documentElement.dataset.injected = '1';</script>",
        ),
    )
    .unwrap();
    let dom =
        String::from_utf8(chromium(&chrome, &["--dump-dom", &file_url(&injected, "")]).stdout)
            .unwrap();
    assert!(
        dom.contains("<body data-ready=\"1\""),
        "the page's script still runs"
    );
    assert!(
        !dom.contains("data-injected"),
        "the added script was blocked"
    );
    let _ = std::fs::remove_file(&injected);

    // A screenshot for people: a real picture of the page's first screen.
    let png = out_dir.join("report-html.png");
    let _ = std::fs::remove_file(&png);
    chromium(
        &chrome,
        &[
            &format!("--screenshot={}", png.display()),
            "--window-size=1280,900",
            &file_url(&page, ""),
        ],
    );
    let bytes = std::fs::read(&png).expect("screenshot written");
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    let width = u32::from_be_bytes(bytes[16..20].try_into().unwrap());
    let height = u32::from_be_bytes(bytes[20..24].try_into().unwrap());
    assert_eq!((width, height), (1280, 900));
    // A blank page compresses to a few kilobytes; text, cards and bars do not.
    assert!(bytes.len() > 30_000, "{} bytes", bytes.len());
    println!("screenshot: {}", png.display());
}

/// One row of the CSV of `report --csv` (a generated batch: no quoted fields).
struct Row {
    body: String,
    year: String,
    path: String,
    failed: bool,
    errors: usize,
    findings: usize,
}

fn csv_rows(csv: &str) -> Vec<Row> {
    csv.trim_start_matches('\u{feff}')
        .split_terminator("\r\n")
        .skip(1)
        .map(|line| {
            let c: Vec<&str> = line.split(',').collect();
            let n = |i: usize| c[i].parse::<usize>().unwrap_or(0);
            Row {
                body: c[0].to_string(),
                year: c[1].to_string(),
                path: c[2].to_string(),
                failed: c[3] == "有错误" || c[3] == "无法读取",
                errors: n(4),
                findings: n(4) + n(5) + n(6),
            }
        })
        .collect()
}

/// The page of a large generated batch (`bench/gen_batch.py`; 2,000 reports,
/// or `NIANBAO_PAGE_REPORTS`; the binary `NIANBAO_PAGE_BIN` if set, as
/// `bench/page.sh` runs it with 20,000 and the release build): it opens with
/// the totals and the first page of reports, the filter narrows the list to
/// the reports that match (counted from the CSV of the same run), the sort
/// puts the most errors first, a report far down the list opens with its
/// findings, and the export gives the bytes of --csv.
#[test]
fn the_page_of_a_large_batch_opens_filters_sorts_and_opens_a_report() {
    let Some(chrome) = chromium_or_skip() else {
        return;
    };
    let n: usize = std::env::var("NIANBAO_PAGE_REPORTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(2000);
    assert!(n >= 1500, "at least two folders and more than a page");
    let bin = std::env::var("NIANBAO_PAGE_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_nianbao").to_string());
    let dir = tempfile::tempdir().unwrap();
    let reports = dir.path().join("reports");
    let gen_started = Instant::now();
    let o = Command::new("python3")
        .arg(root().join("bench/gen_batch.py"))
        .arg(root().join("../shared/corpus"))
        .arg(&reports)
        .arg(n.to_string())
        .output()
        .expect("python3 runs bench/gen_batch.py");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let generated = gen_started.elapsed();
    let (page, csv) = (dir.path().join("page.html"), dir.path().join("t.csv"));
    let started = Instant::now();
    let o = Command::new(&bin)
        .current_dir(dir.path())
        .args([
            "report",
            "reports",
            "-q",
            "--html",
            "page.html",
            "--csv",
            "t.csv",
        ])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let checked = started.elapsed();
    let csv = std::fs::read_to_string(&csv).unwrap();
    let rows = csv_rows(&csv);
    assert_eq!(rows.len(), n);
    let size = std::fs::metadata(&page).unwrap().len();

    // Opens with the totals and the first page of the list.
    let dom = dump(&chrome, &page, "");
    assert!(dom.contains("<body data-ready=\"1\""), "the script ran");
    assert_eq!(count(&dom, "n-reports"), n);
    let failed = rows.iter().filter(|r| r.failed).count();
    assert!(failed > 0 && failed < n);
    assert_eq!(count(&dom, "n-failed"), failed);
    assert_eq!(count(&dom, "shown"), n);
    let shown = entries(&dom);
    assert_eq!(shown.len(), 100, "one page of the list");
    assert!(dom.contains(&format!("data-path=\"{}\"", rows[0].path)));
    let first_render = dom
        .split("data-first-render-ms=\"")
        .nth(1)
        .and_then(|v| v.split('"').next())
        .unwrap()
        .to_string();
    let tag = &dom[dom.find("<a id=\"csv-download\"").unwrap()..];
    let (len, fnv) = fnv1a(csv.trim_start_matches('\u{feff}'));
    assert!(tag.contains(&format!("data-length=\"{len}\" data-fnv1a=\"{fnv:x}\"")));

    // The filter: a folder, a body's part, with "only errors".
    let matching = |needle: &str, only_failed: bool| {
        rows.iter()
            .filter(|r| {
                let key = format!("{} {} {}", r.body, r.year, r.path).to_lowercase();
                key.contains(needle) && (!only_failed || r.failed)
            })
            .count()
    };
    assert_eq!(matching("/001/", false), 1000);
    let dom = dump(&chrome, &page, "#q=/001/");
    assert_eq!(count(&dom, "shown"), 1000);
    assert!(entries(&dom).len() == 100);
    let part: String = rows[7].body.chars().take(2).collect();
    let expected = matching(&part.to_lowercase(), true);
    assert!(expected > 0 && expected < n);
    let dom = dump(&chrome, &page, &format!("#q={part}&failed"));
    assert_eq!(count(&dom, "shown"), expected, "{part}");
    assert!(entries(&dom).iter().all(|(s, _)| s == "fail"));

    // The sort: the most errors first.
    let dom = dump(&chrome, &page, "#sort=errors");
    let top = attr_values(&dom, "data-errors");
    let mut all: Vec<usize> = rows.iter().map(|r| r.errors).collect();
    all.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(top, all[..100]);

    // A report far down the list opens with its findings.
    let far = &rows[n - 3];
    let dom = dump(&chrome, &page, &format!("#open={}", far.path));
    assert_eq!(opened_findings(&dom).len(), far.findings, "{}", far.path);
    println!(
        "{n} reports: generated in {generated:?}, report --html --csv in {checked:?}; \
         page {size} bytes; first render {first_render} ms after navigation"
    );
}
