//! Report text in the national format: whole reports (the skeleton of
//! `nianbao new`, the sample the rule examples are written against), and single
//! tables and rows in a document's own layout (for the fixes that insert them).

use crate::analysis::format::{
    SectionId, T2Item, T2Row, T3_COLUMNS, T3_GROUPS, T3_RESULTS_HEADER, T3Group, T3Row, T4_COLUMNS,
};
use crate::analysis::syntax::line::Sep;

/// The figures of the three tables; `None` is an empty cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Table 2, per row (3, 1, 1, 1, 1, 1 values); strings, as 收费 may be a decimal.
    pub t2: [Vec<Option<String>>; 6],
    pub t3: [[Option<i64>; 7]; 25],
    pub t4: [Option<i64>; 15],
}

impl Figures {
    /// Every cell 0.
    pub fn zeros() -> Figures {
        Figures {
            t2: T2Row::ALL.map(|r| vec![Some("0".to_string()); r.width()]),
            t3: [[Some(0); 7]; 25],
            t4: [Some(0); 15],
        }
    }

    /// Every cell empty.
    pub fn empty() -> Figures {
        Figures {
            t2: T2Row::ALL.map(|r| vec![None; r.width()]),
            t3: [[None; 7]; 25],
            t4: [None; 15],
        }
    }

    /// The consistent figures of the sample report (all identities hold).
    pub fn sample() -> Figures {
        let mut f = Figures::zeros();
        let t2: [&[&str]; 6] = [
            &["0", "0", "0"],
            &["2", "1", "12"],
            &["156"],
            &["38"],
            &["0"],
            &["0"],
        ];
        for (i, v) in t2.iter().enumerate() {
            f.t2[i] = v.iter().map(|s| Some(s.to_string())).collect();
        }
        let rows: [(T3Row, [i64; 6]); 6] = [
            (T3Row::Carry, [1, 0, 0, 0, 0, 0]),
            (T3Row::G1, [6, 1, 0, 0, 0, 0]),
            (T3Row::G2, [1, 0, 0, 0, 0, 0]),
            (T3Row::D2, [1, 0, 0, 0, 0, 0]),
            (T3Row::U1, [2, 1, 0, 0, 0, 1]),
            (T3Row::P2, [0, 0, 0, 1, 0, 0]),
        ];
        for (r, v) in rows {
            for (c, x) in v.iter().enumerate() {
                f.t3[r.index()][c] = Some(*x);
            }
        }
        // NEW, TOT and FWD follow from the identities.
        for c in 0..6 {
            let tot: i64 = T3Row::ALL
                .iter()
                .filter(|r| r.is_result())
                .map(|r| f.t3[r.index()][c].unwrap_or(0))
                .sum();
            f.t3[T3Row::Tot.index()][c] = Some(tot);
            f.t3[T3Row::Fwd.index()][c] = Some(if c == 0 { 1 } else { 0 });
            let carry = f.t3[T3Row::Carry.index()][c].unwrap_or(0);
            f.t3[T3Row::New.index()][c] =
                Some(tot + f.t3[T3Row::Fwd.index()][c].unwrap_or(0) - carry);
        }
        for r in 0..25 {
            f.t3[r][6] = Some((0..6).map(|c| f.t3[r][c].unwrap_or(0)).sum());
        }
        f.t4 = [1, 0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0].map(Some);
        f
    }
}

/// The text layout of generated tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// Tab-separated cells, as pasted from Word/WPS.
    Text,
    /// Markdown headings and pipe tables.
    Markdown,
}

fn cell(v: &Option<i64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn join_row(sep: Sep, cells: &[String]) -> String {
    match sep {
        Sep::Tab => cells.join("\t"),
        Sep::PipeInline => format!("| {} |", cells.join(" | ")),
        Sep::PipePerLine => cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    "|".to_string()
                } else {
                    format!("{c} |")
                }
            })
            .collect::<Vec<_>>()
            .join("\n"),
        Sep::Space => cells
            .iter()
            .map(|c| {
                if c.is_empty() {
                    "—".to_string()
                } else {
                    c.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// One row of table 3 in a layout: the canonical label and seven values.
pub fn t3_row(sep: Sep, row: T3Row, values: &[Option<i64>; 7]) -> String {
    let mut cells = vec![row.label()];
    cells.extend(values.iter().map(cell));
    join_row(sep, &cells)
}

/// One row of table 2 in a layout.
pub fn t2_row(sep: Sep, row: T2Row, values: &[Option<String>]) -> String {
    let mut cells = vec![row.label().to_string()];
    cells.extend(values.iter().map(|v| v.clone().unwrap_or_default()));
    join_row(sep, &cells)
}

fn md_separator(n: usize) -> String {
    format!("|{}", "---|".repeat(n))
}

fn label_line(sep: Sep, label: &str, width: usize) -> String {
    match sep {
        Sep::Tab => label.to_string(),
        Sep::PipeInline => {
            let mut cells = vec![label.to_string()];
            cells.extend(std::iter::repeat_n(String::new(), width));
            join_row(sep, &cells)
        }
        Sep::PipePerLine => format!("{label} |"),
        Sep::Space => label.to_string(),
    }
}

/// Table 2 (all four items) in a layout, lines joined with `nl`.
pub fn table2(sep: Sep, f: &Figures, nl: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    for item in T2Item::ALL {
        table2_item_into(&mut out, sep, f, item);
    }
    out.join(nl)
}

/// One item of table 2 as [`table2`] writes it (caption, header, rows),
/// lines joined with `nl`.
pub fn table2_item(sep: Sep, f: &Figures, item: T2Item, nl: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    table2_item_into(&mut out, sep, f, item);
    out.join(nl)
}

fn table2_item_into(out: &mut Vec<String>, sep: Sep, f: &Figures, item: T2Item) {
    let width = item.columns().len();
    out.push(label_line(sep, &item.caption(), width));
    if sep == Sep::PipeInline {
        out.push(md_separator(width + 1));
    }
    let mut header = vec!["信息内容".to_string()];
    header.extend(item.columns().iter().map(|c| c.to_string()));
    out.push(join_row(sep, &header));
    for r in item.rows() {
        out.push(t2_row(sep, *r, &f.t2[r.index()]));
    }
}

/// A row with its label and `width` empty cells, in a layout.
pub fn label_row(sep: Sep, label: &str, width: usize) -> String {
    let mut cells = vec![label.to_string()];
    cells.extend(std::iter::repeat_n(String::new(), width));
    join_row(sep, &cells)
}

/// An item of the 2019 trial format's table 2 (caption, header, rows with
/// empty cells) in a layout, lines joined with `\n`.
pub fn trial_t2_item(sep: Sep, item: &crate::analysis::format::TrialItem) -> String {
    let width = item.columns.len();
    let mut out = vec![label_line(sep, &item.caption(), width)];
    if sep == Sep::PipeInline {
        out.push(md_separator(width + 1));
    }
    let mut header = vec!["信息内容".to_string()];
    header.extend(item.columns.iter().map(|c| c.to_string()));
    out.push(join_row(sep, &header));
    for r in item.rows {
        out.push(label_row(sep, r.label(), width));
    }
    out.join("\n")
}

/// Table 3 (header and all rows) in a layout.
pub fn table3(sep: Sep, f: &Figures, nl: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
    match sep {
        Sep::PipeInline => {
            out.push(format!("| {note} | 申请人情况 |{}", " |".repeat(6)));
            out.push(md_separator(8));
            out.push("| | 自然人 | 法人或其他组织 | | | | | 总计 |".to_string());
            out.push(
                "| | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |".to_string(),
            );
        }
        Sep::Tab => {
            out.push(format!("{note}\t申请人情况\t\t\t\t\t\t总计"));
            out.push("\t自然人\t法人或其他组织\t\t\t\t\t".to_string());
            out.push(format!("\t\t{}\t", T3_COLUMNS[1..6].join("\t")));
        }
        Sep::PipePerLine | Sep::Space => {
            out.push(label_line(sep, note, 0));
            for w in ["申请人情况", "自然人", "法人或其他组织"] {
                out.push(label_line(sep, w, 0));
            }
            for w in &T3_COLUMNS[1..] {
                out.push(label_line(sep, w, 0));
            }
        }
    }
    for r in T3Row::ALL {
        if r == T3Row::G1 {
            out.push(label_line(sep, &format!("三、{T3_RESULTS_HEADER}"), 7));
        }
        let group = r.spec().group;
        if group != T3Group::None
            && T3_GROUPS.iter().any(|g| g.group == group)
            && matches!(r, T3Row::D1 | T3Row::U1 | T3Row::P1 | T3Row::O1)
        {
            let g = T3_GROUPS
                .iter()
                .find(|g| g.group == group)
                .map(|g| format!("{}{}", g.marker.canonical(), g.text))
                .unwrap_or_default();
            out.push(label_line(sep, &g, 7));
        }
        out.push(t3_row(sep, r, &f.t3[r.index()]));
    }
    out.join(nl)
}

/// Table 4 (header and the data row) in a layout.
pub fn table4(sep: Sep, f: &Figures, nl: &str) -> String {
    let cols: Vec<String> = (0..3)
        .flat_map(|_| T4_COLUMNS.iter().map(|s| s.to_string()))
        .collect();
    let data: Vec<String> = f.t4.iter().map(cell).collect();
    let mut out: Vec<String> = Vec::new();
    match sep {
        Sep::PipeInline => {
            out.push(format!(
                "| 行政复议 |{}| 行政诉讼 |{}",
                " |".repeat(4),
                " |".repeat(9)
            ));
            out.push(md_separator(15));
            out.push(format!(
                "|{}| 未经复议直接起诉 |{}| 复议后起诉 |{}",
                " |".repeat(5),
                " |".repeat(4),
                " |".repeat(4)
            ));
            out.push(join_row(sep, &cols));
            out.push(join_row(sep, &data));
        }
        Sep::Tab => {
            out.push(format!(
                "行政复议{}行政诉讼{}",
                "\t".repeat(5),
                "\t".repeat(9)
            ));
            out.push(format!(
                "{}\t未经复议直接起诉{}复议后起诉{}",
                "\t".repeat(4),
                "\t".repeat(5),
                "\t".repeat(4)
            ));
            out.push(cols.join("\t"));
            out.push(data.join("\t"));
        }
        Sep::PipePerLine | Sep::Space => {
            for w in ["行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
            {
                out.push(label_line(sep, w, 0));
            }
            for c in &cols {
                out.push(label_line(sep, c, 0));
            }
            out.push(join_row(sep, &data));
        }
    }
    out.join(nl)
}

/// What the prose of a generated report says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Prose {
    /// Prompts for the drafter to replace (`nianbao new`).
    Prompts,
    /// A complete, consistent sample (tests and rule examples).
    Sample,
    /// The sample body's report of the year before, in other words.
    LastYear,
}

fn heading(layout: Layout, id: SectionId) -> String {
    match layout {
        Layout::Text => id.heading(),
        Layout::Markdown => format!("## {}", id.heading()),
    }
}

/// A whole report in the national format.
pub fn report(body: &str, year: u16, layout: Layout, f: &Figures, prose: Prose) -> String {
    let nl = "\n";
    let sep = match layout {
        Layout::Text => Sep::Tab,
        Layout::Markdown => Sep::PipeInline,
    };
    let title = format!("{body}{year}年政府信息公开工作年度报告");
    let mut out: Vec<String> = Vec::new();
    out.push(match layout {
        Layout::Text => title,
        Layout::Markdown => format!("# {title}"),
    });
    out.push(String::new());
    out.push(format!(
        "根据《中华人民共和国政府信息公开条例》和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，编制本报告。本报告由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六个部分组成。本报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。"
    ));
    out.push(String::new());
    // Per section: the paragraphs of the prompts, of the sample, of last year's.
    type Paragraphs<'a> = &'a [&'a str];
    let sections: [(SectionId, Paragraphs, Paragraphs, Paragraphs); 6] = [
        (
            SectionId::Overview,
            &[
                "（一）主动公开。【请填写：全年主动公开政府信息的数量、渠道和重点领域。】",
                "（二）依申请公开。【请填写：全年收到和办理政府信息公开申请的情况，须与表三一致。】",
                "（三）政府信息管理。【请填写：政府信息公开审查、规范性文件清理等情况。】",
                "（四）政府信息公开平台建设。【请填写：政府网站、政务新媒体等平台建设情况。】",
                "（五）监督保障。【请填写：工作考核、社会评议和责任追究结果情况。】",
            ],
            &[
                "（一）主动公开。全年主动公开政府信息1326条，重点公开就业创业、社会保障等领域信息。",
                "（二）依申请公开。全年收到政府信息公开申请14件，上年结转政府信息公开申请1件，均在法定期限内答复，结转下年度继续办理1件。",
                "（三）政府信息管理。全年制发行政规范性文件2件，废止行政规范性文件1件，现行有效行政规范性文件12件，严格执行公开属性审查和保密审查制度。",
                "（四）政府信息公开平台建设。持续加强政府网站和政务新媒体管理，及时更新各类栏目内容。",
                "（五）监督保障。将政务公开工作纳入年度绩效考核，定期开展自查，对发现的问题及时整改。",
            ],
            &[
                "（一）主动公开。围绕“放管服”改革和优化营商环境，全年主动公开政府信息1208条。",
                "（二）依申请公开。畅通申请渠道，规范办理流程，全年收到政府信息公开申请14件，全部按期答复。",
                "（三）政府信息管理。开展行政规范性文件清理，全年制发行政规范性文件3件，废止2件，现行有效11件。",
                "（四）政府信息公开平台建设。优化门户网站信息公开专栏设置，整合政务新媒体账号。",
                "（五）监督保障。健全政务公开考核评议机制，组织业务培训两期。",
            ],
        ),
        (SectionId::Proactive, &[], &[], &[]),
        (SectionId::Requests, &[], &[], &[]),
        (SectionId::Reviews, &[], &[], &[]),
        (
            SectionId::Problems,
            &["【请填写：存在的主要问题，以及改进措施和上一年度问题的整改情况。】"],
            &[
                "主要问题：一是政策解读形式不够丰富；二是依申请公开答复规范化水平有待提高。",
                "改进情况：一是丰富图解、视频等解读形式；二是加强答复文书审核，提升答复质量。上一年度提出的栏目更新不及时问题已完成整改。",
            ],
            &[
                "主要问题：主动公开栏目更新不够及时，部分解读材料质量不高。",
                "改进情况：建立栏目定期巡查制度，加强解读材料审核把关。上一年度发现的答复期限问题已整改到位。",
            ],
        ),
        (
            SectionId::Other,
            &[
                "本机关【请填写：是否收取信息处理费，发出收费通知的件数和总金额】。【请填写：落实上级年度政务公开工作要点、人大代表建议和政协提案办理结果公开等情况。】",
            ],
            &[
                "本机关全年未发出收费通知，未收取信息处理费。全年按要求落实上级年度政务公开工作要点，人大代表建议和政协提案办理结果均已按规定公开。",
            ],
            &["本机关全年未收取信息处理费。人大代表建议和政协提案办理结果均已按规定公开。"],
        ),
    ];
    for (id, prompts, sample, last_year) in sections {
        out.push(heading(layout, id));
        out.push(String::new());
        let paras = match prose {
            Prose::Prompts => prompts,
            Prose::Sample => sample,
            Prose::LastYear => last_year,
        };
        for p in paras {
            out.push(p.to_string());
            out.push(String::new());
        }
        let table = match id {
            SectionId::Proactive => Some(table2(sep, f, nl)),
            SectionId::Requests => Some(table3(sep, f, nl)),
            SectionId::Reviews => Some(table4(sep, f, nl)),
            _ => None,
        };
        if let Some(t) = table {
            out.push(t);
            out.push(String::new());
        }
    }
    let mut s = out.join(nl);
    s.push('\n');
    s
}

/// The sample report (tab layout) that rule examples and tests are written against.
pub fn sample() -> String {
    report(
        "示例市示例局",
        2023,
        Layout::Text,
        &Figures::sample(),
        Prose::Sample,
    )
}

/// The sample body's report of the year before the sample's (2022): its
/// 结转下年度 is the sample's 上年结转, its 现行有效 行政规范性文件 (11) plus the
/// sample's 制发 (2) minus 废止 (1) is the sample's 现行有效 (12), and its
/// narrative is worded differently. The across-years rules are clean on the
/// pair.
pub fn sample_previous() -> String {
    let mut f = Figures::sample();
    f.t2[T2Row::NormativeDocs.index()] = ["3", "2", "11"]
        .iter()
        .map(|s| Some(s.to_string()))
        .collect();
    report("示例市示例局", 2022, Layout::Text, &f, Prose::LastYear)
}

/// A large synthetic report for benchmarks: the sample report with its
/// narrative sections grown to about `target_bytes` (many paragraphs with
/// numbers, and tab-separated statistics lines among them).
pub fn synthetic(target_bytes: usize) -> String {
    let base = sample();
    let paragraph = "全年通过政府门户网站公开各类政府信息1326条，其中政策文件12件、通知公告273条、工作动态88条，政务新媒体发布信息428条，访问量达12.03万人次。严格执行公开属性审查和保密审查制度，做到“发稿必审”，确保公开内容准确、规范。\n";
    let stats = "栏目\t条数\t占比\n通知公告\t273\t46.2%\n工作动态\t88\t14.9%\n政策文件\t12\t2.0%\n";
    let mut extra = String::with_capacity(target_bytes);
    let mut i = 0usize;
    while base.len() + extra.len() < target_bytes {
        if i % 8 == 7 {
            extra.push_str(stats);
        } else {
            extra.push_str(paragraph);
        }
        i += 1;
    }
    // Half of the growth in 一、总体情况, half in 五、存在的主要问题及改进情况.
    let mut cut = extra.len() / 2;
    while !extra.is_char_boundary(cut) {
        cut += 1;
    }
    let cut = extra[..cut].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let (first, second) = extra.split_at(cut);
    let one = "（五）监督保障。";
    let five = "改进情况：";
    let mut out = String::with_capacity(target_bytes + 1024);
    for line in base.split_inclusive('\n') {
        if line.starts_with(five) {
            out.push_str(second);
        }
        out.push_str(line);
        if line.starts_with(one) {
            out.push_str(first);
        }
    }
    out
}
