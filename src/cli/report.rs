//! `nianbao report DIR --html out.html [--csv out.csv]`: checks a batch of
//! reports like `nianbao check` and writes one self-contained HTML page for
//! assessors (see `report_html.rs`) and/or the table of reports as CSV (see
//! `report_csv.rs`). Exit code: 0 when the outputs were written (whatever they
//! found), 2 when one could not be written or an input could not be read (the
//! outputs are still written and list the unreadable files).

use super::check::{
    Input, check_all, clobber_message, collect, configure, file_problems, limits_of, read_paths,
    run_language,
};
use super::render::clean;
use super::stats::Statistics;
use super::write::{clobbered_input, same_file, write_new_with};
use super::{ReportArgs, report_csv, report_html};
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
    let mut outcomes = check_all(
        inputs,
        &config_of,
        &limits,
        lang,
        false,
        args.quiet,
        &[],
        &|_| Vec::new(),
    );
    let review = super::review::apply(&mut outcomes, inputs, &configs, &config_of, None, lang);
    let st = Statistics::from_outcomes(&outcomes);
    let mut problems = collected.problems.clone();
    problems.extend(file_problems(&outcomes));
    let mut written = Vec::new();
    if let Some(path) = &args.html {
        let page = |w: &mut dyn Write| {
            report_html::write_reviewed(w, &outcomes, &collected.problems, &st, lang, &review)
                .map(drop)
        };
        write_output(path, page, lang, &mut written, &mut problems);
    }
    if let Some(path) = &args.csv {
        let csv = |w: &mut dyn Write| report_csv::write(w, &outcomes, lang).map(drop);
        write_output(path, csv, lang, &mut written, &mut problems);
    }
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

fn write_output(
    path: &Path,
    content: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    lang: Lang,
    written: &mut Vec<String>,
    problems: &mut Vec<String>,
) {
    match write_new_with(path, content) {
        Ok(()) => written.push(path.display().to_string()),
        Err(e) => problems.push(tr!(
            lang,
            format!("{}: 无法写入：{}", path.display(), describe(&e, lang)),
            format!("{}: cannot write: {e}", path.display())
        )),
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
