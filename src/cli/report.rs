//! `nianbao report DIR --html out.html`: checks a batch of reports like
//! `nianbao check` and writes one self-contained HTML page for assessors
//! (see `report_html.rs`). Exit code: 0 when the page was written (whatever it
//! found), 2 when it could not be written or an input could not be read (the
//! page is still written and lists the unreadable files).

use super::check::{
    Input, check_all, clobber_message, collect, configure, file_problems, limits_of, read_paths,
    run_language,
};
use super::render::clean;
use super::stats::Statistics;
use super::write::{clobbered_input, same_file, write_new};
use super::{ReportArgs, report_html};
use crate::analysis::config::Config;
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
    // The page of an earlier run inside a checked folder is replaced, and not
    // checked; any other file the run reads is never overwritten.
    let replaceable = is_nianbao_page(&args.html);
    let is_page = |p: &Path| replaceable && same_file(p, &args.html);
    collected.inputs.retain(|i| !i.path().is_some_and(&is_page));
    let read = read_paths(&all_inputs, &[], &configs, args.config.as_deref());
    let read = read.iter().map(PathBuf::as_path).filter(|p| !is_page(p));
    if let Some(input) = clobbered_input(&args.html, read) {
        let _ = writeln!(
            std::io::stderr().lock(),
            "{}: {}",
            tr!(lang, "nianbao 错误", "nianbao error"),
            clean(&clobber_message(lang, "--html", &args.html, input))
        );
        return 2;
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
    let html = report_html::render_reviewed(&outcomes, &collected.problems, &st, lang, &review);
    let mut problems = collected.problems.clone();
    problems.extend(file_problems(&outcomes));
    let mut err = std::io::stderr().lock();
    let error_prefix = tr!(lang, "nianbao 错误", "nianbao error");
    let written = match write_new(&args.html, html.as_bytes()) {
        Ok(()) => true,
        Err(e) => {
            problems.push(tr!(
                lang,
                format!("{}: 无法写入 HTML 报告：{e}", args.html.display()),
                format!("{}: cannot write the HTML report: {e}", args.html.display())
            ));
            false
        }
    };
    for p in &problems {
        let _ = writeln!(err, "{error_prefix}: {}", clean(p));
    }
    if written && !args.quiet {
        let _ = writeln!(
            std::io::stdout(),
            "{}",
            tr!(
                lang,
                format!(
                    "已写入 {}：共检查 {} 份报告，{} 份有错误，{} 份通过",
                    clean(&args.html.display().to_string()),
                    st.reports,
                    st.reports_with_errors,
                    st.reports_passed()
                ),
                format!(
                    "Wrote {}: {} reports checked, {} with errors, {} passed",
                    clean(&args.html.display().to_string()),
                    st.reports,
                    st.reports_with_errors,
                    st.reports_passed()
                )
            )
        );
    }
    if problems.is_empty() { 0 } else { 2 }
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
