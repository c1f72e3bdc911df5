//! Mutation tests on the clean sample report: change any single value cell of
//! table 3 or table 4 and exactly the identities that contain it fire, each at
//! its total cell; `--fix` then restores every total it can. Delete any section,
//! row or item and exactly the right structural finding appears.

use nianbao::analysis::config::Config;
use nianbao::analysis::format::{SectionId, T2Item, T2Row, T3Row};
use nianbao::analysis::model::Report;
use nianbao::analysis::template::sample;
use nianbao::analysis::text::Span;
use nianbao::analysis::{Analysis, analyze};
use nianbao::cli::check::fix_text;
use std::collections::BTreeSet;

const ARITHMETIC: [&str; 4] = ["row-total", "result-total", "balance", "review-total"];

fn check(text: &str) -> Analysis {
    analyze(text, &Config::default())
}

/// Which table-3 cell (row, column) or table-4 cell (index) a span is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Place {
    T3(T3Row, usize),
    T4(usize),
}

fn place(report: &Report, span: Span) -> Option<Place> {
    if let Some(t3) = &report.t3 {
        for r in T3Row::ALL {
            if let Some(row) = t3.row(r) {
                if let Some(c) = row.cells.iter().position(|c| c.span == span) {
                    return Some(Place::T3(r, c));
                }
            }
        }
    }
    let t4 = report.t4.as_ref()?;
    t4.cells.iter().position(|c| c.span == span).map(Place::T4)
}

fn arithmetic(a: &Analysis) -> BTreeSet<(&'static str, Place)> {
    a.findings
        .iter()
        .filter(|f| ARITHMETIC.contains(&f.rule))
        .map(|f| {
            (
                f.rule,
                place(&a.report, f.span)
                    .unwrap_or_else(|| panic!("{} not at a cell: {}", f.rule, f.message)),
            )
        })
        .collect()
}

fn replace(text: &str, span: Span, with: &str) -> String {
    format!("{}{}{}", &text[..span.start], with, &text[span.end..])
}

#[test]
fn changing_any_table3_cell_fires_exactly_its_identities() {
    let base = sample();
    let clean = check(&base);
    assert!(clean.findings.is_empty());
    let t3 = clean.report.t3.as_ref().unwrap();
    let mut cases = 0;
    for r in T3Row::ALL {
        for c in 0..7 {
            let cell = &t3.row(r).unwrap().cells[c];
            let v = cell.int().unwrap();
            let text = replace(&base, cell.span, &(v + 1).to_string());
            let a = check(&text);
            let mut expected = BTreeSet::new();
            expected.insert(("row-total", Place::T3(r, 6)));
            if r.is_result() || r == T3Row::Tot {
                expected.insert(("result-total", Place::T3(T3Row::Tot, c)));
            }
            if matches!(r, T3Row::New | T3Row::Carry | T3Row::Tot | T3Row::Fwd) {
                expected.insert(("balance", Place::T3(T3Row::Fwd, c)));
            }
            assert_eq!(arithmetic(&a), expected, "changed {r:?} column {c}");
            // Nothing but arithmetic findings, and the narrative's where the
            // sample's text quotes the changed total (全年收到申请14件).
            assert!(
                a.findings
                    .iter()
                    .all(|f| ARITHMETIC.contains(&f.rule)
                        || (f.rule == "narrative-mismatch" && c == 6)),
                "changed {r:?} column {c}: {:#?}",
                a.findings
            );
            // --fix restores every total it can; only the 勾稽关系 may remain,
            // and the narrative, which states the original totals (全年收到
            // 申请14件) that the recomputed total now contradicts.
            let (fixed, _, after) = fix_text(&text, &Config::default());
            let left: Vec<_> = after
                .findings
                .iter()
                .filter(|f| f.rule != "balance" && f.rule != "narrative-mismatch")
                .collect();
            assert!(
                left.is_empty(),
                "changed {r:?} column {c}, after --fix: {left:#?}\n{fixed}"
            );
            cases += 1;
        }
    }
    assert_eq!(cases, 175);
}

#[test]
fn changing_any_table4_cell_fires_its_group_total() {
    let base = sample();
    let clean = check(&base);
    let t4 = clean.report.t4.as_ref().unwrap();
    for i in 0..15 {
        let cell = &t4.cells[i];
        let text = replace(&base, cell.span, &(cell.int().unwrap() + 2).to_string());
        let a = check(&text);
        let expected: BTreeSet<_> = [("review-total", Place::T4(i / 5 * 5 + 4))].into();
        assert_eq!(arithmetic(&a), expected, "changed table 4 cell {i}");
        let (_, _, after) = fix_text(&text, &Config::default());
        assert!(after.findings.is_empty(), "cell {i}: {:#?}", after.findings);
    }
}

fn delete_lines(text: &str, pred: impl Fn(&str) -> bool) -> String {
    text.split_inclusive('\n').filter(|l| !pred(l)).collect()
}

fn rules_of(a: &Analysis) -> Vec<(&'static str, String)> {
    a.findings
        .iter()
        .map(|f| (f.rule, f.message.clone()))
        .collect()
}

#[test]
fn deleting_any_section_heading_is_missing_section() {
    let base = sample();
    for id in SectionId::ALL {
        let heading = id.heading();
        let text = delete_lines(&base, |l| l.trim_end() == heading);
        let a = check(&text);
        let found = rules_of(&a);
        assert_eq!(found.len(), 1, "deleted {heading}: {found:#?}");
        assert_eq!(found[0].0, "missing-section");
        assert!(found[0].1.contains(id.title()), "{found:?}");
        // The safe fix puts it back where it belongs.
        let (fixed, _, after) = fix_text(&text, &Config::default());
        assert!(
            after.findings.is_empty(),
            "deleted {heading}, fixed:\n{fixed}\n{:#?}",
            after.findings
        );
        assert_eq!(
            fixed.replace("\n\n\n", "\n\n"),
            base.replace("\n\n\n", "\n\n"),
            "deleted {heading}"
        );
    }
}

#[test]
fn deleting_any_table3_row_is_missing_row() {
    let base = sample();
    for r in T3Row::ALL {
        let label = r.label();
        let text = delete_lines(&base, |l| l.starts_with(&format!("{label}\t")));
        assert_ne!(text, base, "{label} not found in the sample");
        let a = check(&text);
        let found = rules_of(&a);
        assert_eq!(found.len(), 1, "deleted {label}: {found:#?}");
        assert_eq!(found[0].0, "missing-row");
        assert!(found[0].1.contains(&r.display()), "{found:?}");
        // The fix re-inserts the row with the values the identities determine.
        let fix = &a.findings[0].fixes[0];
        let (repaired, _) = nianbao::analysis::fix::apply(&text, &fix.edits);
        assert!(
            check(&repaired).findings.is_empty(),
            "deleted {label}; re-inserted:\n{repaired}"
        );
    }
}

#[test]
fn deleting_any_table2_row_or_item_is_missing_row() {
    let base = sample();
    for r in T2Row::ALL {
        let text = delete_lines(&base, |l| l.starts_with(&format!("{}\t", r.label())));
        let a = check(&text);
        let found = rules_of(&a);
        assert_eq!(found.len(), 1, "deleted {}: {found:#?}", r.label());
        assert_eq!(found[0].0, "missing-row");
    }
    for item in T2Item::ALL {
        let caption = item.caption();
        // The caption, its header line and its rows.
        let mut skip = 0;
        let text: String = base
            .split_inclusive('\n')
            .filter(|l| {
                if l.starts_with(&caption) {
                    skip = 2 + item.rows().len();
                }
                if skip > 0 {
                    skip -= 1;
                    return false;
                }
                true
            })
            .collect();
        let a = check(&text);
        let found = rules_of(&a);
        assert_eq!(found.len(), 1, "deleted {caption}: {found:#?}");
        assert_eq!(found[0].0, "missing-row");
        assert!(found[0].1.contains(&caption));
    }
}

#[test]
fn deleting_a_whole_table_is_one_missing_table() {
    let base = sample();
    // Table 4: from its header to the data line.
    let start = base.find("行政复议\t").unwrap();
    let end = base[start..].find("\n\n").unwrap() + start + 1;
    let text = format!("{}{}", &base[..start], &base[end..]);
    let a = check(&text);
    assert_eq!(
        rules_of(&a).iter().map(|f| f.0).collect::<Vec<_>>(),
        vec!["missing-table"],
        "{:#?}",
        a.findings
    );
}
