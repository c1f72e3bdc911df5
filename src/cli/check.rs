//! `nianbao check`: collect the inputs, check them in parallel, print, and
//! (with `--fix`) write the fixed files back.

use super::render::{self, Counts, Style};
use super::write::{WriteError, write_atomic};
use super::{CheckArgs, ColorChoice, OutputFormat};
use crate::analysis::config::{Config, Lang};
use crate::analysis::finding::Severity;
use crate::analysis::{Analysis, analyze, fix, looks_like_report};
use crate::input::{self, InputError, Kind, PositionMap, decode};
use crate::tr;
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};

/// One thing to check.
#[derive(Clone, Debug)]
enum Input {
    Stdin,
    /// A file; `explicit` when named on the command line (checked even if it
    /// does not look like a report).
    File {
        path: PathBuf,
        explicit: bool,
    },
}

impl Input {
    fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }

    fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File { path, .. } => Some(path),
        }
    }

    /// Found by walking a directory (skipped when it is not a report).
    fn walked(&self) -> bool {
        matches!(
            self,
            Input::File {
                explicit: false,
                ..
            }
        )
    }
}

/// What checking one input gave.
enum Outcome {
    Checked {
        text: String,
        /// For documents (.docx, .html): where each part of `text` came from.
        map: Option<PositionMap>,
        analysis: Box<Analysis>,
        /// Edits applied by --fix.
        fixed: usize,
        /// Why --fix wrote nothing (a write error, or a document it does not
        /// rewrite).
        fix_problem: Option<String>,
    },
    /// Not a report (only when found by walking a directory).
    Skipped,
    Failed(String),
}

fn is_report_file(p: &Path) -> bool {
    Kind::from_path(p).is_some()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.filter_map(Result::ok).collect();
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let p = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        // `~$报告.docx` is the lock file Word keeps beside an open document.
        if name.starts_with('.')
            || name.starts_with("~$")
            || name == "node_modules"
            || name == "target"
        {
            continue;
        }
        let ft = match e.file_type() {
            Ok(t) => t,
            Err(_) => continue,
        };
        if ft.is_dir() {
            walk(&p, out)?;
        } else if is_report_file(&p) {
            out.push(p);
        }
    }
    Ok(())
}

fn read_input(input: &Input) -> Result<Vec<u8>, std::io::Error> {
    match input {
        Input::Stdin => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            Ok(buf)
        }
        Input::File { path, .. } => std::fs::read(path),
    }
}

/// Why `--fix` leaves a document alone.
fn not_fixable(lang: Lang, kind: Kind) -> String {
    match kind {
        Kind::Docx => tr!(
            lang,
            "未修复：--fix 不改写 Word 文档（.docx），请按提示在 Word/WPS 中修改".to_string(),
            "not fixed: --fix does not rewrite Word documents (.docx); make the changes in Word/WPS"
                .to_string()
        ),
        _ => tr!(
            lang,
            "未修复：--fix 不改写网页（.html），请按提示修改报告的原稿".to_string(),
            "not fixed: --fix does not rewrite web pages (.html); make the changes in the report's source"
                .to_string()
        ),
    }
}

/// The report text of an input, and for documents its position map.
fn read_text(
    input: &Input,
    bytes: &[u8],
) -> Result<(String, Option<PositionMap>, Option<decode::Encoding>, Kind), InputError> {
    let kind = Kind::detect(input.path(), bytes);
    match kind {
        Kind::Text => {
            let d = decode::decode(bytes)?;
            Ok((d.text, None, Some(d.encoding), kind))
        }
        Kind::Docx => {
            let d = input::docx::convert(bytes)?;
            Ok((d.text, Some(d.map), None, kind))
        }
        Kind::Html => {
            let d = input::html::convert(bytes)?;
            Ok((d.text, Some(d.map), None, kind))
        }
    }
}

/// Applies fix-all until nothing changes (bounded); returns the text and the
/// number of edits applied.
pub fn fix_text(text: &str, config: &Config) -> (String, usize, Analysis) {
    let mut current = text.to_string();
    let mut total = 0;
    let mut analysis = analyze(&current, config);
    for _ in 0..8 {
        let edits = fix::fix_all(&analysis.report, &analysis.findings);
        if edits.is_empty() {
            break;
        }
        let (next, n) = fix::apply(&current, &edits);
        if n == 0 || next == current {
            break;
        }
        total += n;
        current = next;
        analysis = analyze(&current, config);
    }
    (current, total, analysis)
}

fn check_one(input: &Input, config: &Config, do_fix: bool) -> Outcome {
    let lang = config.lang;
    let bytes = match read_input(input) {
        Ok(b) => b,
        Err(e) => {
            return Outcome::Failed(tr!(
                lang,
                format!("无法读取：{e}"),
                format!("cannot read: {e}")
            ));
        }
    };
    let (text, map, encoding, kind) = match read_text(input, &bytes) {
        Ok(x) => x,
        Err(e) => return Outcome::Failed(e.message(lang)),
    };
    let first = analyze(&text, config);
    if input.walked() && !looks_like_report(&first.report) {
        return Outcome::Skipped;
    }
    let unchanged = |text, map, first, fix_problem| Outcome::Checked {
        text,
        map,
        analysis: Box::new(first),
        fixed: 0,
        fix_problem,
    };
    if !do_fix {
        return unchanged(text, map, first, None);
    }
    let Some(encoding) = encoding.filter(|_| kind.fixable()) else {
        return unchanged(text, map, first, Some(not_fixable(lang, kind)));
    };
    let (fixed_text, fixed, analysis) = fix_text(&text, config);
    if fixed > 0 {
        if let Input::File { path, .. } = input {
            let out = decode::encode(&fixed_text, encoding);
            if let Err(e) = write_atomic(path, &bytes, &out) {
                // Nothing was written: report the findings of the file as it is.
                let problem = match e {
                    WriteError::Changed => tr!(
                        lang,
                        "文件在检查期间被修改，未写入修复".to_string(),
                        "the file changed while it was being checked; fixes not written"
                            .to_string()
                    ),
                    WriteError::Io(e) => tr!(
                        lang,
                        format!("无法写入修复：{e}"),
                        format!("cannot write the fixes: {e}")
                    ),
                };
                return unchanged(text, map, first, Some(problem));
            }
        }
    }
    Outcome::Checked {
        text: fixed_text,
        map,
        analysis: Box::new(analysis),
        fixed,
        fix_problem: None,
    }
}

pub fn run(args: &CheckArgs) -> i32 {
    let lang = args.lang;
    let config = Config::with_lang(lang);
    let stdout_tty = std::io::stdout().is_terminal();
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            stdout_tty
                && std::env::var_os("NO_COLOR").is_none()
                && args.format == OutputFormat::Human
        }
    };
    let style = Style { color };
    let mut problems: Vec<String> = Vec::new();

    // Collect the inputs.
    let mut inputs: Vec<Input> = Vec::new();
    for p in &args.paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                if let Err(e) = walk(p, &mut found) {
                    problems.push(tr!(
                        lang,
                        format!("{}: 无法读取目录：{e}", p.display()),
                        format!("{}: cannot read the directory: {e}", p.display())
                    ));
                }
                if found.is_empty() {
                    problems.push(tr!(
                        lang,
                        format!(
                            "{}: 目录中没有报告文件（.txt、.md、.markdown、.docx、.html）",
                            p.display()
                        ),
                        format!(
                            "{}: no report files (.txt, .md, .markdown, .docx, .html) in the directory",
                            p.display()
                        )
                    ));
                }
                inputs.extend(found.into_iter().map(|path| Input::File {
                    path,
                    explicit: false,
                }));
            }
            Ok(_) => inputs.push(Input::File {
                path: p.clone(),
                explicit: true,
            }),
            Err(e) => problems.push(tr!(
                lang,
                format!("{}: 无法读取：{e}", p.display()),
                format!("{}: cannot read: {e}", p.display())
            )),
        }
    }

    let outcomes: Vec<(String, Outcome)> = inputs
        .par_iter()
        .map(|i| (i.display(), check_one(i, &config, args.fix)))
        .collect();

    let mut counts = Counts::default();
    let mut checked = 0;
    let mut skipped = 0;
    let mut stdout_text = String::new();
    let mut json_files = Vec::new();
    let mut fixed_stdin: Option<String> = None;
    for (path, outcome) in &outcomes {
        match outcome {
            Outcome::Skipped => skipped += 1,
            Outcome::Failed(msg) => {
                problems.push(format!("{path}: {msg}"));
                if args.format == OutputFormat::Json {
                    json_files.push(render::JsonFile {
                        path: path.clone(),
                        diagnostics: Vec::new(),
                        error: Some(msg.clone()),
                    });
                }
            }
            Outcome::Checked {
                text,
                map,
                analysis,
                fixed,
                fix_problem,
            } => {
                checked += 1;
                counts.add(&analysis.findings);
                if let Some(e) = fix_problem {
                    problems.push(format!("{path}: {e}"));
                }
                if args.fix && path == "<stdin>" && map.is_none() {
                    fixed_stdin = Some(text.clone());
                }
                match args.format {
                    OutputFormat::Human => {
                        render::human(
                            path,
                            text,
                            analysis,
                            map.as_ref(),
                            lang,
                            style,
                            &mut stdout_text,
                        );
                        if args.fix && *fixed > 0 && path != "<stdin>" {
                            stdout_text.push_str(&tr!(
                                lang,
                                format!(
                                    "{path}: 已修复 {fixed} 处，剩余 {} 个问题\n\n",
                                    analysis.findings.len()
                                ),
                                format!(
                                    "{path}: fixed {fixed} place(s), {} finding(s) left\n\n",
                                    analysis.findings.len()
                                )
                            ));
                        }
                    }
                    OutputFormat::Json => {
                        json_files.push(render::json_file(path, text, analysis, map.as_ref(), lang))
                    }
                }
            }
        }
    }

    let mut out = std::io::stdout().lock();
    let mut err = std::io::stderr().lock();
    // With --fix on stdin the fixed text goes to stdout; the report to stderr.
    let report_to_stderr = fixed_stdin.is_some();
    match args.format {
        OutputFormat::Human => {
            let mut s = stdout_text;
            s.push_str(&render::summary(lang, checked, counts, style));
            if skipped > 0 {
                s.push_str(&tr!(
                    lang,
                    format!("，跳过 {skipped} 个非报告文件"),
                    format!(", {skipped} non-report file(s) skipped")
                ));
            }
            s.push('\n');
            if report_to_stderr {
                let _ = err.write_all(s.as_bytes());
            } else {
                let _ = out.write_all(s.as_bytes());
            }
        }
        OutputFormat::Json => {
            let doc = render::JsonOutput {
                version: 1,
                files: json_files,
            };
            let s = serde_json::to_string(&doc)
                .unwrap_or_else(|_| "{\"version\":1,\"files\":[]}".to_string());
            if report_to_stderr {
                let _ = writeln!(err, "{s}");
            } else {
                let _ = writeln!(out, "{s}");
            }
        }
    }
    if let Some(t) = fixed_stdin {
        let _ = out.write_all(t.as_bytes());
    }
    for p in &problems {
        let _ = writeln!(err, "{}: {p}", tr!(lang, "nianbao 错误", "nianbao error"));
    }
    let _ = out.flush();
    if !problems.is_empty() {
        2
    } else if outcomes.iter().any(|(_, o)| matches!(o, Outcome::Checked { analysis, .. } if analysis.findings.iter().any(|f| f.severity == Severity::Error))) {
        1
    } else {
        0
    }
}
