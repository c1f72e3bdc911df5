//! The batch pipeline of `nianbao check` and `nianbao report`: the inputs are
//! checked in parallel a window at a time, their findings across years added
//! (the pairs planned from the titles, `years::Plan`), and handed in input
//! order to one sink, which writes or folds each report and drops it. At most
//! two windows are alive at once, so memory does not grow with the number of
//! inputs.
//!
//! Everything runs on rayon's workers, one per core, and nothing else: the
//! sink's work on the last window is one more task beside the checks of the
//! next (as are the pairs beside the first window). A third busy thread (the
//! sink on the main thread, as before) made the kernel put two threads on
//! one core while the other idled.
//!
//! A report whose previous year is another input gets that input's analysis
//! from its own window when it is there (files of one body usually lie side
//! by side), else by reading and analysing it again: cheaper than keeping
//! every report until its partner comes, and bounded.

use super::check::{Fixing, Input, Outcome, Spared, StdinBytes, check_one, read_text_of};
use super::progress;
use super::years::{Partner, Plan, Reference, add_findings, findings_with};
use crate::analysis::config::{Config, Lang};
use crate::analysis::model::Report;
use crate::analysis::syntax::parse;
use crate::input::Limits;
use rayon::prelude::*;

/// Inputs checked per window (`NIANBAO_BATCH_WINDOW` overrides it, for tests).
const WINDOW: usize = 256;

fn window_size() -> usize {
    std::env::var("NIANBAO_BATCH_WINDOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|&n: &usize| n > 0)
        .unwrap_or(WINDOW)
}

/// What a batch checks and how.
pub struct Batch<'a> {
    pub inputs: &'a [Input],
    pub config: &'a (dyn Fn(&Input) -> Config + Sync),
    pub limits: &'a (dyn Fn(&Input) -> Limits + Sync),
    pub lang: Lang,
    pub do_fix: bool,
    /// No progress bar.
    pub quiet: bool,
    pub references: &'a [Reference],
    pub spared: Spared<'a>,
}

/// What a batch hands on: each input's outcome, in input order (its index,
/// displayed path and outcome). It runs on a worker thread.
pub type Sink<'s> = dyn FnMut(usize, String, Outcome) + Send + 's;

/// Checks every input and calls `sink` with each outcome in input order.
pub fn run(batch: &Batch, sink: &mut Sink) {
    let stdin = &StdinBytes::read_if_needed(batch.inputs, batch.limits);
    let text_of = |i: &Input| read_text_of(i, &(batch.limits)(i), stdin);
    let mut keys = Some(Plan::keys(batch.inputs, batch.references, &text_of));
    let bar = &progress::bar(batch.inputs.len(), batch.quiet, batch.lang);
    let size = window_size();
    let mut plan = None;
    let mut last: Option<(usize, Vec<(String, Outcome)>)> = None;
    for start in (0..batch.inputs.len()).step_by(size) {
        let range = start..(start + size).min(batch.inputs.len());
        // The sink first: on one core, the last window is freed before the
        // next is made.
        let ((), mut window) = rayon::join(
            || {
                deliver(sink, last.take());
                if let Some(keys) = keys.take() {
                    plan = Some(Plan::new(keys, batch.inputs.len()));
                }
            },
            || check_window(batch, stdin, range.clone(), bar),
        );
        // Planned in the first window's join.
        if let Some(plan) = &plan {
            add_years(batch, plan, stdin, range, &mut window);
        }
        last = Some((start, window));
    }
    deliver(sink, last);
    bar.finish_and_clear();
}

/// Hands a checked window to the sink.
fn deliver(sink: &mut Sink, window: Option<(usize, Vec<(String, Outcome)>)>) {
    let Some((start, window)) = window else {
        return;
    };
    for (k, (path, outcome)) in window.into_iter().enumerate() {
        sink(start + k, path, outcome);
    }
}

/// Checks the inputs of one window in parallel.
fn check_window(
    batch: &Batch,
    stdin: &StdinBytes,
    range: std::ops::Range<usize>,
    bar: &indicatif::ProgressBar,
) -> Vec<(String, Outcome)> {
    batch.inputs[range]
        .par_iter()
        .map(|i| {
            let dismissed = if batch.do_fix {
                (batch.spared)(i)
            } else {
                Vec::new()
            };
            let config = (batch.config)(i);
            let fixing = Fixing {
                do_fix: batch.do_fix,
                write: true,
            };
            let o = check_one(i, (&config, &(batch.limits)(i)), fixing, &dismissed, stdin);
            bar.inc(1);
            (i.display(), o)
        })
        .collect()
}

/// Adds the findings across years to the outcomes of a window, in parallel.
fn add_years(
    batch: &Batch,
    plan: &Plan,
    stdin: &StdinBytes,
    range: std::ops::Range<usize>,
    outcomes: &mut [(String, Outcome)],
) {
    let years: Vec<_> = (range.clone())
        .into_par_iter()
        .map(|i| {
            let outcome = &outcomes[i - range.start].1;
            let config = (batch.config)(&batch.inputs[i]);
            match plan.partner(i, batch.references) {
                Partner::None => Vec::new(),
                Partner::Reference(r) => findings_with(
                    outcome,
                    Some((&r.text, &r.analysis.report, &r.name)),
                    &config,
                ),
                Partner::Input(j) if range.contains(&j) => {
                    let (name, o) = &outcomes[j - range.start];
                    match o {
                        Outcome::Checked { text, analysis, .. } => findings_with(
                            outcome,
                            Some((text.as_str(), &*analysis.report, name.as_str())),
                            &config,
                        ),
                        _ => Vec::new(),
                    }
                }
                Partner::Input(j) => {
                    let later = j >= range.end;
                    match reread(batch, j, later, stdin) {
                        Some((text, report)) => findings_with(
                            outcome,
                            Some((&text, &report, &batch.inputs[j].display())),
                            &config,
                        ),
                        None => Vec::new(),
                    }
                }
            }
        })
        .collect();
    for ((_, o), found) in outcomes.iter_mut().zip(years) {
        add_findings(o, found);
    }
}

/// Input `j`'s text and model as its check gives them, read again (parsed:
/// the rules across years read only the model). With `--fix`, an input
/// checked `later` than now is checked and fixed in memory (one checked
/// before was written back already).
fn reread(batch: &Batch, j: usize, later: bool, stdin: &StdinBytes) -> Option<(String, Report)> {
    let input = &batch.inputs[j];
    let limits = (batch.limits)(input);
    if !(batch.do_fix && later) {
        let text = read_text_of(input, &limits, stdin)?;
        let report = parse(&text);
        // A walked file that is no report is not checked (it has no title
        // then, and no key: never a partner).
        return Some((text, report));
    }
    let config = (batch.config)(input);
    let fixing = Fixing {
        do_fix: true,
        write: false,
    };
    let dismissed = (batch.spared)(input);
    match check_one(input, (&config, &limits), fixing, &dismissed, stdin) {
        Outcome::Checked { text, analysis, .. } => {
            let report = std::sync::Arc::unwrap_or_clone(analysis.report);
            Some((text, report))
        }
        _ => None,
    }
}
