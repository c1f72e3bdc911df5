//! Reads the reports of an assessor's page (`nianbao report --html`) from its
//! data, as the page's script does (see src/cli/report_data.rs for the
//! format): for tests that check what the page carries without a browser.
#![allow(dead_code)]

use serde_json::Value;

#[derive(Debug, Default)]
pub struct Finding {
    pub rule: String,
    pub severity: &'static str,
    pub place: String,
    pub message: String,
    pub fingerprint: String,
    /// Dismissed findings: the reason and the configuration's file:line.
    pub reason: String,
    pub source: String,
}

#[derive(Debug, Default)]
pub struct Report {
    /// pass, warn, fail or unreadable.
    pub status: &'static str,
    pub path: String,
    pub body: String,
    pub year: String,
    pub errors: u64,
    pub warnings: u64,
    pub infos: u64,
    /// An unreadable file's message.
    pub message: String,
    pub findings: Vec<Finding>,
    pub dismissed: Vec<Finding>,
}

/// The JSON text of the page's `<script type="application/json" id="…">`.
pub fn data<'a>(html: &'a str, id: &str) -> &'a str {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let at = html.find(&open).unwrap_or_else(|| panic!("no {id}")) + open.len();
    &html[at..at + html[at..].find("</script>").unwrap()]
}

/// The reports of the page, in its order.
pub fn reports(html: &str) -> Vec<Report> {
    let raw: Value = serde_json::from_str(data(html, "nb-rows")).expect("the rows are JSON");
    let mut table: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for x in raw.as_array().unwrap() {
        if let Some(s) = x.as_str() {
            table.push(s.to_string());
            continue;
        }
        out.push(report(x.as_array().unwrap(), &table));
    }
    out
}

fn string(v: &Value, table: &[String]) -> String {
    match v {
        Value::Number(n) => table[n.as_u64().unwrap() as usize].clone(),
        Value::String(s) => s.clone(),
        _ => panic!("not a string slot: {v}"),
    }
}

fn text(v: &Value, table: &[String]) -> String {
    let Some(a) = v.as_array() else {
        return string(v, table);
    };
    let template = string(&a[0], table);
    let mut parts = template.split('\u{1}');
    let mut s = parts.next().unwrap().to_string();
    for (arg, part) in a[1..].iter().zip(parts) {
        match arg {
            Value::String(x) => s.push_str(x),
            n => s.push_str(&n.to_string()),
        }
        s.push_str(part);
    }
    s
}

fn finding(v: &Value, table: &[String]) -> Finding {
    let a = v.as_array().unwrap();
    Finding {
        rule: string(&a[0], table),
        severity: ["error", "warning", "info"][a[1].as_u64().unwrap() as usize],
        place: text(&a[2], table),
        message: text(&a[3], table),
        fingerprint: string(&a[4], table),
        reason: a.get(5).map(|v| string(v, table)).unwrap_or_default(),
        source: a.get(6).map(|v| string(v, table)).unwrap_or_default(),
    }
}

fn report(a: &[Value], table: &[String]) -> Report {
    let status = ["fail", "warn", "pass", "unreadable"][a[0].as_u64().unwrap() as usize];
    let path = string(&a[1], table) + a[2].as_str().unwrap();
    if status == "unreadable" {
        return Report {
            status,
            path,
            message: a[3].as_str().unwrap().to_string(),
            ..Default::default()
        };
    }
    let year = a[4].as_u64().unwrap();
    let list = |v: &Value| -> Vec<Finding> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|f| finding(f, table))
            .collect()
    };
    Report {
        status,
        path,
        body: a[3].as_str().unwrap().to_string(),
        year: if year == 0 {
            String::new()
        } else {
            year.to_string()
        },
        errors: a[5].as_u64().unwrap(),
        warnings: a[6].as_u64().unwrap(),
        infos: a[7].as_u64().unwrap(),
        message: String::new(),
        findings: list(&a[10]),
        dismissed: list(&a[11]),
    }
}
