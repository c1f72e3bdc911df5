//! Across years in the CLI: each report being checked is paired with the same
//! body's report of the year before — another input (given as files or found
//! in a folder), or a file named by `--previous` — by the body and year in
//! their titles, and the rules across years add their findings.

use super::check::{Input, Outcome, read_report};
use crate::analysis::config::{Config, Lang};
use crate::analysis::previous::{Previous, key_of, pair};
use crate::analysis::rules::run_years;
use crate::analysis::{Analysis, analyze};
use crate::input::Limits;
use crate::tr;
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

/// Adds the findings across years to every checked report whose previous
/// year is known. Inputs pair by body and year; a `--previous` report serves
/// a report of the following year that has no previous year among the inputs,
/// whatever the body's name (the user said which report it is).
pub fn compare(
    outcomes: &mut [(String, Outcome)],
    inputs: &[Input],
    config: &(dyn Fn(&Input) -> Config + Sync),
    references: &[Reference],
) {
    let keys: Vec<_> = outcomes
        .iter()
        .map(|(_, o)| match o {
            Outcome::Checked { analysis, .. } => key_of(&analysis.report),
            _ => None,
        })
        .chain(references.iter().map(|r| key_of(&r.analysis.report)))
        .collect();
    let pairs = pair(&keys);
    let n = outcomes.len();
    let mut added = Vec::new();
    for (i, (_, o)) in outcomes.iter().enumerate() {
        let Outcome::Checked { text, analysis, .. } = o else {
            continue;
        };
        let Some((_, year)) = &keys[i] else { continue };
        let previous = match pairs[i] {
            Some(j) if j < n => match &outcomes[j] {
                (name, Outcome::Checked { text, analysis, .. }) => Some(Previous {
                    report: &analysis.report,
                    text,
                    name,
                }),
                _ => None,
            },
            Some(j) => reference(&references[j - n]),
            None => references
                .iter()
                .find(|r| key_of(&r.analysis.report).is_some_and(|(_, y)| y + 1 == *year))
                .and_then(reference),
        };
        let Some(previous) = previous else { continue };
        let findings = run_years(&analysis.report, text, &previous, &config(&inputs[i]));
        if !findings.is_empty() {
            added.push((i, findings));
        }
    }
    for (i, findings) in added {
        if let Outcome::Checked { analysis, .. } = &mut outcomes[i].1 {
            analysis.findings.extend(findings);
            crate::analysis::rules::sort(&mut analysis.findings);
        }
    }
}

fn reference(r: &Reference) -> Option<Previous<'_>> {
    Some(Previous {
        report: &r.analysis.report,
        text: &r.text,
        name: &r.name,
    })
}
