//! `nianbao check`: collect the inputs, check them in parallel, print, and
//! (with `--fix`) write the fixed files back.

use super::baseline::Baseline;
use super::batch::Batch;
use super::github::Github;
use super::junit::Junit;
use super::outputs::{End, Format, Human, Item, Json};
use super::render::{self, Style};
use super::review;
use super::sarif::Sarif;
use super::stats::Statistics;
use super::write::{NewFile, WriteError, clobbered_input, write_atomic, write_new};
use super::years::{Reference, load_reference};
use super::{CheckArgs, CheckFormat, ColorChoice, Deny};
use crate::analysis::config::{Config, Lang};
use crate::analysis::{Analysis, analyze, fix, looks_like_report};
use crate::config_file::{Configs, ProjectConfig};
use crate::dismiss::Dismissal;
use crate::files::{self, ReadError};
use crate::input::{self, InputError, Kind, Limits, PositionMap, decode};
use crate::io_message::describe;
use crate::tr;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// One thing to check.
#[derive(Clone, Debug)]
pub enum Input {
    Stdin,
    /// A file; `explicit` when named on the command line (checked even if it
    /// does not look like a report).
    File {
        path: PathBuf,
        explicit: bool,
    },
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::File { path, .. } => path.display().to_string(),
        }
    }

    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File { path, .. } => Some(path),
        }
    }

    /// Found by walking a directory (skipped when it is not a report).
    pub fn walked(&self) -> bool {
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
pub enum Outcome {
    Checked {
        text: String,
        /// For documents (.docx, .html, .pdf): where each part of `text` came from.
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

/// The report files under `dir`, in file-name order, walked as ripgrep and
/// ruff walk a project (the `ignore` crate): `.gitignore`, `.ignore` and
/// `.git/info/exclude` are respected (also outside a git repository: a folder
/// of reports with a `.gitignore` means it), hidden files and folders are
/// skipped, and so are Word's lock files (`~$报告.docx`), `node_modules` and
/// `target`. `dir` itself is always walked, whatever its name. Counts in
/// `special` the report-named files that are not regular files (FIFOs,
/// sockets, devices), which are skipped: opening a FIFO would block the run.
/// The walk goes on past an unreadable entry; the first such error is returned.
pub(super) fn walk(dir: &Path, out: &mut Vec<PathBuf>, special: &mut usize) -> std::io::Result<()> {
    let walker = ignore::WalkBuilder::new(dir)
        .require_git(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            e.depth() == 0
                || !(name.starts_with("~$") || name == "node_modules" || name == "target")
        })
        .build();
    let mut first_error = None;
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                first_error.get_or_insert_with(|| match e.into_io_error() {
                    Some(io) => io,
                    None => std::io::Error::other("cannot walk the folder"),
                });
                continue;
            }
        };
        let Some(ft) = e.file_type() else { continue };
        if ft.is_dir() || !is_report_file(e.path()) {
            continue;
        }
        // Through a symbolic link: what it points to (a dangling one is kept,
        // to be reported as unreadable).
        let is_special = if ft.is_symlink() {
            std::fs::metadata(e.path())
                .ok()
                .is_some_and(|m| files::is_special(&m))
        } else {
            !ft.is_file()
        };
        if is_special {
            *special += 1;
        } else {
            out.push(e.into_path());
        }
    }
    first_error.map_or(Ok(()), Err)
}

/// The bytes of an input, within the limits; a walked file only if regular.
fn read_input(input: &Input, limits: &Limits) -> Result<Vec<u8>, ReadError> {
    match input {
        Input::Stdin => files::read_stdin(limits),
        Input::File { path, explicit } => files::read_file(path, limits, !explicit),
    }
}

/// Standard input, read once before a batch when it is one of the inputs (a
/// batch reads each input twice: for its title, then to check it).
pub struct StdinBytes(Option<Result<Vec<u8>, ReadError>>);

impl StdinBytes {
    pub fn read_if_needed(inputs: &[Input], limits: &(dyn Fn(&Input) -> Limits + Sync)) -> Self {
        let stdin = inputs.iter().any(|i| matches!(i, Input::Stdin));
        StdinBytes(stdin.then(|| files::read_stdin(&limits(&Input::Stdin))))
    }
}

/// The bytes of an input (standard input as read before), or the message of
/// why it cannot be read.
fn input_bytes<'a>(
    input: &Input,
    limits: &Limits,
    stdin: &'a StdinBytes,
    lang: Lang,
) -> Result<std::borrow::Cow<'a, [u8]>, String> {
    match (input, &stdin.0) {
        (Input::Stdin, Some(Ok(b))) => Ok(std::borrow::Cow::Borrowed(b)),
        (Input::Stdin, Some(Err(e))) => Err(e.message(lang)),
        _ => read_input(input, limits)
            .map(std::borrow::Cow::Owned)
            .map_err(|e| e.message(lang)),
    }
}

/// The report text of an input as it would be checked, or `None` when it
/// cannot be read (the planning pass of a batch).
pub fn read_text_of(input: &Input, limits: &Limits, stdin: &StdinBytes) -> Option<String> {
    let bytes = input_bytes(input, limits, stdin, Lang::En).ok()?;
    read_text(input, &bytes, limits).ok().map(|(text, ..)| text)
}

/// "无法读取：找不到该文件或目录（os error 2：…）".
pub fn cannot_read(e: &std::io::Error, lang: Lang) -> String {
    tr!(
        lang,
        format!("无法读取：{}", describe(e, lang)),
        format!("cannot read: {e}")
    )
}

/// Why `--fix` leaves a document alone (a web page or a PDF).
fn not_fixable(lang: Lang, kind: Kind) -> String {
    match kind {
        Kind::Pdf => tr!(
            lang,
            "未修复：--fix 不改写 PDF，请按提示修改报告的原稿（Word/WPS）后重新导出".to_string(),
            "not fixed: --fix does not rewrite PDFs; make the changes in the report's source (Word/WPS) and export it again"
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
    limits: &Limits,
) -> Result<(String, Option<PositionMap>, Option<decode::Encoding>, Kind), InputError> {
    let kind = Kind::detect(input.path(), bytes);
    match kind {
        Kind::Text => {
            let d = input::decode_text(bytes, limits)?;
            Ok((d.text, None, Some(d.encoding), kind))
        }
        Kind::Docx => {
            let d = input::docx::convert(bytes, limits)?;
            Ok((d.text, Some(d.map), None, kind))
        }
        Kind::Html => {
            let d = input::html::convert(bytes, limits)?;
            Ok((d.text, Some(d.map), None, kind))
        }
        Kind::Pdf => {
            let d = input::pdf::convert(bytes, limits)?;
            Ok((d.text, Some(d.map), None, kind))
        }
    }
}

/// The report text of a file (decoded, or converted from a document), for a
/// file that is only read, not checked (`--previous`).
pub fn read_report(input: &Input, lang: Lang, limits: &Limits) -> Result<String, String> {
    let bytes = read_input(input, limits).map_err(|e| e.message(lang))?;
    read_text(input, &bytes, limits)
        .map(|(text, ..)| text)
        .map_err(|e| e.message(lang))
}

/// Applies fix-all until nothing changes (bounded); returns the text and the
/// number of edits applied.
pub fn fix_text(text: &str, config: &Config) -> (String, usize, Analysis) {
    fix_text_sparing(text, config, &[])
}

/// [`fix_text`], leaving alone the findings the reviewers' dismissals name.
pub fn fix_text_sparing(
    text: &str,
    config: &Config,
    spared: &[&Dismissal],
) -> (String, usize, Analysis) {
    let mut current = text.to_string();
    let mut total = 0;
    let mut analysis = analyze(&current, config);
    for _ in 0..8 {
        let edits = crate::dismiss::fix_edits(&analysis, &current, spared);
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

/// The dismissals of an input's nianbao.toml that `--fix` must respect.
pub type Spared<'a> = &'a (dyn Fn(&Input) -> Vec<Dismissal> + Sync);

/// How a batch checks one input: with `--fix` (`do_fix`), and whether the
/// fixed file is written back (`write`: not when a report is checked again
/// for the report of the year after it, ahead of its turn).
#[derive(Clone, Copy)]
pub struct Fixing {
    pub do_fix: bool,
    pub write: bool,
}

pub fn check_one(
    input: &Input,
    (config, limits): (&Config, &Limits),
    fixing: Fixing,
    spared: &[Dismissal],
    stdin: &StdinBytes,
) -> Outcome {
    let spared: Vec<&Dismissal> = spared.iter().collect();
    let lang = config.lang;
    let do_fix = fixing.do_fix;
    let bytes = match input_bytes(input, limits, stdin, lang) {
        Ok(b) => b,
        Err(e) => return Outcome::Failed(e),
    };
    let (text, map, encoding, kind) = match read_text(input, &bytes, limits) {
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
    if kind == Kind::Docx && !fixing.write {
        return unchanged(text, map, first, None);
    }
    if kind == Kind::Docx {
        return super::fix_docx::fix_docx(
            input,
            &bytes,
            (text, map),
            first,
            (config, limits),
            &spared,
        );
    }
    let Some(encoding) = encoding.filter(|_| kind.fixable()) else {
        return unchanged(text, map, first, Some(not_fixable(lang, kind)));
    };
    let (fixed_text, fixed, analysis) = fix_in_memory(&text, config, &spared);
    if fixed > 0 && fixing.write {
        if let Input::File { path, .. } = input {
            // Bytes the encoding cannot reproduce (GBK's 0x80 for €, which
            // GB18030 writes as A2 E3) would change where no fix is made.
            if decode::encode(&text, encoding) != *bytes {
                let problem = tr!(
                    lang,
                    format!(
                        "未修复：文件中有 {} 编码无法原样写回的字节，未写入修复",
                        encoding.name()
                    ),
                    format!(
                        "not fixed: the file has bytes that {} cannot write back as they are; fixes not written",
                        encoding.name()
                    )
                );
                return unchanged(text, map, first, Some(problem));
            }
            let out = decode::encode(&fixed_text, encoding);
            if let Err(e) = write_atomic(path, &bytes, &out) {
                // Nothing was written: report the findings of the file as it is.
                return unchanged(text, map, first, Some(write_problem(e, lang)));
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

/// [`fix_text_sparing`]; a text whose lines end in CR only (classic Mac OS)
/// is fixed as LF text (the same byte offsets) and given back with CR, so
/// that inserted lines end in CR too.
fn fix_in_memory(text: &str, config: &Config, spared: &[&Dismissal]) -> (String, usize, Analysis) {
    let cr_only = !text.contains('\n') && text.contains('\r');
    if cr_only {
        let (t, n, a) = fix_text_sparing(&text.replace('\r', "\n"), config, spared);
        (t.replace('\n', "\r"), n, a)
    } else {
        fix_text_sparing(text, config, spared)
    }
}

/// Why `--fix` wrote nothing, for the user.
pub fn write_problem(e: WriteError, lang: Lang) -> String {
    match e {
        WriteError::Changed => tr!(
            lang,
            "文件在检查期间被修改，未写入修复".to_string(),
            "the file changed while it was being checked; fixes not written".to_string()
        ),
        WriteError::ReadOnly => tr!(
            lang,
            "文件是只读的，未写入修复".to_string(),
            "the file is read-only; fixes not written".to_string()
        ),
        WriteError::HardLinked(n) => tr!(
            lang,
            format!(
                "文件有 {n} 个硬链接：替换它会让其他链接仍是旧内容，未写入修复（可先复制为独立的文件再修复）"
            ),
            format!(
                "the file has {n} hard links: replacing it would leave the other names with the old text; fixes not written (fix a copy of it instead)"
            )
        ),
        WriteError::Owner(e) => tr!(
            lang,
            format!("无法保留文件的所有者和组（{e}），未写入修复"),
            format!("cannot keep the file's owner and group ({e}); fixes not written")
        ),
        WriteError::InUse(e) => tr!(
            lang,
            format!(
                "文件正被其他程序（如 Word、WPS）打开，未写入修复；请关闭它后再运行（{}）",
                describe(&e, lang)
            ),
            format!(
                "the file is open in another program (Word, WPS?); fixes not written: close it and run again ({e})"
            )
        ),
        WriteError::Io(e) => tr!(
            lang,
            format!("无法写入修复：{}", describe(&e, lang)),
            format!("cannot write the fixes: {e}")
        ),
    }
}

/// What [`collect`] found.
#[derive(Debug, Default)]
pub struct Collected {
    pub inputs: Vec<Input>,
    /// Problems met (a missing file, a folder without reports).
    pub problems: Vec<String>,
    /// Files in the folders that are not regular files (FIFOs, sockets,
    /// devices): skipped.
    pub special: usize,
}

/// The inputs named by `paths` (directories are walked), and the problems met
/// collecting them (a missing file, a folder without reports).
pub fn collect(paths: &[PathBuf], lang: Lang) -> Collected {
    let mut problems: Vec<String> = Vec::new();
    let mut inputs: Vec<Input> = Vec::new();
    let mut special = 0;
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                let mut found = Vec::new();
                if let Err(e) = walk(p, &mut found, &mut special) {
                    problems.push(tr!(
                        lang,
                        format!("{}: 无法读取目录：{}", p.display(), describe(&e, lang)),
                        format!("{}: cannot read the directory: {e}", p.display())
                    ));
                }
                if found.is_empty() {
                    problems.push(tr!(
                        lang,
                        format!(
                            "{}: 目录中没有报告文件（.txt、.md、.markdown、.docx、.html、.pdf）",
                            p.display()
                        ),
                        format!(
                            "{}: no report files (.txt, .md, .markdown, .docx, .html, .pdf) in the directory",
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
            // `报告\*.docx` from cmd.exe or PowerShell, which do not expand it.
            Err(e) => match super::wildcards::expand(p) {
                Some(found) if !found.is_empty() => {
                    inputs.extend(found.into_iter().map(|path| Input::File {
                        path,
                        explicit: true,
                    }))
                }
                _ => problems.push(tr!(
                    lang,
                    format!("{}: 无法读取：{}", p.display(), describe(&e, lang)),
                    format!("{}: cannot read: {e}", p.display())
                )),
            },
        }
    }
    Collected {
        inputs,
        problems,
        special,
    }
}

/// Checks every input in parallel (with a progress bar on a terminal), in
/// input order, and keeps every outcome (see `batch::run`, which does not).
#[allow(clippy::too_many_arguments)]
pub fn check_all(
    inputs: &[Input],
    config: &(dyn Fn(&Input) -> Config + Sync),
    limits: &(dyn Fn(&Input) -> Limits + Sync),
    lang: Lang,
    do_fix: bool,
    quiet: bool,
    references: &[Reference],
    spared: Spared,
) -> Vec<(String, Outcome)> {
    let batch = super::batch::Batch {
        inputs,
        config,
        limits,
        lang,
        do_fix,
        quiet,
        references,
        spared,
    };
    let mut outcomes = Vec::with_capacity(inputs.len());
    super::batch::run(&batch, &mut |_, path, o| outcomes.push((path, o)));
    outcomes
}

/// What a run notes in its human summary besides the counts: the files it
/// skipped because they are not regular files, and the configuration files
/// it used.
#[derive(Debug, Default)]
pub struct RunNotes {
    pub special: usize,
    pub configs: Vec<PathBuf>,
}

impl RunNotes {
    /// Added to the summary line.
    pub fn summary(&self, lang: Lang) -> String {
        if self.special == 0 {
            return String::new();
        }
        let n = self.special;
        tr!(
            lang,
            format!("，跳过 {n} 个非普通文件（管道、设备或套接字）"),
            format!(", {n} file(s) skipped that are not regular files (pipes, devices, sockets)")
        )
    }

    /// The line naming the configuration files used (empty when none).
    pub fn configs_line(&self, lang: Lang) -> String {
        if self.configs.is_empty() {
            return String::new();
        }
        let names: Vec<String> = self
            .configs
            .iter()
            .map(|p| render::clean(&p.display().to_string()).into_owned())
            .collect();
        tr!(
            lang,
            format!("使用配置：{}\n", names.join("、")),
            format!("Configuration: {}\n", names.join(", "))
        )
    }
}

/// The language of a run's own messages: `--lang`, else that of the
/// configuration (`--config`, or found from the working directory), else zh.
pub fn run_language(lang: Option<Lang>, config: Option<&Path>) -> Lang {
    if let Some(l) = lang {
        return l;
    }
    let path = match config {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| ProjectConfig::find(&d))
            .filter(|p| {
                crate::config_file::trusted(p, crate::config_file::owner_of(None), Lang::Zh).is_ok()
            }),
    };
    path.and_then(|p| ProjectConfig::load(&p, Lang::Zh).ok())
        .and_then(|c| c.language)
        .unwrap_or_default()
}

/// Loads the configurations of the inputs; on an error prints it (file and
/// line) and returns `None`. Warns of the configuration files it ignores
/// (owned by someone else). Drops walked files the configuration excludes; a
/// folder whose report files are all excluded is a problem, as an empty one.
pub fn configure(
    collected: &mut Collected,
    paths: &[PathBuf],
    config: Option<&Path>,
    lang: Lang,
) -> Option<Configs> {
    let inputs = &mut collected.inputs;
    let files: Vec<&Path> = inputs.iter().filter_map(Input::path).collect();
    let mut err = std::io::stderr().lock();
    match Configs::load(config, &files, lang) {
        Ok(c) => {
            let stdin = inputs.iter().any(|i| matches!(i, Input::Stdin));
            let warnings = c
                .ignored
                .iter()
                .chain(c.ignored_for_stdin.iter().filter(|_| stdin));
            for w in warnings {
                let _ = writeln!(
                    err,
                    "{}: {}",
                    tr!(lang, "nianbao 警告", "nianbao warning"),
                    render::clean(&w.to_string())
                );
            }
            let walked_in = |inputs: &[Input], dir: &Path| {
                inputs
                    .iter()
                    .any(|i| i.walked() && i.path().is_some_and(|f| f.starts_with(dir)))
            };
            let dirs: Vec<&PathBuf> = paths.iter().filter(|p| p.is_dir()).collect();
            let had: Vec<bool> = dirs.iter().map(|d| walked_in(inputs, d)).collect();
            inputs.retain(|i| match (i.walked(), i.path()) {
                (true, Some(p)) => c.project(Some(p)).is_none_or(|pc| pc.selects(p)),
                _ => true,
            });
            for (dir, had) in dirs.into_iter().zip(had) {
                if had && !walked_in(inputs, dir) {
                    collected.problems.push(tr!(
                        lang,
                        format!(
                            "{}: 目录中的报告文件都被 nianbao.toml 的 [files] include/exclude 排除",
                            dir.display()
                        ),
                        format!(
                            "{}: every report file in the directory is excluded by nianbao.toml's [files] include/exclude",
                            dir.display()
                        )
                    ));
                }
            }
            Some(c)
        }
        Err(errors) => {
            for e in errors {
                let _ = writeln!(
                    err,
                    "{}: {}",
                    tr!(lang, "nianbao 配置错误", "nianbao configuration error"),
                    render::clean(&e.to_string())
                );
            }
            None
        }
    }
}

/// The input limits of each input: the defaults, under its configuration's
/// `[limits]`, under the command line's `--limit`.
pub fn limits_of<'a>(
    configs: &'a Configs,
    cli: &'a [(input::Limit, u64)],
) -> impl Fn(&Input) -> Limits + Sync + 'a {
    move |i: &Input| {
        let mut l = match configs.project(i.path()) {
            Some(p) => p.apply_limits(&Limits::default()),
            None => Limits::default(),
        };
        for (limit, v) in cli {
            l.set(*limit, *v);
        }
        l
    }
}

/// The configuration files that apply to the inputs, each once.
pub fn configs_in_use(configs: &Configs, inputs: &[Input]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for i in inputs {
        if let Some(p) = configs.project(i.path()) {
            if !out.contains(&p.path) {
                out.push(p.path.clone());
            }
        }
    }
    out
}

/// Last year's reports named by `previous =` in the configuration files that
/// apply to the inputs; a file that cannot be read is an error naming the
/// configuration file and its line.
pub fn config_references(
    configs: &Configs,
    inputs: &[Input],
    lang: Lang,
    limits: &Limits,
) -> Result<Vec<(PathBuf, Reference)>, String> {
    let mut out: Vec<(PathBuf, Reference)> = Vec::new();
    for i in inputs {
        let Some(pc) = configs.project(i.path()) else {
            continue;
        };
        let Some(prev) = &pc.previous else { continue };
        if out.iter().any(|(p, _)| p == prev) {
            continue;
        }
        match load_reference(prev, lang, limits) {
            Ok(r) => out.push((prev.clone(), r)),
            Err(e) => {
                let at = match pc.previous_line() {
                    Some(l) => format!("{}:{l}", pc.path.display()),
                    None => pc.path.display().to_string(),
                };
                return Err(tr!(
                    lang,
                    format!("{at}: previous（上一年度报告）无法使用：{e}"),
                    format!("{at}: previous (last year's report) cannot be used: {e}")
                ));
            }
        }
    }
    Ok(out)
}

/// Every file a run reads: the inputs (with those the configuration
/// excludes), last year's reports and the configuration files. An output
/// that is one of them is refused.
pub fn read_paths(
    collected: &[Input],
    previous: &[PathBuf],
    configs: &Configs,
    explicit_config: Option<&Path>,
) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = collected
        .iter()
        .filter_map(Input::path)
        .map(Path::to_path_buf)
        .collect();
    out.extend(previous.iter().cloned());
    out.extend(configs_in_use(configs, collected));
    out.extend(explicit_config.map(Path::to_path_buf));
    out
}

/// The error line of an output that would overwrite one of the run's inputs
/// (`option`: how the output was named).
pub fn clobber_message(lang: Lang, option: &str, output: &Path, input: &Path) -> String {
    tr!(
        lang,
        format!(
            "{}: {option} 指向本次运行要读取的文件（{}），不会覆盖它；请另选输出文件",
            output.display(),
            input.display()
        ),
        format!(
            "{}: {option} names a file this run reads ({}); it will not be overwritten: choose another output file",
            output.display(),
            input.display()
        )
    )
}

pub fn run(args: &CheckArgs) -> i32 {
    let lang = run_language(args.lang, args.config.as_deref());
    let mut err = std::io::stderr().lock();
    let error_prefix = tr!(lang, "nianbao 错误", "nianbao error");
    if args.statistics && !matches!(args.format, CheckFormat::Human | CheckFormat::Json) {
        let _ = writeln!(
            err,
            "{error_prefix}: {}",
            tr!(
                lang,
                "--statistics 只能用于 human 或 json 格式",
                "--statistics works with --format human or json only"
            )
        );
        return 2;
    }
    let selection =
        match review::cli_selection(args.select.as_deref(), args.ignore.as_deref(), lang) {
            Ok(s) => s,
            Err(e) => {
                let _ = writeln!(err, "{error_prefix}: {e}");
                return 2;
            }
        };
    let baseline = match args.baseline.as_deref().map(|p| Baseline::load(p, lang)) {
        Some(Err(e)) => {
            let _ = writeln!(err, "{error_prefix}: {e}");
            return 2;
        }
        b => b.and_then(Result::ok),
    };

    let mut collected = collect(&args.paths, lang);
    let all_inputs = collected.inputs.clone();
    drop(err);
    let Some(configs) = configure(&mut collected, &args.paths, args.config.as_deref(), lang) else {
        return 2;
    };
    let inputs = &collected.inputs;
    let base = Config::with_lang(lang);
    let config_of =
        |i: &Input| configs.config_with(i.path(), &base, args.lang.is_some(), &selection);
    let limits = limits_of(&configs, &args.limits);
    let mut err = std::io::stderr().lock();
    let mut previous_paths = args.previous.clone();
    let reference_limits = limits(&Input::Stdin);
    let from_config = match config_references(&configs, inputs, lang, &reference_limits) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "{error_prefix}: {}", render::clean(&e));
            return 2;
        }
    };
    previous_paths.extend(from_config.iter().map(|(p, _)| p.clone()));
    // No output may replace a file the run reads (reports, last year's,
    // configurations).
    let read = read_paths(
        &all_inputs,
        &previous_paths,
        &configs,
        args.config.as_deref(),
    );
    let outputs = [
        ("--output", args.output.as_ref()),
        ("--write-baseline", args.write_baseline.as_ref()),
    ];
    for (flag, out) in outputs {
        let Some(out) = out else { continue };
        if let Some(input) = clobbered_input(out, read.iter().map(PathBuf::as_path)) {
            let _ = writeln!(
                err,
                "{error_prefix}: {}",
                render::clean(&clobber_message(lang, flag, out, input))
            );
            return 2;
        }
    }
    // Lists of every input: not kept while the batch streams.
    drop((err, read, all_inputs));
    let mut references = Vec::new();
    for p in &args.previous {
        match load_reference(p, lang, &reference_limits) {
            Ok(r) => references.push(r),
            Err(e) => {
                let _ = writeln!(
                    std::io::stderr().lock(),
                    "{error_prefix}: {}",
                    render::clean(&e)
                );
                return 2;
            }
        }
    }
    references.extend(from_config.into_iter().map(|(_, r)| r));
    let spared = |i: &Input| review::entries_for(&configs, i, &config_of(i));
    let batch = Batch {
        inputs,
        config: &config_of,
        limits: &limits,
        lang,
        do_fix: args.fix,
        quiet: args.quiet,
        references: &references,
        spared: &spared,
    };
    let junit_config = configs.config(None, &base, args.lang.is_some());
    let run = Run {
        args,
        lang,
        problems: collected.problems.clone(),
        notes: RunNotes {
            special: collected.special,
            configs: configs_in_use(&configs, inputs),
        },
    };
    let reviewer = review::Reviewer::new(&configs, &config_of, baseline.as_ref());
    let format = match open_format(args, lang, &collected.problems, &junit_config) {
        Ok(f) => f,
        Err(e) => {
            let _ = writeln!(std::io::stderr().lock(), "{error_prefix}: {e}");
            return 2;
        }
    };
    run.stream(&batch, reviewer, format)
}

/// The writer of the output format asked for (a temporary file for the
/// formats whose header needs the totals).
fn open_format<'a>(
    args: &CheckArgs,
    lang: Lang,
    problems: &'a [String],
    junit_config: &Config,
) -> std::io::Result<Box<dyn Format + 'a>> {
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none()
                && super::console::colors_work()
                && args.format == CheckFormat::Human
        }
    };
    let deny_warnings = args.deny.contains(&Deny::Warnings);
    Ok(match args.format {
        CheckFormat::Human => Box::new(Human::new(args, lang, Style { color })),
        CheckFormat::Json => Box::new(Json::new(lang, args.show_dismissed, args.statistics)),
        CheckFormat::Sarif => {
            let cwd = std::env::current_dir().ok();
            Box::new(Sarif::new(
                problems,
                lang,
                cwd.as_deref(),
                args.show_dismissed,
            )?)
        }
        CheckFormat::Github => Box::new(Github { problems }),
        CheckFormat::Junit => Box::new(Junit::new(problems, junit_config, deny_warnings)?),
    })
}

/// A check run's settings for its streamed part.
struct Run<'a> {
    args: &'a CheckArgs,
    lang: Lang,
    /// Problems met so far (then those of the files).
    problems: Vec<String>,
    notes: RunNotes,
}

/// Where the report goes: standard output, the `--output` file, or (with
/// `--fix` on standard input, whose fixed text goes to standard output) a
/// buffer that goes to standard error.
enum Dest {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    File(NewFile),
    Buffer(Vec<u8>),
    /// The `--output` file could not be created.
    Nowhere(std::io::Sink),
}

impl Dest {
    fn writer(&mut self) -> &mut dyn Write {
        match self {
            Dest::Stdout(w) => w,
            Dest::File(w) => w,
            Dest::Buffer(w) => w,
            Dest::Nowhere(w) => w,
        }
    }
}

/// What `--write-baseline` collects: the entries of the findings left, which
/// are then known (not reported, not counted).
struct NewBaseline {
    entries: Vec<super::baseline::Entry>,
    known: usize,
}

impl Run<'_> {
    fn dest(&mut self, inputs: &[Input]) -> Dest {
        let stdin = inputs.iter().any(|i| matches!(i, Input::Stdin));
        match &self.args.output {
            Some(path) => match NewFile::create(path) {
                Ok(f) => Dest::File(f),
                Err(e) => {
                    self.problems.push(self.cannot_write_report(path, &e));
                    Dest::Nowhere(std::io::sink())
                }
            },
            None if self.args.fix && stdin => Dest::Buffer(Vec::new()),
            None => Dest::Stdout(std::io::BufWriter::new(std::io::stdout())),
        }
    }

    fn cannot_write_report(&self, path: &Path, e: &std::io::Error) -> String {
        let lang = self.lang;
        tr!(
            lang,
            format!("{}: 无法写入报告：{}", path.display(), describe(e, lang)),
            format!("{}: cannot write the report: {e}", path.display())
        )
    }

    /// Checks the batch, writing each report as it is done; the exit code.
    fn stream(
        mut self,
        batch: &Batch,
        mut reviewer: review::Reviewer,
        mut format: Box<dyn Format + '_>,
    ) -> i32 {
        let (args, lang) = (self.args, self.lang);
        let mut dest = self.dest(batch.inputs);
        let mut st = Statistics::default();
        let mut written = format.start(dest.writer());
        let mut new_baseline = args.write_baseline.as_ref().map(|_| NewBaseline {
            entries: Vec::new(),
            known: 0,
        });
        let mut fixed_stdin = None;
        let mut file_problems = Vec::new();
        super::batch::run(batch, &mut |i, path, mut outcome| {
            let input = &batch.inputs[i];
            let mut reviewed = reviewer.review(Some(input), &mut outcome);
            if let Some(b) = &mut new_baseline {
                b.take(args, input, &mut outcome, &mut reviewed);
            }
            file_problems.extend(file_problem(&path, &outcome));
            st.add(&path, &outcome);
            let item = Item {
                input,
                path: &path,
                outcome: &outcome,
                reviewed: &reviewed,
            };
            if written.is_ok() {
                written = format.report(dest.writer(), &item);
            }
            if let Outcome::Checked {
                text, map: None, ..
            } = outcome
            {
                if args.fix && path == "<stdin>" {
                    fixed_stdin = Some(text);
                }
            }
        });
        st.finish();
        self.problems.extend(file_problems);
        let mut review = reviewer.finish(lang);
        if let (Some(b), Some(path)) = (new_baseline, &args.write_baseline) {
            self.write_baseline(path, b, &mut review);
        }
        let end = End {
            st: &st,
            review: &review,
            notes: &self.notes,
        };
        if written.is_ok() {
            written = format.finish(dest.writer(), &end);
        }
        self.deliver(dest, written, fixed_stdin);
        let deny_warnings = args.deny.contains(&Deny::Warnings);
        let mut err = std::io::stderr().lock();
        let error_prefix = tr!(lang, "nianbao 错误", "nianbao error");
        for p in &self.problems {
            let _ = writeln!(err, "{error_prefix}: {}", render::clean(p));
        }
        if !self.problems.is_empty() {
            2
        } else if st.errors > 0 || (deny_warnings && st.warnings > 0) {
            1
        } else {
            0
        }
    }

    fn write_baseline(&mut self, path: &Path, b: NewBaseline, review: &mut review::Review) {
        let text = super::baseline::render(b.entries);
        match write_new(path, text.as_bytes()) {
            Ok(()) => {
                review.baseline = Some(review::BaselineSummary {
                    file: path.to_path_buf(),
                    known: b.known,
                    gone: 0,
                });
                review.wrote_baseline = true;
            }
            Err(e) => {
                let lang = self.lang;
                self.problems.push(tr!(
                    lang,
                    format!("{}: 无法写入基线：{e}", path.display()),
                    format!("{}: cannot write the baseline: {e}", path.display())
                ))
            }
        }
    }

    /// Ends the report where it goes; with `--fix` on standard input, the
    /// fixed text goes to standard output (the report to standard error).
    fn deliver(&mut self, dest: Dest, written: std::io::Result<()>, fixed_stdin: Option<String>) {
        match dest {
            Dest::Stdout(mut w) => {
                let _ = written.and_then(|_| w.flush());
            }
            Dest::File(f) => {
                if let (Err(e), Some(path)) = (written.and_then(|_| f.persist()), &self.args.output)
                {
                    let problem = self.cannot_write_report(path, &e);
                    self.problems.push(problem);
                }
            }
            Dest::Buffer(b) if fixed_stdin.is_some() => {
                let _ = std::io::stderr().lock().write_all(&b);
            }
            Dest::Buffer(b) => {
                let _ = std::io::stdout().lock().write_all(&b);
            }
            Dest::Nowhere(_) => {}
        }
        let mut out = std::io::stdout().lock();
        if let Some(t) = fixed_stdin {
            let _ = out.write_all(t.as_bytes());
        }
        let _ = out.flush();
    }
}

impl NewBaseline {
    /// Records a report's findings left and takes them out of its outcome.
    fn take(&mut self, args: &CheckArgs, input: &Input, o: &mut Outcome, r: &mut review::Reviewed) {
        let (Outcome::Checked { analysis, .. }, Some(path)) = (o, &args.write_baseline) else {
            return;
        };
        let findings = std::mem::take(&mut analysis.findings);
        let fps = std::mem::take(&mut r.fingerprints);
        self.known += findings.len();
        self.entries.extend(super::baseline::entries_of(
            path,
            input.path(),
            &findings,
            &fps,
        ));
    }
}

/// The problem of a checked file (unreadable, fixes not written), as a
/// "path: message" line.
pub fn file_problem(path: &str, o: &Outcome) -> Option<String> {
    match o {
        Outcome::Failed(msg) => Some(format!("{path}: {msg}")),
        Outcome::Checked {
            fix_problem: Some(e),
            ..
        } => Some(format!("{path}: {e}")),
        _ => None,
    }
}
