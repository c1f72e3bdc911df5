//! Reviewers' decisions over a checked batch: the fingerprint of every
//! finding, the dismissals of nianbao.toml (`[[dismiss]]`) and a baseline
//! (`--baseline`). Dismissed and baselined findings leave the analyses, so the
//! counts, the exit code and every output see only the findings left; the
//! dismissed ones are kept here with their reasons (`--show-dismissed`, the
//! HTML report), and a dismissal that matched nothing becomes a note (stale).

use super::baseline::Baseline;
use super::check::{Input, Outcome};
use super::render::{self, Style};
use crate::analysis::config::{Config, Lang};
use crate::analysis::finding::Finding;
use crate::analysis::fingerprint;
use crate::analysis::select::Selection;
use crate::config_file::Configs;
use crate::dismiss::{self, Dismissal};
use crate::tr;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A finding a dismissal hides.
#[derive(Clone, Debug)]
pub struct Dismissed {
    pub finding: Finding,
    pub fingerprint: String,
    pub reason: String,
    /// The configuration file and the line of the entry.
    pub by: (PathBuf, usize),
}

impl Dismissed {
    /// "nianbao.toml:12"
    pub fn source(&self) -> String {
        format!("{}:{}", self.by.0.display(), self.by.1)
    }
}

/// The pseudo-rules of notes about the configuration: a dismissal that
/// matches nothing, a dismissal whose reason is still the placeholder.
pub const STALE_RULE: &str = "stale-dismissal";
pub const REASON_RULE: &str = "dismissal-reason";

/// A note about a configuration file (an info): a dismissal that matched
/// nothing, or whose reason is still to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// [`STALE_RULE`] or [`REASON_RULE`].
    pub rule: &'static str,
    pub path: PathBuf,
    pub line: usize,
    pub message: String,
}

/// What the baseline did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaselineSummary {
    pub file: PathBuf,
    /// Findings of this run found in the baseline (not shown).
    pub known: usize,
    /// Entries of the baseline, for the files checked, that no finding matches
    /// any more.
    pub gone: usize,
}

/// The decisions of a batch, by outcome (in the outcomes' order).
#[derive(Debug, Default)]
pub struct Review {
    /// The fingerprints of the findings left in each outcome's analysis.
    pub fingerprints: Vec<Vec<String>>,
    pub dismissed: Vec<Vec<Dismissed>>,
    pub notes: Vec<Note>,
    pub baseline: Option<BaselineSummary>,
    /// `--write-baseline`: the findings left were written to the baseline.
    pub wrote_baseline: bool,
    /// Findings dismissed in the whole batch.
    pub dismissed_total: usize,
}

impl Review {
    pub fn dismissed_count(&self) -> usize {
        self.dismissed_total
    }

    /// The fingerprints of outcome `i`'s findings.
    pub fn fingerprints_of(&self, i: usize) -> &[String] {
        self.fingerprints
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// The dismissed findings of outcome `i`.
    pub fn dismissed_of(&self, i: usize) -> &[Dismissed] {
        self.dismissed.get(i).map(Vec::as_slice).unwrap_or_default()
    }
}

/// The dismissals of one configuration file met in the run: whether each
/// applied to a checked file (where its rule ran), and whether it matched.
struct Seen {
    applied: Vec<bool>,
    used: Vec<bool>,
}

/// The dismissals of an input's nianbao.toml that apply to it and whose rule
/// runs under `config`.
pub fn entries_for(configs: &Configs, input: &Input, config: &Config) -> Vec<Dismissal> {
    let Some(p) = configs.project(input.path()) else {
        return Vec::new();
    };
    let dir = p.path.parent().unwrap_or(Path::new("."));
    let rel = input.path().map(|f| dismiss::relative(dir, f));
    p.dismissals
        .iter()
        .filter(|d| d.applies_to(rel.as_deref()) && rule_runs(d.rule, config))
        .cloned()
        .collect()
}

/// Whether a rule runs under `config` (a dismissal of a rule that does not
/// run is not judged).
fn rule_runs(rule: &str, config: &Config) -> bool {
    let default = crate::analysis::rules::find(rule).and_then(|r| r.meta.default);
    config.rules.get(rule).copied().unwrap_or(default).is_some()
}

/// Applies the dismissals and the baseline to checked outcomes (aligned with
/// `inputs`); `config_of` gives each input's analysis settings (a dismissal
/// of a rule that did not run is not judged stale).
pub fn apply(
    outcomes: &mut [(String, Outcome)],
    inputs: &[Input],
    configs: &Configs,
    config_of: &(dyn Fn(&Input) -> Config + Sync),
    baseline: Option<&Baseline>,
    lang: Lang,
) -> Review {
    let mut reviewer = Reviewer::new(configs, config_of, baseline);
    let mut fingerprints = Vec::new();
    let mut dismissed = Vec::new();
    for (i, (_, outcome)) in outcomes.iter_mut().enumerate() {
        let r = reviewer.review(inputs.get(i), outcome);
        fingerprints.push(r.fingerprints);
        dismissed.push(r.dismissed);
    }
    let mut review = reviewer.finish(lang);
    review.fingerprints = fingerprints;
    review.dismissed = dismissed;
    review
}

/// The review of one report: the fingerprints of the findings left in its
/// analysis, and the findings dismissed.
#[derive(Debug, Default)]
pub struct Reviewed {
    pub fingerprints: Vec<String>,
    pub dismissed: Vec<Dismissed>,
}

/// The reviewers' decisions applied report by report (a batch streams its
/// reports): what it keeps is per configuration file and per baseline entry,
/// never per report.
pub struct Reviewer<'a> {
    configs: &'a Configs,
    config_of: &'a (dyn Fn(&Input) -> Config + Sync),
    baseline: Option<&'a Baseline>,
    seen: HashMap<PathBuf, Seen>,
    tomls: Vec<&'a crate::config_file::ProjectConfig>,
    /// Per baseline entry: matched by a finding; of a file checked.
    matched: Vec<bool>,
    checked: Vec<bool>,
    known: usize,
    dismissed: usize,
}

impl<'a> Reviewer<'a> {
    pub fn new(
        configs: &'a Configs,
        config_of: &'a (dyn Fn(&Input) -> Config + Sync),
        baseline: Option<&'a Baseline>,
    ) -> Self {
        let n = baseline.map_or(0, Baseline::len);
        Reviewer {
            configs,
            config_of,
            baseline,
            seen: HashMap::new(),
            tomls: Vec::new(),
            matched: vec![false; n],
            checked: vec![false; n],
            known: 0,
            dismissed: 0,
        }
    }

    /// Reviews one outcome: its dismissed and baselined findings leave its
    /// analysis.
    pub fn review(&mut self, input: Option<&Input>, outcome: &mut Outcome) -> Reviewed {
        let path = input.and_then(Input::path);
        let Outcome::Checked { text, analysis, .. } = outcome else {
            return Reviewed::default();
        };
        let fps = fingerprint::of_text(&analysis.report, &analysis.findings, text);
        let project = self.configs.project(path);
        let entries = self.entries(project, input);
        let refs: Vec<&Dismissal> = entries.iter().map(|(_, d)| *d).collect();
        let mut used = vec![false; refs.len()];
        let verdicts = dismiss::triage(&refs, &analysis.findings, &fps, &mut used);
        if let Some(p) = project.filter(|_| !entries.is_empty()) {
            let s = self.seen.entry(p.path.clone()).or_insert_with(|| Seen {
                applied: vec![false; p.dismissals.len()],
                used: vec![false; p.dismissals.len()],
            });
            for (k, (j, _)) in entries.iter().enumerate() {
                s.applied[*j] = true;
                s.used[*j] |= used[k];
            }
        }
        let mut out = Reviewed::default();
        let mut kept = Vec::new();
        let findings = std::mem::take(&mut analysis.findings);
        for ((f, fp), verdict) in findings.into_iter().zip(fps).zip(verdicts) {
            if let (Some(k), Some(p)) = (verdict, project) {
                let d = refs[k];
                out.dismissed.push(Dismissed {
                    finding: f,
                    fingerprint: fp,
                    reason: d.reason.clone(),
                    by: (shown(&p.path), d.line),
                });
                continue;
            }
            if let Some(b) = self.baseline {
                if let Some(j) = b.find(path, f.rule, &fp, &self.matched) {
                    self.matched[j] = true;
                    self.known += 1;
                    continue;
                }
            }
            kept.push(f);
            out.fingerprints.push(fp);
        }
        analysis.findings = kept;
        if let Some(b) = self.baseline {
            b.mark_checked(path, &mut self.checked);
        }
        self.dismissed += out.dismissed.len();
        out
    }

    /// The dismissals of an input's configuration that apply to it (with
    /// their index in the file), noting the file.
    fn entries(
        &mut self,
        project: Option<&'a crate::config_file::ProjectConfig>,
        input: Option<&Input>,
    ) -> Vec<(usize, &'a Dismissal)> {
        let (Some(p), Some(input)) = (project, input) else {
            return Vec::new();
        };
        let dir = p.path.parent().unwrap_or(Path::new("."));
        let rel = input.path().map(|f| dismiss::relative(dir, f));
        let config = (self.config_of)(input);
        if !self.tomls.iter().any(|t| t.path == p.path) {
            self.tomls.push(p);
        }
        p.dismissals
            .iter()
            .enumerate()
            .filter(|(_, d)| d.applies_to(rel.as_deref()) && rule_runs(d.rule, &config))
            .collect()
    }

    /// The notes (stale dismissals, reasons to write) and what the baseline
    /// did, once every report is reviewed.
    pub fn finish(self, lang: Lang) -> Review {
        Review {
            notes: notes(&self.tomls, &self.seen, lang),
            baseline: self.baseline.map(|b| BaselineSummary {
                file: b.path.clone(),
                known: self.known,
                gone: b.gone(&self.matched, &self.checked),
            }),
            dismissed_total: self.dismissed,
            ..Review::default()
        }
    }
}

/// A configuration file's path as shown: relative to the working directory
/// when it lies below it (it was found upward from a report, as an absolute
/// path).
fn shown(path: &Path) -> PathBuf {
    std::env::current_dir()
        .ok()
        .and_then(|d| path.strip_prefix(d).ok().map(Path::to_path_buf))
        .unwrap_or_else(|| path.to_path_buf())
}

/// The notes about the configuration files of the run: dismissals that applied
/// to checked files but matched nothing (stale), and reasons still to write.
fn notes(
    tomls: &[&crate::config_file::ProjectConfig],
    seen: &HashMap<PathBuf, Seen>,
    lang: Lang,
) -> Vec<Note> {
    let mut out = Vec::new();
    for p in tomls {
        let Some(s) = seen.get(&p.path) else { continue };
        for (j, d) in p.dismissals.iter().enumerate() {
            let what = match &d.fingerprint {
                Some(fp) => format!("{} {fp}", d.rule),
                None => d.rule.to_string(),
            };
            if s.applied[j] && !s.used[j] {
                out.push(Note {
                    rule: STALE_RULE,
                    path: shown(&p.path),
                    line: d.line,
                    message: tr!(
                        lang,
                        format!("此忽略条目（{what}）已不匹配任何问题，可以删除"),
                        format!("this dismissal ({what}) no longer matches any finding; it can be removed")
                    ),
                });
            } else if s.used[j] && d.reason_unfilled() {
                out.push(Note {
                    rule: REASON_RULE,
                    path: shown(&p.path),
                    line: d.line,
                    message: tr!(
                        lang,
                        format!("此忽略条目（{what}）的理由尚未填写"),
                        format!("the reason of this dismissal ({what}) is still to be written")
                    ),
                });
            }
        }
    }
    out
}

/// `--select` and `--ignore` of the command line; an unknown name is a usage
/// error (with the nearest id or category).
pub fn cli_selection(
    select: Option<&str>,
    ignore: Option<&str>,
    lang: Lang,
) -> Result<Selection, String> {
    let list = |key: &str, s: &str| {
        crate::analysis::select::parse_list(s)
            .map_err(|u| crate::config_file::unknown_selector(key, &u, lang))
    };
    Ok(Selection {
        select: select.map(|s| list("--select", s)).transpose()?,
        ignore: ignore
            .map(|s| list("--ignore", s))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// "已忽略（nianbao.toml:12）：reason"
pub fn dismissed_note(d: &Dismissed, lang: Lang) -> String {
    tr!(
        lang,
        format!("已忽略（{}）：{}", d.source(), d.reason),
        format!("dismissed ({}): {}", d.source(), d.reason)
    )
}

/// The notes as findings of their configuration file, one line each.
pub fn human_notes(review: &Review, quiet: bool, style: Style, out: &mut String) {
    for n in &review.notes {
        let head = format!("{}:{}", n.path.display(), n.line);
        out.push_str(&format!(
            "{}: {} {}\n",
            style.paint("1", &head),
            style.paint("1;36", &format!("info[{}]", n.rule)),
            n.message
        ));
    }
    if !review.notes.is_empty() && !quiet {
        out.push('\n');
    }
}

/// The summary line's end: how many findings were dismissed.
pub fn summary_suffix(review: &Review, shown: bool, lang: Lang) -> String {
    let n = review.dismissed_count();
    if n == 0 {
        return String::new();
    }
    match (shown, lang) {
        (true, _) => tr!(
            lang,
            format!("，已忽略 {n} 个问题（见上）"),
            format!(", {n} dismissed (shown above)")
        ),
        (false, _) => tr!(
            lang,
            format!("，已忽略 {n} 个问题（--show-dismissed 显示）"),
            format!(", {n} dismissed (--show-dismissed shows them)")
        ),
    }
}

/// What the baseline did, for people.
pub fn baseline_line(review: &Review, lang: Lang) -> Option<String> {
    let b = review.baseline.as_ref()?;
    let file = b.file.display();
    Some(if review.wrote_baseline {
        tr!(
            lang,
            format!("已将 {} 个问题写入基线 {file}", b.known),
            format!("Wrote {} finding(s) to the baseline {file}", b.known)
        )
    } else {
        tr!(
            lang,
            format!(
                "基线 {file}：{} 个问题已在基线中（未显示），基线中有 {} 个问题已不再出现",
                b.known, b.gone
            ),
            format!(
                "Baseline {file}: {} finding(s) in the baseline (not shown), {} of its findings gone",
                b.known, b.gone
            )
        )
    })
}

/// The dismissed findings of a file for `--format json --show-dismissed`:
/// diagnostics with their reason and where they were dismissed.
pub fn json_dismissed<'a>(
    dismissed: &'a [Dismissed],
    text: &str,
    analysis: &crate::analysis::Analysis,
    map: Option<&crate::input::PositionMap>,
    lang: Lang,
) -> Vec<render::JsonDiagnostic<'a>> {
    dismissed
        .iter()
        .map(|d| {
            let mut j =
                render::json_diagnostic(text, analysis, map, lang, &d.finding, &d.fingerprint);
            j.reason = Some(&d.reason);
            j.dismissed_by = Some(d.source());
            j
        })
        .collect()
}

/// The notes as JSON files (their configuration file) with info diagnostics.
pub fn json_notes(review: &Review) -> Vec<render::JsonFile<'_>> {
    let mut files: Vec<render::JsonFile> = Vec::new();
    for n in &review.notes {
        let path = n.path.display().to_string();
        let d = render::note_diagnostic(n.rule, n.line, &n.message);
        match files.iter_mut().find(|f| f.path == path) {
            Some(f) => f.diagnostics.push(d),
            None => files.push(render::JsonFile {
                path_bytes: render::path_bytes(&n.path),
                path: path.into(),
                diagnostics: vec![d],
                error: None,
                dismissed: None,
            }),
        }
    }
    files
}

/// The notes as GitHub `::notice` annotations on the configuration file.
pub fn github_notes(review: &Review) -> String {
    use super::github::{escape_data, escape_property};
    review
        .notes
        .iter()
        .map(|n| {
            format!(
                "::notice file={},line={},title={}::{}\n",
                escape_property(&n.path.display().to_string()),
                n.line,
                n.rule,
                escape_data(&n.message)
            )
        })
        .collect()
}
