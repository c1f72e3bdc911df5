//! `invalid-number`: a value cell that is not a well-formed count.
//!
//! Format spec §3 and §8.9: counts are integers >= 0; only table 2's
//! 行政事业性收费 (万元) may be a decimal. Drafters write full-width digits
//! (１４), thousands separators (1,234), units (3件), negatives, decimals in a
//! count cell, or text. Full-width digits, separators and units have a safe fix
//! (the plain digits); the value they stand for is still used in the sums, so one
//! cosmetic slip does not cascade into broken totals.

use super::{Category, Context, Rule, RuleMeta, replace_fix, t2_cell, t3_cell, t4_cell};
use crate::analysis::config::Lang;
use crate::analysis::finding::Severity;
use crate::analysis::format::{Format, T2Row, TableId};
use crate::analysis::model::{Cell, InvalidKind, Value};
use crate::tr;

pub static RULE: Rule = Rule {
    meta: RuleMeta {
        id: "invalid-number",
        name: ["数值不规范", "Invalid number"],
        category: Category::Tables,
        default: Some(Severity::Error),
        summary: [
            "单元格不是规范的数字（全角、千位分隔符、单位、负数、小数、文字）",
            "Not a well-formed number in a value cell",
        ],
        explanation: [
            "件数为不小于0的整数；只有表二“行政事业性收费”（万元）可以是小数。常见问题：全角数字（１４）、千位分隔符（1,234）、带单位（3件）、负数、件数写成小数、写成文字。全角、分隔符和单位可安全自动修复为规范数字；其代表的数值照常参与求和核对。",
            "Counts are integers >= 0; only table 2's 行政事业性收费 (万元) may be a decimal. Typical slips: full-width digits (１４), thousands separators (1,234), units (3件), negatives, decimals in a count, text. Full-width digits, separators and units have a safe fix; the value they stand for still takes part in the sums.",
        ],
        bad: "行政许可\t１５６\n",
        good: "行政许可\t156\n",
    },
    check,
};

fn describe(lang: Lang, cell: &Cell, decimal_ok: bool) -> Option<(String, Option<String>)> {
    match &cell.value {
        Value::Decimal(v) if !decimal_ok => Some((
            tr!(
                lang,
                format!("为小数「{v}」，件数应为整数"),
                format!("is a decimal “{v}”; counts are whole numbers")
            ),
            None,
        )),
        Value::Invalid {
            kind,
            normalized,
            written,
            ..
        } => {
            let what = match kind {
                InvalidKind::FullWidth => tr!(
                    lang,
                    format!("使用了全角数字「{written}」"),
                    format!("uses full-width digits “{written}”")
                ),
                InvalidKind::Thousands => tr!(
                    lang,
                    format!("含千位分隔符「{written}」"),
                    format!("has a thousands separator “{written}”")
                ),
                InvalidKind::Unit => tr!(
                    lang,
                    format!("带有单位「{written}」，单元格只填数字"),
                    format!("has a unit “{written}”; cells hold numbers only")
                ),
                InvalidKind::Negative => tr!(
                    lang,
                    format!("为负数「{written}」"),
                    format!("is negative “{written}”")
                ),
                InvalidKind::Decimal => tr!(
                    lang,
                    format!("为小数「{written}」，件数应为整数"),
                    format!("is a decimal “{written}”; counts are whole numbers")
                ),
                InvalidKind::NotANumber => tr!(
                    lang,
                    format!("「{written}」不是数字"),
                    format!("“{written}” is not a number")
                ),
            };
            // A normalised decimal is only a fix where decimals are allowed.
            let fix = normalized
                .clone()
                .filter(|n| decimal_ok || !n.contains('.'));
            Some((what, fix))
        }
        _ => None,
    }
}

fn check(cx: &mut Context) {
    let report = cx.report;
    let lang = cx.lang;
    let mut found: Vec<(String, &Cell, Option<String>)> = Vec::new();
    if let Some(t2) = &report.t2 {
        if !cx.outdated_table(TableId::T2) {
            for row in t2.rows.iter().flatten() {
                for (c, cell) in row.cells.iter().enumerate() {
                    // The trial format's 本年增/减 may be negative.
                    let negative = matches!(
                        cell.value,
                        Value::Invalid {
                            kind: InvalidKind::Negative,
                            ..
                        }
                    );
                    if negative && row.id.signed_column(t2.format, c) {
                        continue;
                    }
                    if let Some((what, fix)) = describe(
                        lang,
                        cell,
                        row.id == T2Row::Fees && t2.format == Format::National2021,
                    ) {
                        found.push((
                            format!("{}{}", t2_cell(lang, t2.format, row.id, c), what),
                            cell,
                            fix,
                        ));
                    }
                }
            }
        }
    }
    if let Some(t3) = &report.t3 {
        for row in t3.rows.iter().flatten() {
            for (c, cell) in row.cells.iter().enumerate() {
                if let Some((what, fix)) = describe(lang, cell, false) {
                    let name = if row.is_short() {
                        super::t3_row(lang, row.id)
                    } else {
                        t3_cell(lang, row.id, c)
                    };
                    found.push((format!("{name}{what}"), cell, fix));
                }
            }
        }
    }
    if let Some(t4) = &report.t4 {
        for (i, cell) in t4.cells.iter().enumerate() {
            if let Some((what, fix)) = describe(lang, cell, false) {
                found.push((format!("{}{}", t4_cell(lang, i), what), cell, fix));
            }
        }
    }
    for (msg, cell, fix) in found {
        let msg = if lang == Lang::En {
            capitalize(&msg)
        } else {
            msg
        };
        let span = cell.span;
        if let Some(f) = cx.emit(&RULE.meta, span, msg) {
            if let Some(n) = fix {
                let title = tr!(lang, format!("改为「{n}」"), format!("Write “{n}”"));
                f.fixes.push(replace_fix(title, true, span, n));
            }
        }
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}
