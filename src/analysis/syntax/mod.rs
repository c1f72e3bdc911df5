//! Parsing: text -> classified lines (stage 1, `line.rs`, per line) -> the typed
//! report (stage 2, `assemble`). The parser is total: any text yields a model.

pub mod claims;
pub mod keywords;
pub mod label;
pub mod line;
pub mod prose;
pub mod table;
pub mod vocab;

use crate::analysis::format::{SectionId, TableId};
use crate::analysis::model::{OutdatedMarker, Report, Section, Title};
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

/// Builds the report model from classified lines (of the text `prefix` reads).
pub fn assemble(lines: &[LineInfo], prefix: LinePrefix) -> Report {
    let index =
        LineIndex::from_line_lengths(lines.iter().map(|l| (l.len as usize, l.term as usize)));
    let crlf = lines.iter().filter(|l| l.term == 2).count();
    let lf = lines.iter().filter(|l| l.term == 1).count();
    let line_ending = if crlf > lf { "\r\n" } else { "\n" };
    let start = |i: usize| index.line_start(i);

    // Title candidates near the top, and a duplicated preview block.
    let titles: Vec<usize> = lines
        .iter()
        .take(TOP_LINES)
        .enumerate()
        .filter(|(_, l)| matches!(&l.kind, LineKind::Text(t) if t.title.is_some()))
        .map(|(i, _)| i)
        .collect();
    let mut preview_end = 0;
    let mut preview = None;
    if titles.len() >= 2 {
        let (a, b) = (titles[0], titles[1]);
        // The same title followed by the same line, close together: a preview.
        let same_next = next_content(lines, a).map(|i| lines[i].hash)
            == next_content(lines, b).map(|i| lines[i].hash);
        if same_next && b - a <= 40 {
            preview = Some(Span::new(start(a), start(b)));
            preview_end = b;
        }
    }
    let first_heading = lines
        .iter()
        .enumerate()
        .skip(preview_end)
        .find(|(_, l)| matches!(l.kind, LineKind::Heading(_)))
        .map(|(i, _)| i)
        .unwrap_or(lines.len());
    let title_line = titles
        .iter()
        .copied()
        .find(|&i| i >= preview_end && i < first_heading)
        .or_else(|| titles.iter().copied().find(|&i| i >= preview_end));
    let title = title_line.and_then(|i| match &lines[i].kind {
        LineKind::Text(t) => t.title.as_ref().map(|tl| {
            let base = start(i);
            Title {
                span: Span::new(base + tl.text.0 as usize, base + tl.text.1 as usize),
                body: tl.body.clone(),
                year: tl.year,
                year_span: tl
                    .year_range
                    .map(|(a, b)| Span::new(base + a as usize, base + b as usize)),
            }
        }),
        _ => None,
    });
    // A title broken over two lines (PDF text: "淮安市洪泽区人民政府" above
    // "2024 年政府信息公开工作年度报告") names its body on the line above.
    let title = title.map(|mut t| {
        if t.body.trim().is_empty() {
            if let Some(body) = title_line.and_then(|i| body_above(lines, i, prefix)) {
                t.body = body;
            }
        }
        t
    });

    // Sections.
    let mut heads: Vec<(usize, &line::HeadingLine)> = Vec::new();
    for (i, l) in lines.iter().enumerate().skip(preview_end) {
        if let LineKind::Heading(h) = &l.kind {
            heads.push((i, h));
        }
    }
    let mut sections = Vec::with_capacity(heads.len());
    for (k, &(i, h)) in heads.iter().enumerate() {
        let end = heads
            .get(k + 1)
            .map(|&(j, _)| start(j))
            .unwrap_or(index.text_len());
        let base = start(i);
        sections.push(Section {
            id: h.section,
            line: index.line_span(i),
            text: Span::new(base + h.text.0 as usize, base + h.text.1 as usize),
            written: h.written.clone(),
            canonical: h.canonical,
            level: h.level,
            span: Span::new(base, end),
            prose_chars: 0,
            keys: 0,
        });
    }
    // What each section's narrative says (its table lines excluded).
    for (k, &(i, _)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map(|&(j, _)| j).unwrap_or(lines.len());
        for l in &lines[i + 1..end] {
            if let LineKind::Text(t) = &l.kind {
                if is_narrative(t) {
                    sections[k].prose_chars += t.info.chars;
                    sections[k].keys |= t.info.keys;
                }
            }
        }
    }

    // The table region: from the first heading of 二/三/四 to the next 五/六.
    let is_table_section = |id: SectionId| id.table().is_some();
    // A table whose heading was lost starts the region at its caption or header.
    let by_heading = heads
        .iter()
        .find(|(_, h)| is_table_section(h.section))
        .map(|&(i, _)| i);
    let overview = heads
        .iter()
        .find(|(_, h)| h.section == SectionId::Overview)
        .map(|&(i, _)| i + 1)
        .unwrap_or(preview_end);
    let by_hint = (overview..by_heading.unwrap_or(lines.len()))
        .find(|&i| matches!(&lines[i].kind, LineKind::Text(t) if t.table_hint));
    let region_start = match (by_heading, by_hint) {
        (Some(h), Some(t)) => h.min(t),
        (h, t) => h.or(t).unwrap_or(overview),
    };
    let region_end = heads
        .iter()
        .find(|&&(i, h)| {
            i > region_start && matches!(h.section, SectionId::Problems | SectionId::Other)
        })
        .map(|&(i, _)| i)
        .unwrap_or(lines.len());
    let mut asm = table::Assembler::new();
    for (i, l) in lines.iter().enumerate().take(region_end).skip(region_start) {
        match &l.kind {
            LineKind::Heading(h) => asm.heading(h.section),
            LineKind::Text(t) => asm.text(start(i), t, index.line_span(i)),
            LineKind::Blank | LineKind::Rule | LineKind::PageMark => {}
        }
    }
    let tables = asm.finish();

    // Intro facts: the parts list (before section 二) and the outdated decree.
    let parts_limit = heads
        .iter()
        .find(|(_, h)| h.section != SectionId::Overview)
        .map(|&(i, _)| i)
        .unwrap_or(lines.len());
    let mut parts = None;
    let mut outdated = tables.outdated;
    // One pass over the lines for the key words of each, the intro facts and
    // the number of claims (a 10 MB text has 50,000 lines whose facts are
    // each behind a pointer: every pass costs cache misses).
    let mut line_keys = Vec::with_capacity(lines.len());
    let mut claim_count = 0;
    for (i, l) in lines.iter().enumerate() {
        let LineKind::Text(t) = &l.kind else {
            line_keys.push(0);
            continue;
        };
        line_keys.push(if t.prose || t.cells.len() <= 1 {
            t.info.keys
        } else {
            0
        });
        if i < preview_end {
            continue;
        }
        claim_count += t.info.claims.as_ref().map_or(0, |c| c.claims.len());
        let base = start(i);
        if parts.is_none() && i < parts_limit {
            if let Some(p) = &t.info.parts {
                parts = Some((
                    Span::new(base + p.range.0 as usize, base + p.range.1 as usize),
                    prose::PartsList::clone(p),
                ));
            }
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

    let body_start = title_line.map(|i| i + 1).unwrap_or(preview_end);
    let (claims, years, mentions_cases) =
        collect_claims(lines, &index, preview_end, prefix, claim_count);
    let body_type = title.as_ref().map(|t| body_type_of(&t.body));
    Report {
        claims,
        years,
        mentions_cases,
        body_type,
        line_keys,
        body_start,
        title,
        preview,
        sections,
        t2: tables.t2,
        t3: tables.t3,
        t4: tables.t4,
        parts,
        outdated,
        drift: tables.drift,
        line_ending,
        lines: index,
    }
}

/// The next line after `i` that is not blank.
fn next_content(lines: &[LineInfo], i: usize) -> Option<usize> {
    (i + 1..lines.len()).find(|&j| !matches!(lines[j].kind, LineKind::Blank | LineKind::PageMark))
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
        .find(|&j| !matches!(lines[j].kind, LineKind::Blank | LineKind::PageMark))?;
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
    lines: &[LineInfo],
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
    for (i, l) in lines.iter().enumerate().skip(from) {
        let t = match &l.kind {
            LineKind::Text(t) if is_narrative(t) => t,
            LineKind::Blank | LineKind::PageMark => continue,
            LineKind::Heading(_) => {
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
    use super::parse;

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
