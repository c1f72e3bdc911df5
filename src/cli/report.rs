//! `nianbao report DIR --html out.html [--csv out.csv]`: checks a batch of
//! reports like `nianbao check` and writes one self-contained HTML page for
//! assessors (see `report_html.rs`) and/or the table of reports as CSV (see
//! `report_csv.rs`). Exit code: 0 when the outputs were written (whatever they
//! found), 2 when one could not be written or an input could not be read (the
//! outputs are still written and list the unreadable files).

use super::ReportArgs;
use super::batch::Batch;
use super::check::{
    Input, clobber_message, collect, configure, file_problem, limits_of, read_paths, run_language,
};
use super::render::clean;
use super::report_csv::CsvWriter;
use super::report_html::{self, PageWriter};
use super::review::Reviewer;
use super::stats::Statistics;
use super::write::{NewFile, clobbered_input, same_file};
use crate::analysis::config::{Config, Lang};
use crate::io_message::describe;
use crate::tr;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};

pub fn run(args: &ReportArgs) -> i32 {
    let lang = run_language(args.lang, args.config.as_deref());
    let mut collected = collect(&args.paths, lang);
    let all_inputs = collected.inputs.clone();
    let Some(configs) = configure(&mut collected, &args.paths, args.config.as_deref(), lang) else {
        return 2;
    };
    let error_prefix = tr!(lang, "nianbao 错误", "nianbao error");
    // The page of an earlier run inside a checked folder is replaced, and not
    // checked; any other file the run reads is never overwritten.
    let html_out = args.html.as_deref();
    let replaceable = html_out.is_some_and(is_nianbao_page);
    let is_page = |p: &Path| replaceable && html_out.is_some_and(|h| same_file(p, h));
    collected.inputs.retain(|i| !i.path().is_some_and(&is_page));
    let read = read_paths(&all_inputs, &[], &configs, args.config.as_deref());
    for (option, out) in [("--html", &args.html), ("--csv", &args.csv)] {
        let Some(out) = out else { continue };
        let read = read.iter().map(PathBuf::as_path).filter(|p| !is_page(p));
        if let Some(input) = clobbered_input(out, read) {
            let _ = writeln!(
                std::io::stderr().lock(),
                "{error_prefix}: {}",
                clean(&clobber_message(lang, option, out, input))
            );
            return 2;
        }
    }
    let selection =
        match super::review::cli_selection(args.select.as_deref(), args.ignore.as_deref(), lang) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "{}: {e}",
                    tr!(lang, "nianbao 错误", "nianbao error")
                );
                return 2;
            }
        };
    let inputs = &collected.inputs;
    let base = Config::with_lang(lang);
    let config_of =
        |i: &Input| configs.config_with(i.path(), &base, args.lang.is_some(), &selection);
    let limits = limits_of(&configs, &args.limits);
    let batch = Batch {
        inputs,
        config: &config_of,
        limits: &limits,
        lang,
        do_fix: false,
        quiet: args.quiet,
        references: &[],
        spared: &|_| Vec::new(),
    };
    let mut reviewer = Reviewer::new(&configs, &config_of, None);
    let mut st = Statistics::default();
    let mut problems = collected.problems.clone();
    let mut page = Output::open(args.html.as_deref(), |f| {
        PageWriter::start(f, &collected.problems, lang)
    });
    let mut csv = Output::open(args.csv.as_deref(), |f| Ok((f, CsvWriter::new(lang)?)));
    let mut file_problems = Vec::new();
    // Each report is reviewed, counted and written to the page and the
    // table as it is done, then dropped.
    super::batch::run(&batch, &mut |i, path, mut o| {
        let r = reviewer.review(inputs.get(i), &mut o);
        st.add(&path, &o);
        file_problems.extend(file_problem(&path, &o));
        page.write(|p| p.report(&path, &o, &r.fingerprints, &r.dismissed));
        csv.write(|(_, c)| c.report(&path, &o));
    });
    st.finish();
    problems.extend(file_problems);
    let review = reviewer.finish(lang);
    let mut written = Vec::new();
    let dismissed = review.dismissed_count();
    page.close(
        |p| p.finish(&st, &review.notes, dismissed),
        lang,
        &mut written,
        &mut problems,
    );
    csv.close(|(f, c)| c.finish(f), lang, &mut written, &mut problems);
    let mut err = std::io::stderr().lock();
    for p in &problems {
        let _ = writeln!(err, "{error_prefix}: {}", clean(p));
    }
    if !written.is_empty() && !args.quiet {
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            clean(&closing_line(&written, &st, lang))
        );
    }
    if problems.is_empty() { 0 } else { 2 }
}

/// An output of the run (`--html`, `--csv`) written as the batch streams:
/// its writer over a temporary file that replaces the file when whole, or
/// the first error met.
struct Output<'p, T> {
    path: Option<&'p Path>,
    state: Option<std::io::Result<T>>,
}

impl<'p, T> Output<'p, T> {
    fn open(path: Option<&'p Path>, start: impl FnOnce(NewFile) -> std::io::Result<T>) -> Self {
        let state = path.map(|p| NewFile::create(p).and_then(start));
        Output { path, state }
    }

    /// Writes with the writer, unless an error was met.
    fn write(&mut self, f: impl FnOnce(&mut T) -> std::io::Result<()>) {
        if let Some(Ok(w)) = &mut self.state {
            if let Err(e) = f(w) {
                self.state = Some(Err(e));
            }
        }
    }

    /// Ends the output (`finish` gives back the file) and replaces the file,
    /// or says why it could not be written.
    fn close(
        self,
        finish: impl FnOnce(T) -> std::io::Result<NewFile>,
        lang: Lang,
        written: &mut Vec<String>,
        problems: &mut Vec<String>,
    ) {
        let (Some(path), Some(state)) = (self.path, self.state) else {
            return;
        };
        match state.and_then(finish).and_then(NewFile::persist) {
            Ok(()) => written.push(path.display().to_string()),
            Err(e) => problems.push(tr!(
                lang,
                format!("{}: 无法写入：{}", path.display(), describe(&e, lang)),
                format!("{}: cannot write: {e}", path.display())
            )),
        }
    }
}

/// "已写入 评估结果.html、评估结果.csv：共检查 13 份报告：7 份有错误，3 份仅有
/// 警告，3 份通过".
fn closing_line(written: &[String], st: &Statistics, lang: Lang) -> String {
    tr!(
        lang,
        format!(
            "已写入 {}：共检查 {} 份报告：{} 份有错误，{} 份仅有警告，{} 份通过",
            written.join("、"),
            st.reports,
            st.reports_with_errors,
            st.reports_with_only_warnings,
            st.reports_passed()
        ),
        format!(
            "Wrote {}: {} reports checked: {} with errors, {} with warnings only, {} passed",
            written.join(", "),
            st.reports,
            st.reports_with_errors,
            st.reports_with_only_warnings,
            st.reports_passed()
        )
    )
}

/// Whether `path` is a page an earlier `nianbao report` wrote (its generator
/// tag near the top), which a new run may replace.
fn is_nianbao_page(path: &Path) -> bool {
    let mut head = [0u8; 1024];
    let Ok(mut f) = std::fs::File::open(path) else {
        return false;
    };
    let n = f.read(&mut head).unwrap_or(0);
    memchr::memmem::find(&head[..n], report_html::GENERATOR_TAG.as_bytes()).is_some()
}
