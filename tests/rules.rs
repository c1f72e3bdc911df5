//! Every rule's documented examples are real: the bad one fires the rule, the
//! good one does not. Where the good fragment occurs in the sample report, the
//! check runs on the sample with the fragment replaced (so the rule sees a whole
//! report); otherwise on the fragments alone. The rules across years compare
//! with the sample body's report of the year before (`template::sample_previous`).

use nianbao::analysis::config::{Config, Lang};
use nianbao::analysis::previous::Previous;
use nianbao::analysis::rules::Category;
use nianbao::analysis::rules::RULES;
use nianbao::analysis::template::sample;
use nianbao::analysis::template::sample_previous;
use nianbao::analysis::{add_years, analyze};

fn fires(text: &str, id: &str) -> bool {
    // Rules that are off by default are checked turned on.
    let mut config = Config::default();
    config.rules.insert(
        id.to_string(),
        Some(nianbao::analysis::finding::Severity::Warning),
    );
    let mut a = analyze(text, &config);
    // The rules across years compare with last year's sample report.
    let rule = nianbao::analysis::rules::find(id).unwrap();
    if rule.meta.category == Category::Years {
        let last = sample_previous();
        let last_analysis = analyze(&last, &config);
        let previous = Previous {
            report: &last_analysis.report,
            text: &last,
            name: "2022.txt",
        };
        add_years(&mut a, text, &previous, &config);
    }
    a.findings.iter().any(|f| f.rule == id)
}

#[test]
fn the_sample_and_its_previous_year_are_clean_together() {
    let config = Config::default();
    let (now, last) = (sample(), sample_previous());
    let last_analysis = analyze(&last, &config);
    assert!(
        last_analysis.findings.is_empty(),
        "{:#?}",
        last_analysis.findings
    );
    let mut a = analyze(&now, &config);
    let previous = Previous {
        report: &last_analysis.report,
        text: &last,
        name: "2022.txt",
    };
    add_years(&mut a, &now, &previous, &config);
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
}

#[test]
fn the_sample_report_is_clean() {
    let a = analyze(&sample(), &Config::default());
    assert!(a.findings.is_empty(), "{:#?}", a.findings);
}

#[test]
fn examples_fire_and_only_the_bad_one() {
    let base = sample();
    let mut failures = Vec::new();
    for r in RULES {
        let m = &r.meta;
        assert_ne!(
            m.bad, m.good,
            "{}: bad and good examples are the same",
            m.id
        );
        if base.contains(m.good) {
            let bad = base.replacen(m.good, m.bad, 1);
            if !fires(&bad, m.id) {
                failures.push(format!(
                    "{}: the bad example (in the sample) does not fire",
                    m.id
                ));
            }
            if fires(&base, m.id) {
                failures.push(format!("{}: fires on the sample", m.id));
            }
        } else {
            if !fires(m.bad, m.id) {
                failures.push(format!(
                    "{}: the bad example does not fire on its own",
                    m.id
                ));
            }
            if fires(m.good, m.id) {
                failures.push(format!("{}: the good example fires on its own", m.id));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Rules an issue asked for after the catalog (`../shared/spec/rules.md`,
/// read-only here) was written; each still needs its row there.
const ADDED_AFTER_CATALOG: &[&str] = &[
    // Issue 17: prompts and placeholders of templates left in a report.
    "template-text",
];

#[test]
fn ids_are_unique_kebab_case_and_documented() {
    let catalog = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/spec/rules.md"
    ))
    .ok();
    let mut seen = std::collections::HashSet::new();
    for r in RULES {
        let m = &r.meta;
        assert!(seen.insert(m.id), "duplicate id {}", m.id);
        assert!(
            m.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            m.id
        );
        for lang in [Lang::Zh, Lang::En] {
            assert!(
                !m.summary(lang).is_empty() && !m.explanation(lang).is_empty(),
                "{}",
                m.id
            );
        }
        if let Some(cat) = &catalog {
            assert!(
                cat.contains(&format!("| {} |", m.id)) || ADDED_AFTER_CATALOG.contains(&m.id),
                "{} is not in the rule catalog",
                m.id
            );
        }
    }
}

#[test]
fn english_messages_have_no_chinese_prose_around_labels() {
    // Messages in English keep Chinese labels (the report's own words) but the
    // sentence itself is English: it starts with an ASCII letter.
    let mut text = sample();
    text = text.replacen(
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t7",
        "（一）予以公开\t6\t1\t0\t0\t0\t0\t8",
        1,
    );
    text = text.replacen("五、存在的主要问题及改进情况\n", "", 1);
    let a = analyze(&text, &Config::with_lang(Lang::En));
    assert!(a.findings.len() >= 3);
    for f in &a.findings {
        assert!(
            f.message.starts_with(|c: char| c.is_ascii_alphabetic()),
            "{}",
            f.message
        );
    }
}
