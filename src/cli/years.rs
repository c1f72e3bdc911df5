//! Across years in the CLI: each report being checked is paired with the same
//! body's report of the year before — another input (given as files or found
//! in a folder), or a file named by `--previous` — by the body and year in
//! their titles, and the rules across years add their findings.

use super::check::{Input, Outcome, read_report};
use crate::analysis::config::{Config, Lang};
use crate::analysis::finding::Finding;
use crate::analysis::model::Report;
use crate::analysis::previous::{Key, Previous, key_of, pair};
use crate::analysis::rules::run_years;
use crate::analysis::syntax::line::{LineInfo, LineKind, PartKind, TitleLine, classify};
use crate::analysis::syntax::{LinePrefix, assemble};
use crate::analysis::{Analysis, analyze};
use crate::input::Limits;
use crate::tr;
use rayon::prelude::*;
use std::path::Path;

/// A report given only to compare with (`--previous`), not itself checked.
pub struct Reference {
    pub name: String,
    pub text: String,
    pub analysis: Analysis,
}

/// Reads a `--previous` report within the limits; the error names the file
/// and the problem.
pub fn load_reference(path: &Path, lang: Lang, limits: &Limits) -> Result<Reference, String> {
    let input = Input::File {
        path: path.to_path_buf(),
        explicit: true,
    };
    let text = read_report(&input, lang, limits).map_err(|e| format!("{}: {e}", path.display()))?;
    let analysis = analyze(&text, &Config::with_lang(lang));
    if key_of(&analysis.report).is_none() {
        return Err(tr!(
            lang,
            format!(
                "{}: --previous 的报告没有可识别的标题（机关名称+年份），无法配对",
                path.display()
            ),
            format!(
                "{}: the --previous report has no recognisable title (body and year) to pair it by",
                path.display()
            )
        ));
    }
    Ok(Reference {
        name: path.display().to_string(),
        text,
        analysis,
    })
}

/// The title lines of a report: titles are looked for in the first 120 lines
/// (`syntax::TOP_LINES`), and a duplicated preview block pairs two titles at
/// most 40 lines apart (`syntax::assemble`).
const TITLE_LINES: usize = 120;
const PREVIEW_LINES: usize = 40;

/// A report's pairing key from its first lines: the same key as
/// `key_of(&analyze(text).report)`, at a fraction of the cost. Most reports
/// have one title line among their first 120 lines, and only a line holding
/// 报告 can be one, so only those lines are classified ([`sole_title`]);
/// otherwise (two title lines may be a preview block, or a title without
/// its body names it on the line above) as few lines as decide the title are
/// parsed ([`parsed_title_key`]).
pub fn title_key(text: &str) -> Option<Key> {
    match sole_title(text) {
        Some(None) => None,
        Some(Some(t)) => {
            let body = crate::analysis::previous::body_key(&t.body);
            (!body.is_empty()).then_some((body, t.year?))
        }
        None => parsed_title_key(text),
    }
}

/// The title line of a text when it is alone among the first 120 lines and
/// names its body (`Some(None)`: there is none); `None` when the lines around
/// must decide.
fn sole_title(text: &str) -> Option<Option<TitleLine>> {
    let report = memchr::memmem::Finder::new("报告");
    let mut found: Option<TitleLine> = None;
    for (s, e, next) in crate::analysis::text::lines(text).take(TITLE_LINES) {
        let line = &text[s..e];
        if report.find(line.as_bytes()).is_none() || !may_hold_title(line) {
            continue;
        }
        let info = classify(line, (next - e) as u8);
        for t in titles_of(&info) {
            if found.is_some() {
                return None;
            }
            found = Some(t.clone());
        }
    }
    match found {
        Some(t) if t.body.trim().is_empty() => None,
        found => Some(found),
    }
}

/// Whether some part of `line` may be a title line, a necessary condition
/// read from the bytes (what `classify` requires of a title): a title's text
/// is a stretch of its line without 。 , ， or 《 whose normalised form holds
/// 政府信息公开 and 报告 — normalising only drops and folds characters, never
/// makes an ideograph — so some stretch of the line between those marks holds
/// each of these ideographs. The introduction citing the 条例 and sentences
/// that mention the report are passed over without being classified.
pub fn may_hold_title(line: &str) -> bool {
    line.split(['。', ',', '，', '《']).any(|stretch| {
        ["报", "告", "政", "府", "信", "息", "公", "开"]
            .iter()
            .all(|c| stretch.contains(c))
    })
}

/// The title candidates of a classified line (a line of several parts may
/// hold more than one).
fn titles_of(info: &LineInfo) -> Vec<&TitleLine> {
    match &info.kind {
        LineKind::Text(t) => t.title.as_deref().into_iter().collect(),
        LineKind::Parts(parts) => parts
            .0
            .iter()
            .filter_map(|p| match &p.kind {
                PartKind::Text(t) => t.title.as_deref(),
                PartKind::Heading(_) => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The key of the title the first lines of a text decide (see [`decided`]),
/// parsed (stage 1 and 2, no rules) from as few lines as needed.
fn parsed_title_key(text: &str) -> Option<Key> {
    let mut infos: Vec<LineInfo> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    let mut lines = crate::analysis::text::lines(text);
    let mut want = 48;
    loop {
        let mut whole = false;
        while infos.len() < want {
            let Some((s, e, next)) = lines.next() else {
                whole = true;
                break;
            };
            starts.push(s);
            infos.push(classify(&text[s..e], (next - e) as u8));
        }
        let prefix: LinePrefix = &|i, n| {
            let at = starts.get(i).copied().unwrap_or(text.len());
            text.get(at..at + n).unwrap_or("").into()
        };
        let report = assemble(&infos, prefix);
        if whole || decided(&report, &infos) {
            return key_of(&report);
        }
        want *= 2;
    }
}

/// Whether the title found in the first lines of a text (`infos`) is the one
/// the whole text gives. Titles are the title lines among the first 120
/// lines; the first one is the title unless a second one within 40 lines is
/// followed by the same line (a preview block: then the second). So it is
/// decided by a preview found, by no title in 120 lines, or by a title and a
/// line of content more than 40 lines after it (what follows any second
/// title near enough is then known).
fn decided(report: &crate::analysis::model::Report, infos: &[LineInfo]) -> bool {
    if report.preview.is_some() {
        return true;
    }
    let Some(title) = &report.title else {
        return infos.len() >= TITLE_LINES;
    };
    let t = report.lines.line_of(title.span.start);
    infos
        .iter()
        .skip(t + PREVIEW_LINES + 1)
        .any(|l| !matches!(l.kind, LineKind::Blank | LineKind::PageMark(_)))
}

/// The pairs across years of a batch, planned before it is checked so that
/// no report is kept for its partner: the key of every input (from its title,
/// [`title_key`]; none for a file that cannot be read) and each input's
/// previous year among the inputs (index < inputs) or the `--previous`
/// reports (index ≥ inputs).
pub struct Plan {
    keys: Vec<Option<Key>>,
    pairs: Vec<Option<usize>>,
    inputs: usize,
}

/// Where a report's previous year is.
pub enum Partner<'a> {
    None,
    /// Another input, by index.
    Input(usize),
    Reference(&'a Reference),
}

impl Plan {
    /// The keys of `inputs` and then of `references`, the inputs' titles read
    /// in parallel (`text_of`: the report text of an input, as it would be
    /// checked). With one input and no `--previous` report there is nothing
    /// to pair, and nothing is read.
    pub fn keys(
        inputs: &[Input],
        references: &[Reference],
        text_of: &(dyn Fn(&Input) -> Option<String> + Sync),
    ) -> Vec<Option<Key>> {
        let mut keys: Vec<Option<Key>> = if inputs.len() + references.len() < 2 {
            vec![None; inputs.len()]
        } else {
            inputs
                .par_iter()
                .map(|i| text_of(i).and_then(|t| title_key(&t)))
                .collect()
        };
        keys.extend(references.iter().map(|r| key_of(&r.analysis.report)));
        keys
    }

    /// The pairs of [`Plan::keys`]' keys, of which the first `inputs` are the
    /// inputs' (one thread: a batch finds them while its first reports are
    /// checked).
    pub fn new(keys: Vec<Option<Key>>, inputs: usize) -> Plan {
        let pairs = pair(&keys);
        Plan {
            keys,
            pairs,
            inputs,
        }
    }

    /// The previous year of input `i`, as [`compare`] finds it.
    pub fn partner<'a>(&self, i: usize, references: &'a [Reference]) -> Partner<'a> {
        let Some((_, year)) = &self.keys[i] else {
            return Partner::None;
        };
        match self.pairs[i] {
            Some(j) if j < self.inputs => Partner::Input(j),
            Some(j) => Partner::Reference(&references[j - self.inputs]),
            None => references
                .iter()
                .find(|r| key_of(&r.analysis.report).is_some_and(|(_, y)| y + 1 == *year))
                .map_or(Partner::None, Partner::Reference),
        }
    }
}

/// The findings across years of a checked report given its previous year's
/// text, model and name (`None` when it has none or that one was not checked).
pub fn findings_with(
    outcome: &Outcome,
    previous: Option<(&str, &Report, &str)>,
    config: &Config,
) -> Vec<Finding> {
    let (Outcome::Checked { text, analysis, .. }, Some((ptext, report, name))) =
        (outcome, previous)
    else {
        return Vec::new();
    };
    let previous = Previous {
        report,
        text: ptext,
        name,
    };
    run_years(&analysis.report, text, &previous, config)
}

/// Adds findings across years to a checked outcome, in order.
pub fn add_findings(outcome: &mut Outcome, findings: Vec<Finding>) {
    if findings.is_empty() {
        return;
    }
    if let Outcome::Checked { analysis, .. } = outcome {
        analysis.findings.extend(findings);
        crate::analysis::rules::sort(&mut analysis.findings);
    }
}
