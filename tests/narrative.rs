//! Narrative claims against the tables, with the phrasings real reports use.
//!
//! Each case replaces the 依申请公开 paragraph of the sample report (whose
//! tables say: 14 received, 1 carried over, 14 handled, 7 予以公开, 1 结转;
//! 行政规范性文件 2 制发 / 1 废止 / 12 现行有效; 行政许可 156, 行政处罚 38,
//! 行政强制 0; 1 行政复议, 1 行政诉讼) with a sentence and lists the numbers
//! the narrative rules flag, by the text they point at.

use nianbao::analysis::analyze;
use nianbao::analysis::config::Config;
use nianbao::analysis::template::sample;

const PARAGRAPH: &str = "（二）依申请公开。全年收到政府信息公开申请14件，上年结转政府信息公开申请1件，均在法定期限内答复，结转下年度继续办理1件。";

/// The narrative findings on the sample with its paragraph replaced by `text`:
/// (rule, the text the finding points at).
fn narrative_findings(text: &str) -> Vec<(String, String)> {
    let base = sample();
    assert!(base.contains(PARAGRAPH), "the sample changed");
    let report = base.replacen(PARAGRAPH, text, 1);
    let a = analyze(&report, &Config::default());
    a.findings
        .iter()
        .filter(|f| matches!(f.rule, "narrative-mismatch" | "breakdown-exceeds-total"))
        .map(|f| {
            (
                f.rule.to_string(),
                report[f.span.start..f.span.end].to_string(),
            )
        })
        .collect()
}

fn check_cases(cases: &[(&str, &[&str])]) {
    let mut failures = Vec::new();
    for (text, expected) in cases {
        let got: Vec<String> = narrative_findings(text)
            .into_iter()
            .map(|(_, at)| at)
            .collect();
        if got != *expected {
            failures.push(format!(
                "{text}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn sentences_that_agree_with_the_tables_are_left_alone() {
    check_cases(&[
        (PARAGRAPH, &[]),
        ("全年共受理政府信息公开申请14件，办结14件。", &[]),
        ("本年度收到政府信息公开申请 14 件，按时办结 14 件。", &[]),
        // Full-width digits.
        ("全年收到政府信息公开申请１４件。", &[]),
        // Received plus carried over, as some reports count.
        ("全年收到政府信息公开申请15件（含上年结转1件）。", &[]),
        ("其中予以公开7件，部分公开1件，无法提供4件。", &[]),
        ("全年主动公开行政许可信息156条、行政处罚信息38条。", &[]),
        ("全年制发行政规范性文件2件，废止1件，现行有效12件。", &[]),
        ("发生政府信息公开行政复议1件、行政诉讼1件。", &[]),
        // A sentence split over two lines.
        ("（二）依申请公开。全年收到政府信息公开\n申请14件。", &[]),
    ]);
}

#[test]
fn inexact_numbers_are_never_compared() {
    check_cases(&[
        ("全年收到政府信息公开申请10余件。", &[]),
        ("全年收到政府信息公开申请约20件。", &[]),
        ("全年收到政府信息公开申请近20件。", &[]),
        ("全年收到政府信息公开申请超过10件。", &[]),
        ("全年收到政府信息公开申请20多件。", &[]),
        ("全年收到政府信息公开申请10件以上。", &[]),
    ]);
}

#[test]
fn unknown_nouns_and_other_scopes_are_never_compared() {
    check_cases(&[
        // 政策性文件 is not 行政规范性文件.
        ("全年制发政策性文件5件。", &[]),
        ("办理人大代表建议32件、政协提案15件。", &[]),
        ("受理局门户网站咨询量15件。", &[]),
        // Figures for the whole jurisdiction need not equal the body's table,
        // nor does what follows them in the paragraph or their breakdown.
        ("全市共收到政府信息公开申请120件。", &[]),
        ("全区各级行政机关共收到政府信息公开申请300件。", &[]),
        (
            "全区各职能部门、镇街共完成政府信息依申请公开答复1453件，包括上年结转信息公开申请30件。其中，予以公开答复966件；不予公开81件。",
            &[],
        ),
        // Another kind of application (a real 2023 report's words).
        ("全年未收到行政许可申请。", &[]),
        // 本机关 in a reason's name is not the body speaking.
        ("因本机关不掌握等原因无法提供4件。", &[]),
    ]);
}

#[test]
fn contradictions_are_flagged_at_the_number() {
    check_cases(&[
        ("全年收到政府信息公开申请17件。", &["17"]),
        ("全年收到政府信息公开申请 17 件。", &["17"]),
        ("全年收到政府信息公开申请１７件。", &["１７"]),
        ("本机关全年收到政府信息公开申请17件。", &["17"]),
        ("全年收到政府信息公开申请14件，办结13件。", &["13"]),
        ("其中予以公开8件，部分公开1件。", &["8"]),
        ("全年主动公开行政许可信息156条、行政处罚信息0条。", &["0"]),
        ("全年制发行政规范性文件3件，废止1件，现行有效12件。", &["3"]),
        ("发生政府信息公开行政复议1件、行政诉讼2件。", &["2"]),
        // Across a line break: the subject is on the line before.
        (
            "（二）依申请公开。全年收到政府信息公开\n申请17件。",
            &["17"],
        ),
        (
            "（二）依申请公开。全年收到政府信息公开申请\n\n17件。",
            &["17"],
        ),
    ]);
}

#[test]
fn every_kind_of_claim_maps_to_its_cells() {
    check_cases(&[
        // Carried over, and carried forward.
        ("上年结转政府信息公开申请1件。", &[]),
        ("上年结转政府信息公开申请2件。", &["2"]),
        ("结转下年度继续办理1件。", &[]),
        ("结转下年度继续办理3件。", &["3"]),
        // Outcome groups and rows of table 3.
        ("其中不予公开1件，无法提供4件，不予处理1件。", &[]),
        ("其中不予公开2件，无法提供4件。", &["2"]),
        ("因本机关不掌握相关政府信息无法提供4件。", &[]),
        ("因重复申请不予处理1件。", &[]),
        ("因重复申请不予处理2件。", &["2"]),
        // Table 4: both kinds, and the two kinds of lawsuit.
        ("未经复议直接起诉的行政诉讼1件。", &[]),
        ("复议后起诉的行政诉讼1件。", &["1"]),
        // A body's own office, named: compared (only 全市/全区… are not).
        ("区政府办收到政府信息公开申请17件。", &["17"]),
    ]);
}

/// The template sentence of many governments' reports: "答复 N 件（含上年度结转
/// 申请 A 件，另有 B 件……顺延到下年度答复）". A counts carried-over
/// applications, B the ones carried forward, neither the number answered.
#[test]
fn each_number_of_a_template_sentence_counts_its_own_subject() {
    check_cases(&[
        (
            "全年共受理政府信息公开申请14件；答复政府信息公开申请14件（含上年度结转申请1件，另有1件申请按照《条例》顺延到下年度答复），均在法定期限内予以答复。",
            &[],
        ),
        (
            "全年收到政府信息公开申请14件，答复14件（含上年度结转申请1件，另有1件顺延到下年度答复）。",
            &[],
        ),
        // Each part against its own cell: carried over 1, carried forward 1.
        (
            "全年收到政府信息公开申请14件，答复14件（含上年度结转申请2件，另有3件顺延到下年度答复）。",
            &["2", "3"],
        ),
        // A part or an addition with no subject of its own says nothing.
        (
            "全年收到政府信息公开申请15件（含网上申请9件），其中办结13件，另有2件正在办理。",
            &[],
        ),
        (
            "共完成政府信息公开申请答复14件，包括上年结转信息公开申请1件。",
            &[],
        ),
    ]);
}

/// Sums of rows and groups in prose against the sums of those rows (the
/// tables: 予以公开 7, 部分公开 1, 不予公开 1, 无法提供 4, 不予处理 1).
#[test]
fn sums_of_results_in_prose_are_compared_with_their_rows() {
    check_cases(&[
        (
            "予以公开及部分公开8件，占57.1%；不予公开1件，占7.1%；因本机关不掌握等原因无法提供4件，占28.6%；不予处理1件，占7.1%；其他处理0件。",
            &[],
        ),
        ("予以公开及部分公开9件，不予公开1件。", &["9"]),
        ("予以公开、部分公开共8件。", &[]),
        ("同意公开和部分公开的申请7件。", &["7"]),
        ("不予公开和无法提供5件。", &[]),
        // 等: a row named as an example of its group counts the group.
        ("因本机关不掌握等原因无法提供5件。", &["5"]),
        ("因本机关不掌握等原因无法提供4件。", &[]),
        // What each of two results counts is not said: nothing.
        ("部分公开和不予公开各1件。", &[]),
        ("重复申请等3件。", &[]),
    ]);
}

/// A government's report whose office acts for it: "区政府办代表区政府受理申请
/// 17 件" is the office's count, and such a report's tables may count the whole
/// district (the hongze report: 17 against 95, its table 2 plainly
/// district-wide with 9,487 licences). Not compared, in the rest of the
/// section either; in a department's report the office is the body itself.
#[test]
fn a_governments_office_acting_for_it_is_not_its_tables() {
    let base = sample().replacen(
        "示例市示例局2023年政府信息公开工作年度报告",
        "示例市示例区人民政府2023年政府信息公开工作年度报告",
        1,
    );
    let run = |text: &str| {
        let report = base.replacen(PARAGRAPH, text, 1);
        analyze(&report, &Config::default())
            .findings
            .iter()
            .filter(|f| f.rule == "narrative-mismatch")
            .map(|f| report[f.span.start..f.span.end].to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        run(
            "2023年，区政府办代表区政府受理政府\n信息公开申请17件，均已在法定期限内予以答复。予以公开3件。"
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        run(
            "市政府办公厅代表市政府共受理政府信息公开申请859件；答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）。"
        ),
        Vec::<String>::new()
    );
    // The government's own figures, unscoped: compared.
    assert_eq!(run("全年收到政府信息公开申请17件。"), vec!["17"]);
}

#[test]
fn negations_contradicting_the_tables_are_flagged() {
    let got = narrative_findings("本年度未收到政府信息公开申请。");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].1.contains("未收到"), "{got:?}");
    let got = narrative_findings("全年未发生政府信息公开行政复议、行政诉讼案件。");
    assert_eq!(got.len(), 2, "{got:?}");
}

#[test]
fn breakdowns_larger_than_their_total_are_flagged() {
    check_cases(&[
        (
            "全年主动公开政府信息1326条，其中通知公告1000条，工作动态400条。",
            &["1326"],
        ),
        // The parts complete the total; what follows counts something else.
        (
            "全年主动公开政府信息1326条，其中通知公告1000条，工作动态326条；通过微信公众号发布信息428条。",
            &[],
        ),
        // Inexact parts are not added up.
        (
            "全年主动公开政府信息1326条，其中通知公告1000余条，工作动态400余条。",
            &[],
        ),
    ]);
}

#[test]
fn messages_name_both_sides_and_the_fix_is_not_safe() {
    let base = sample();
    let report = base.replacen(PARAGRAPH, "全年主动公开行政处罚信息0条。", 1);
    let a = analyze(&report, &Config::default());
    let f = a
        .findings
        .iter()
        .find(|f| f.rule == "narrative-mismatch")
        .expect("a finding");
    assert_eq!(f.message, "正文：行政处罚 0 条；表二「行政处罚」：38");
    assert_eq!(f.fixes.len(), 1);
    assert!(!f.fixes[0].safe);
    assert_eq!(f.fixes[0].edits[0].new_text, "38");
    assert!(!f.related.is_empty(), "points at the cell");
}
