//! Parsing: text -> classified lines (stage 1, `line.rs`, per line) -> the typed
//! report (stage 2, `assemble`). The parser is total: any text yields a model.

pub mod claims;
pub mod inline;
pub mod keywords;
pub mod label;
pub mod line;
pub mod placeholder;
pub mod prose;
pub mod split;
pub mod table;
pub mod vocab;

use crate::analysis::format::{SectionId, TableId};
use crate::analysis::model::{Cut, Extent, OutdatedMarker, Report, Section, TemplateMark, Title};
use crate::analysis::text::{LineIndex, Span};
use line::{LineInfo, LineKind};

/// Parses a whole text.
pub fn parse(text: &str) -> Report {
    let lines = line::classify_all(text);
    let index =
        LineIndex::from_line_lengths(lines.iter().map(|l| (l.len as usize, l.term as usize)));
    assemble(&lines, &|i, n| {
        let at = index.line_start(i);
        text.get(at..at + n).unwrap_or("").into()
    })
}

/// The first `n` bytes of line `i` of the text the lines were classified
/// from. Few claims need the words before them on their line (those whose
/// sentence began on the line before, see [`claims::subject_across`]), so the
/// lines do not keep them; the assembler asks the text.
pub type LinePrefix<'a> = &'a dyn Fn(usize, usize) -> std::borrow::Cow<'a, str>;

/// How many lines at the top are searched for the title and a preview block.
const TOP_LINES: usize = 120;

/// A line, or a part of a line that holds several: what stage 2 reads.
#[derive(Clone, Copy)]
struct Item<'a> {
    /// The line it is on.
    line: usize,
    /// Its range in the text: the line's content, or the part's range.
    span: Span,
    kind: ItemKind<'a>,
}

#[derive(Clone, Copy)]
enum ItemKind<'a> {
    Blank,
    PageMark(u16),
    Rule,
    Heading(&'a line::HeadingLine),
    Text(&'a line::TextLine),
}

impl<'a> Item<'a> {
    fn text(&self) -> Option<&'a line::TextLine> {
        match self.kind {
            ItemKind::Text(t) => Some(t),
            _ => None,
        }
    }

    fn heading(&self) -> Option<&'a line::HeadingLine> {
        match self.kind {
            ItemKind::Heading(h) => Some(h),
            _ => None,
        }
    }

    fn is_content(&self) -> bool {
        matches!(self.kind, ItemKind::Heading(_) | ItemKind::Text(_))
    }
}

/// The items of the lines, in order.
fn items<'a>(lines: &'a [LineInfo], index: &LineIndex) -> Vec<Item<'a>> {
    let mut out = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let span = index.line_span(i);
        let kind = match &l.kind {
            LineKind::Blank => ItemKind::Blank,
            LineKind::PageMark(n) => ItemKind::PageMark(*n),
            LineKind::Rule => ItemKind::Rule,
            LineKind::Heading(h) => ItemKind::Heading(h),
            LineKind::Text(t) => ItemKind::Text(t),
            LineKind::Parts(parts) => {
                for p in parts.0.iter() {
                    let span =
                        Span::new(span.start + p.start as usize, span.start + p.end as usize);
                    let kind = match &p.kind {
                        line::PartKind::Heading(h) => ItemKind::Heading(h),
                        line::PartKind::Text(t) => ItemKind::Text(t),
                    };
                    out.push(Item {
                        line: i,
                        span,
                        kind,
                    });
                }
                continue;
            }
        };
        out.push(Item {
            line: i,
            span,
            kind,
        });
    }
    out
}

/// Builds the report model from classified lines (of the text `prefix` reads).
pub fn assemble(lines: &[LineInfo], prefix: LinePrefix) -> Report {
    let index =
        LineIndex::from_line_lengths(lines.iter().map(|l| (l.len as usize, l.term as usize)));
    let crlf = lines.iter().filter(|l| l.term == 2).count();
    let lf = lines.iter().filter(|l| l.term == 1).count();
    let line_ending = if crlf > lf { "\r\n" } else { "\n" };
    let start = |i: usize| index.line_start(i);
    let items = items(lines, &index);

    // Title candidates near the top, and a duplicated preview block.
    let titles: Vec<usize> = items
        .iter()
        .enumerate()
        .take_while(|(_, it)| it.line < TOP_LINES)
        .filter(|(_, it)| it.text().is_some_and(|t| t.title.is_some()))
        .map(|(k, _)| k)
        .collect();
    let mut preview_end = 0;
    let mut preview = None;
    if titles.len() >= 2 {
        let (a, b) = (titles[0], titles[1]);
        // The same title followed by the same line, close together: a preview.
        let hash = |k: usize| {
            next_content(&items, k).map(|j| {
                let i = items[j].line;
                line::line_hash(&prefix(i, lines[i].len as usize))
            })
        };
        if hash(a) == hash(b) && items[b].line - items[a].line <= 40 {
            preview = Some(Span::new(items[a].span.start, items[b].span.start));
            preview_end = b;
        }
    }
    let first_heading = (preview_end..items.len())
        .find(|&k| items[k].heading().is_some())
        .unwrap_or(items.len());
    let title_item = titles
        .iter()
        .copied()
        .find(|&k| k >= preview_end && k < first_heading)
        .or_else(|| titles.iter().copied().find(|&k| k >= preview_end));
    let title = title_item.and_then(|k| {
        let tl = items[k].text()?.title.as_ref()?;
        let base = start(items[k].line);
        Some(Title {
            span: Span::new(base + tl.text.0 as usize, base + tl.text.1 as usize),
            body: tl.body.clone(),
            year: tl.year,
            year_span: tl
                .year_range
                .map(|(a, b)| Span::new(base + a as usize, base + b as usize)),
        })
    });
    // A title broken over two lines (PDF text: "淮安市洪泽区人民政府" above
    // "2024 年政府信息公开工作年度报告") names its body on the line above.
    let title = title.map(|mut t| {
        if t.body.trim().is_empty() {
            if let Some(body) = title_item.and_then(|k| body_above(lines, items[k].line, prefix)) {
                t.body = body;
            }
        }
        t
    });

    // Sections.
    let heads: Vec<(usize, &line::HeadingLine)> = (preview_end..items.len())
        .filter_map(|k| items[k].heading().map(|h| (k, h)))
        .collect();
    let mut sections = Vec::with_capacity(heads.len());
    for (n, &(k, h)) in heads.iter().enumerate() {
        let end = heads
            .get(n + 1)
            .map(|&(j, _)| items[j].span.start)
            .unwrap_or(index.text_len());
        let base = start(items[k].line);
        sections.push(Section {
            id: h.section,
            line: items[k].span,
            text: Span::new(base + h.text.0 as usize, base + h.text.1 as usize),
            written: h.written.clone(),
            canonical: h.canonical,
            level: h.level,
            span: Span::new(items[k].span.start, end),
            prose_chars: 0,
            keys: 0,
        });
    }
    // What each section's narrative says (its table lines excluded).
    for (n, &(k, _)) in heads.iter().enumerate() {
        let end = heads.get(n + 1).map(|&(j, _)| j).unwrap_or(items.len());
        for it in &items[k + 1..end] {
            if let Some(t) = it.text().filter(|t| is_narrative(t)) {
                sections[n].prose_chars += t.info.chars;
                sections[n].keys |= t.info.keys;
            }
        }
    }

    // The table region: from the first heading of 二/三/四 to the next 五/六.
    let is_table_section = |id: SectionId| id.table().is_some();
    // A table whose heading was lost starts the region at its caption or header.
    let by_heading = heads
        .iter()
        .find(|(_, h)| is_table_section(h.section))
        .map(|&(k, _)| k);
    let overview = heads
        .iter()
        .find(|(_, h)| h.section == SectionId::Overview)
        .map(|&(k, _)| k + 1)
        .unwrap_or(preview_end);
    let by_hint = (overview..by_heading.unwrap_or(items.len()))
        .find(|&k| items[k].text().is_some_and(|t| t.table_hint));
    let region_start = match (by_heading, by_hint) {
        (Some(h), Some(t)) => h.min(t),
        (h, t) => h.or(t).unwrap_or(overview),
    };
    let region_end = heads
        .iter()
        .find(|&&(k, h)| {
            k > region_start && matches!(h.section, SectionId::Problems | SectionId::Other)
        })
        .map(|&(k, _)| k)
        .unwrap_or(items.len());
    let mut asm = table::Assembler::new();
    for it in items.iter().take(region_end).skip(region_start) {
        match it.kind {
            ItemKind::Heading(h) => asm.heading(h.section),
            ItemKind::Text(t) => asm.text(start(it.line), t, it.span),
            ItemKind::Blank | ItemKind::Rule | ItemKind::PageMark(_) => {}
        }
    }
    let tables = asm.finish();

    // Intro facts: the parts list (before section 二) and the outdated decree.
    let parts_limit = heads
        .iter()
        .find(|(_, h)| h.section != SectionId::Overview)
        .map(|&(k, _)| k)
        .unwrap_or(items.len());
    let mut parts = None;
    let mut outdated = tables.outdated;
    // One pass over the items for the key words of each line, the intro
    // facts and the number of claims (a 10 MB text has 50,000 lines whose
    // facts are each behind a pointer: every pass costs cache misses).
    let mut line_keys = vec![0; lines.len()];
    let mut template = Vec::new();
    let mut claim_count = 0;
    for (k, it) in items.iter().enumerate() {
        let Some(t) = it.text() else {
            continue;
        };
        if t.prose || t.cells.len() <= 1 {
            line_keys[it.line] |= t.info.keys;
        }
        if k < preview_end {
            continue;
        }
        claim_count += t.info.claims.as_ref().map_or(0, |c| c.claims.len());
        let base = start(it.line);
        if parts.is_none() && k < parts_limit {
            if let Some(p) = &t.info.parts {
                parts = Some((
                    Span::new(base + p.range.0 as usize, base + p.range.1 as usize),
                    prose::PartsList::clone(p),
                ));
            }
        }
        if t.info.keys & prose::KEY_TEMPLATE != 0 {
            // Few lines: their text is read again to find where (the item's
            // part of its line).
            let line = prefix(it.line, it.span.end - base);
            let from = (it.span.start - base).min(line.len());
            let part = line.get(from..).unwrap_or("");
            let at = base + from;
            template.extend(placeholder::scan(part).into_iter().map(|m| TemplateMark {
                span: Span::new(at + m.start, at + m.end),
                kind: m.kind,
                text: placeholder::quote(&part[m.start..m.end]),
            }));
        }
        if let Some(&(a, b)) = t.info.decree_492.as_deref() {
            outdated.push(OutdatedMarker {
                span: Span::new(base + a as usize, base + b as usize),
                marker: crate::analysis::format::OUTDATED_DECREE.to_string(),
                table: None::<TableId>,
            });
        }
    }
    outdated.sort_by_key(|m| m.span.start);

    let body_start = title_item
        .map(|k| items[k].line + 1)
        .unwrap_or_else(|| items.get(preview_end).map_or(0, |it| it.line));
    let (claims, years, mentions_cases) =
        collect_claims(&items, &index, preview_end, prefix, claim_count);
    let body_type = title.as_ref().map(|t| body_type_of(&t.body));
    // The table the text stops in, if the table region runs to its end.
    let open_table = tables.mode.filter(|_| region_end == items.len());
    let extent = extent(
        &items,
        preview_end,
        title.is_some(),
        (region_start, open_table),
    );
    let headline = if title.is_none() && !extent.starts_late {
        headline(
            &items[preview_end.min(items.len())..first_heading.max(preview_end)],
            &index,
        )
    } else {
        None
    };
    Report {
        claims,
        years,
        mentions_cases,
        body_type,
        line_keys,
        body_start,
        title,
        headline,
        preview,
        sections,
        t2: tables.t2,
        t3: tables.t3,
        t4: tables.t4,
        parts,
        outdated,
        template,
        drift: tables.drift,
        extent,
        line_ending,
        lines: index,
    }
}

/// The first line of a text without a title, when it stands where the title
/// belongs: a Markdown heading, or a short line that names a report.
fn headline(items: &[Item], index: &LineIndex) -> Option<(Span, String)> {
    let first = items.iter().find(|it| it.is_content())?;
    let t = first.text()?;
    let line = index.line_span(first.line);
    let written = &t.cells.first()?;
    let line::RawKind::Text(n, _) = &written.kind else {
        return None;
    };
    let s = n.as_str();
    // Not a page's breadcrumb ("首页 > 政府信息公开 > 年度报告").
    let chrome = s.contains(['>', '》']) || s.contains("首页") || s.contains("当前位置");
    // A heading of its own, or a short line naming a report that is no
    // sentence ("…报告如下：" introduces the report).
    let sentence = s.contains([',', '。', ':', ';', '；']);
    let titled = !chrome
        && (s.starts_with('#') || (s.contains("报告") && n.len() <= 40 && !t.prose && !sentence));
    let span = Span::new(
        line.start + written.start as usize,
        line.start + written.end as usize,
    );
    (titled && t.cells.len() == 1).then(|| (span, s.trim_start_matches('#').to_string()))
}

/// The next content item after `k`.
fn next_content(items: &[Item], k: usize) -> Option<usize> {
    (k + 1..items.len())
        .find(|&j| !matches!(items[j].kind, ItemKind::Blank | ItemKind::PageMark(_)))
}

/// How much of a report the text holds (see [`Extent`]): whether it starts
/// late (a later page of a flip-book; no title and a later section's heading
/// or a table row first) and where it stops early (in a table, after a
/// heading, in the middle of a sentence, or at the end of a page).
fn extent(
    items: &[Item],
    from: usize,
    has_title: bool,
    (region_start, open_table): (usize, Option<TableId>),
) -> Extent {
    let content: Vec<&Item> = items[from.min(items.len())..]
        .iter()
        .filter(|it| !matches!(it.kind, ItemKind::Blank))
        .collect();
    let page_first =
        matches!(content.first().map(|it| it.kind), Some(ItemKind::PageMark(n)) if n > 1);
    let first = content.iter().find(|it| it.is_content());
    let later_first = !has_title
        && first.is_some_and(|it| match it.kind {
            ItemKind::Heading(h) => h.section != SectionId::Overview,
            ItemKind::Text(t) => !t.prose && t.cells.iter().any(|c| c.kind.is_value_like()),
            _ => false,
        });
    let starts_late = page_first || later_first;
    let Some(k) = (from..items.len()).rev().find(|&k| items[k].is_content()) else {
        return Extent {
            starts_late,
            cut: None,
        };
    };
    let last = &items[k];
    // A table line last, in a table the text did not leave.
    let in_table = open_table.filter(|_| {
        k >= region_start
            && last
                .text()
                .is_some_and(|t| !t.prose || t.ending == line::Ending::Open)
    });
    let cut = match (last.kind, in_table) {
        (_, Some(table)) => Some(Some(table)),
        (ItemKind::Heading(_), _) => Some(None),
        // A sentence broken off (a table row of no known table is no sentence).
        (ItemKind::Text(t), _) => match t.ending {
            line::Ending::Open if sentence_like(t) => Some(None),
            line::Ending::Open => None,
            // A page of a flip-book ends where the page does.
            line::Ending::Sentence if page_first => Some(None),
            _ => None,
        },
        _ => None,
    };
    Extent {
        starts_late,
        cut: cut.map(|table| Cut {
            at: last.span,
            table,
        }),
    }
}

/// A line of text that is not a table row: narrative, or words with a
/// sentence's punctuation before a number ("全年办理申请 6", cut there).
fn sentence_like(t: &line::TextLine) -> bool {
    t.sep == line::Sep::Space
        && (is_narrative(t)
            || t.cells.iter().any(|c| {
                matches!(&c.kind, line::RawKind::Text(n, _) if n.as_str().contains(['。', ',', ';', '；']))
            }))
}

/// How the name of a body ends (人民政府, 审计局, 街道办事处 …): a line above a
/// title is its body only if it ends so ("政府信息公开", a page's breadcrumb,
/// is no body).
const BODY_ENDS: [&str; 14] = [
    "政府",
    "局",
    "委员会",
    "委",
    "办公室",
    "办公厅",
    "办",
    "厅",
    "中心",
    "院",
    "署",
    "街道",
    "办事处",
    "管委会",
];

/// The body's name on the line above a title that has none: a short line of
/// Chinese words (spaces and brackets allowed) ending as a body's name does,
/// no sentence, no number.
fn body_above(lines: &[LineInfo], title: usize, prefix: LinePrefix) -> Option<String> {
    let j = (title.saturating_sub(3)..title)
        .rev()
        .find(|&j| !matches!(lines[j].kind, LineKind::Blank | LineKind::PageMark(_)))?;
    if !matches!(lines[j].kind, LineKind::Text(_)) {
        return None;
    }
    let text = prefix(j, lines[j].len as usize);
    let name = text.trim_matches(|c: char| crate::analysis::normalize::is_space(c));
    let n = name.chars().count();
    let wordy = name.chars().all(|c| {
        ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || crate::analysis::normalize::is_space(c)
            || "（）()".contains(c)
    });
    let named = BODY_ENDS.iter().any(|e| name.ends_with(e));
    ((2..=40).contains(&n) && wordy && named).then(|| name.to_string())
}

/// A line of narrative: not a table row (no separators, no value cells, no
/// table caption or header).
fn is_narrative(t: &line::TextLine) -> bool {
    t.sep == line::Sep::Space
        && !t.table_hint
        && t.cells
            .iter()
            .all(|c| !matches!(c.kind, line::RawKind::Value(_)))
}

/// The kind of body from its name in the title (format spec §2): a 人民政府, a
/// township or street office, else a department.
pub fn body_type_of(body: &str) -> crate::analysis::config::BodyType {
    use crate::analysis::config::BodyType;
    let b: String = body.chars().filter(|c| !c.is_whitespace()).collect();
    if b.ends_with("街道办事处")
        || b.ends_with("镇人民政府")
        || b.ends_with("乡人民政府")
        || b.ends_with("街道")
    {
        BodyType::Township
    } else if b.ends_with("人民政府") || b.ends_with("政府") {
        BodyType::Government
    } else {
        BodyType::Department
    }
}

/// The narrative's claims and years with absolute ranges. A claim whose
/// sentence began on an earlier line gets its subject from that line's tail
/// (blank lines between, from PDF text, do not break a sentence).
fn collect_claims(
    items: &[Item],
    index: &LineIndex,
    from: usize,
    prefix: LinePrefix,
    count: usize,
) -> (
    Vec<crate::analysis::model::Claim>,
    Vec<crate::analysis::model::YearMention>,
    bool,
) {
    use crate::analysis::model::{Claim, Role, Scope, YearMention};
    // Sized once (`count`, the claims of the lines from `from`): the claims
    // live as long as the analysis (a 5 MB document has some 90,000), so the
    // doubling of a growing vector would waste up to half of them.
    let mut claims: Vec<Claim> = Vec::with_capacity(count);
    let mut years = Vec::new();
    let mut mentions_cases = false;
    let mut tail: Option<&str> = None;
    let mut last_total: Option<u32> = None;
    // A government's office acting for it speaks for the rest of its section
    // (see `Scope::Agent`).
    let mut agent = false;
    for it in items.iter().skip(from) {
        let i = it.line;
        let t = match it.kind {
            ItemKind::Text(t) if is_narrative(t) => t,
            ItemKind::Blank | ItemKind::PageMark(_) => continue,
            ItemKind::Heading(_) => {
                (tail, agent) = (None, false);
                continue;
            }
            _ => {
                tail = None;
                continue;
            }
        };
        let Some(c) = &t.info.claims else {
            tail = None;
            continue;
        };
        let base = index.line_start(i);
        let abs = |(a, b): (u32, u32)| Span::new(base + a as usize, base + b as usize);
        // The intro's list of the six parts names 行政复议、行政诉讼 as a part's
        // title; that is not the text speaking of cases.
        mentions_cases |= c.mentions_cases && t.info.parts.is_none();
        for r in &c.claims {
            let (mut target, mut scope) = (r.target, r.scope);
            if r.open_start && !r.negation {
                if let Some(prev) = tail.filter(|_| target.is_none() || scope == Scope::Unstated) {
                    // The words before the number on its line.
                    let before = prefix(i, r.num.0 as usize);
                    if target.is_none() {
                        target = claims::subject_across(prev, &before);
                    }
                    if target.is_some() && scope == Scope::Unstated {
                        scope = claims::scope_across(prev, &before);
                    }
                }
            }
            if scope == Scope::Agent {
                agent = true;
            } else if agent && scope == Scope::Unstated && target.is_some() {
                scope = Scope::Agent;
            }
            let total = match r.role {
                Role::Part => last_total,
                _ => None,
            };
            // A part of a breakdown speaks for what its total speaks for.
            if let Some(t) = total.and_then(|t| claims.get(t as usize)) {
                if scope == Scope::Unstated && target.is_some() {
                    scope = t.scope;
                }
            }
            let (num, extent) = (abs(r.num), abs(r.extent));
            claims.push(Claim {
                span: num,
                value: r.value,
                words_before: num.start.saturating_sub(extent.start) as u32,
                words_after: extent.end.saturating_sub(num.end) as u32,
                total_plus_one: total.map_or(0, |t: u32| t + 1),
                unit: r.unit.char(),
                target,
                exact: r.exact,
                scope,
                negation: r.negation,
                role: r.role,
            });
            if r.role == Role::Total {
                last_total = u32::try_from(claims.len() - 1).ok();
            }
        }
        for y in &c.years {
            years.push(YearMention {
                span: abs(y.span),
                year: y.year,
                kind: y.kind,
            });
        }
        tail = c.tail.as_deref();
    }
    (claims, years, mentions_cases)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::template::sample;

    fn cut_of(text: &str) -> (bool, Option<Option<TableId>>) {
        let r = parse(text);
        (r.extent.starts_late, r.extent.cut.map(|c| c.table))
    }

    #[test]
    fn a_whole_report_is_neither_late_nor_cut() {
        assert_eq!(cut_of(&sample()), (false, None));
    }

    #[test]
    fn a_text_cut_inside_a_table_or_a_sentence() {
        let s = sample();
        let in_t3 = &s[..s.find("（三）不予公开").unwrap()];
        assert_eq!(cut_of(in_t3), (false, Some(Some(TableId::T3))));
        let at = s.find("不够丰富").unwrap();
        assert_eq!(cut_of(&s[..at]), (false, Some(None)));
        // A heading last: its content lies after the cut.
        let at = s.find("六、其他需要报告的事项").unwrap() + "六、其他需要报告的事项".len();
        assert_eq!(cut_of(&s[..at]), (false, Some(None)));
    }

    #[test]
    fn a_later_page_or_section_first_starts_late() {
        let s = sample();
        let five = &s[s.find("五、存在的主要问题").unwrap()..];
        assert_eq!(cut_of(five), (true, None));
        let page = format!("Page 5 - 某局2023年报\nP. 5\n{five}");
        // A flip-book page ends where the page does.
        assert_eq!(cut_of(&page), (true, Some(None)));
        // Page 1 starts the report.
        let first = format!("Page 1 - 某局2023年报\n{s}");
        assert!(!cut_of(&first).0);
    }

    #[test]
    fn a_report_on_one_line_has_its_sections() {
        let one: String = sample()
            .lines()
            .map(|l| l.split('\t').map(str::trim).collect::<String>())
            .collect();
        let r = parse(&one);
        let ids: Vec<SectionId> = r.sections.iter().map(|s| s.id).collect();
        assert_eq!(ids, SectionId::ALL.to_vec());
        assert!(r.title.is_some());
        assert!(r.t3.is_some() && r.t4.as_ref().is_some_and(|t| t.cells.len() == 15));
    }

    #[test]
    fn a_title_over_two_lines_names_its_body_on_the_first() {
        let body = |text: &str| parse(text).title.map(|t| t.body);
        assert_eq!(
            body(
                "         淮安市洪泽区人民政府\n    2024 年政府信息公开工作年度报告\n\n一、总体情况\n"
            ),
            Some("淮安市洪泽区人民政府".to_string())
        );
        // A page's breadcrumb is no body.
        assert_eq!(
            body("政府信息公开\n\n2024年政府信息公开工作年度报告\n\n一、总体情况\n"),
            Some(String::new())
        );
    }
}
