//! The command line: argument parsing and dispatch. Thin: the work is done by
//! `analysis` (linting), and by the modules here for files, output and writes.

pub mod baseline;
pub mod check;
mod console;
mod fix_docx;
/// Kept at its old path: decoding moved to [`crate::input::decode`].
pub use crate::input::decode;
pub mod github;
pub mod junit;
pub mod progress;
pub mod render;
pub mod report;
pub mod report_html;
pub mod review;
pub mod rules_cmd;
pub mod sarif;
pub mod scaffold;
pub mod stats;
pub mod wildcards;
pub mod write;
pub mod years;

use crate::analysis::config::Lang;
use crate::input::Limit;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// nianbao — 政府信息公开工作年度报告检查工具 / linter for annual government information disclosure reports
#[derive(Parser, Debug)]
#[command(name = "nianbao", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check reports (files, directories, or - for stdin) / 检查报告
    Check(CheckArgs),
    /// List the rules, or explain one / 列出规则或解释某条规则
    Rules(RulesArgs),
    /// Check reports and write one HTML page for assessors / 批量检查并生成 HTML 评估报告
    Report(ReportArgs),
    /// Write a complete report skeleton in the national format / 生成符合国家格式的报告模板
    New(NewArgs),
    /// Write a commented default nianbao.toml here / 在当前目录生成带注释的 nianbao.toml
    Init(InitArgs),
    /// Run the language server on stdin/stdout / 启动语言服务器（LSP，标准输入输出）
    Lsp(LspArgs),
}

#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Accepted for the clients that always pass it (vscode-languageclient);
    /// stdio is the only transport.
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    /// Plain text with tab-separated tables (as pasted into Word/WPS).
    Txt,
    /// Markdown headings and pipe tables.
    Md,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The body's name (机关名称), e.g. "XX市XX局".
    #[arg(long)]
    pub body: String,
    /// The year the report is for.
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2100))]
    pub year: u16,
    /// Text layout of the skeleton.
    #[arg(long, value_enum, default_value_t = NewFormat::Txt)]
    pub format: NewFormat,
    /// Write to FILE instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
    /// Language of nianbao's own messages.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Overwrite an existing nianbao.toml.
    #[arg(long)]
    pub force: bool,
    /// Language of nianbao's own messages.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: each finding with its source line and a caret.
    Human,
    /// One JSON document (see the README for its shape).
    Json,
}

/// Output formats of `nianbao check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: each finding with its source line and a caret.
    Human,
    /// One JSON document (see the README for its shape).
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other review systems.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML, for GitLab CI, Jenkins and other CI test reports.
    Junit,
}

/// What `--deny` turns into a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings make the exit code 1, like errors.
    Warnings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Report files (.txt, .md, .markdown, .docx, .html, .htm, .pdf), directories to
    /// walk, or - for stdin.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Apply the safe fixes (recomputed totals, canonical labels and headings,
    /// normalised digits) and write the files back.
    #[arg(long)]
    pub fix: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Language of the messages: zh or en (default: the configuration's, else zh).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// The configuration file to use, instead of the nianbao.toml found upward
    /// from each checked file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to color the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Make the exit code 1 for warnings too (`--deny warnings`).
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Vec<Deny>,
    /// Only the findings, one line each: no source excerpts, fixes, summary or
    /// progress bar (human format; other formats are unchanged).
    #[arg(long, short)]
    pub quiet: bool,
    /// Counts per rule instead of the findings (human), or added to the
    /// document as "statistics" (json).
    #[arg(long)]
    pub statistics: bool,
    /// Write the report to FILE (atomically) instead of standard output.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Last year's report, to compare with (carry-over, documents in force,
    /// copied text) when it is not among the checked files. Reports among the
    /// checked files pair by themselves, by body and year in their titles.
    #[arg(long, value_name = "FILE")]
    pub previous: Vec<PathBuf>,
    /// Only these rules: comma-separated rule ids or categories (structure,
    /// tables, arithmetic, narrative, years); replaces `select` of nianbao.toml.
    #[arg(long, value_name = "RULES")]
    pub select: Option<String>,
    /// Not these rules: comma-separated rule ids or categories; added to
    /// `ignore` of nianbao.toml.
    #[arg(long, value_name = "RULES")]
    pub ignore: Option<String>,
    /// Also print the findings dismissed in nianbao.toml, with their reasons
    /// (human, json, sarif).
    #[arg(long)]
    pub show_dismissed: bool,
    /// Report only the findings not recorded in this baseline (made with
    /// --write-baseline); the exit code comes from those.
    #[arg(long, value_name = "FILE", conflicts_with = "write_baseline")]
    pub baseline: Option<PathBuf>,
    /// Record the current findings in FILE (JSON, sorted) as the baseline of
    /// later runs; they are not reported, and the exit code is 0.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Raise (or lower) an input limit for this run: bytes, text, cells,
    /// nodes or depth, e.g. `--limit bytes=128M` (see the README).
    #[arg(long = "limit", value_name = "NAME=VALUE", value_parser = parse_limit)]
    pub limits: Vec<(Limit, u64)>,
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Report files and directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write a self-contained HTML page (no external resources) to FILE.
    #[arg(long, value_name = "FILE", required = true)]
    pub html: PathBuf,
    /// Language of the page: zh or en (default: the configuration's, else zh).
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// The configuration file to use, instead of the nianbao.toml found upward.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress bar and no closing line.
    #[arg(long, short)]
    pub quiet: bool,
    /// Only these rules: comma-separated rule ids or categories.
    #[arg(long, value_name = "RULES")]
    pub select: Option<String>,
    /// Not these rules: comma-separated rule ids or categories.
    #[arg(long, value_name = "RULES")]
    pub ignore: Option<String>,
    /// Raise (or lower) an input limit for this run: bytes, text, cells,
    /// nodes or depth, e.g. `--limit bytes=128M` (see the README).
    #[arg(long = "limit", value_name = "NAME=VALUE", value_parser = parse_limit)]
    pub limits: Vec<(Limit, u64)>,
}

#[derive(clap::Args, Debug)]
pub struct RulesArgs {
    /// A rule id to explain (e.g. row-total); all rules when omitted.
    pub id: Option<String>,
    /// Language: zh (default) or en.
    #[arg(long, value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    Lang::parse(s).ok_or_else(|| format!("unknown language '{s}' (use zh or en)"))
}

fn parse_limit(s: &str) -> Result<(Limit, u64), String> {
    let mut probe = crate::input::Limits::default();
    probe.apply(s)?;
    let name = s.split_once('=').map_or(s, |(n, _)| n).trim();
    let limit = Limit::parse(name).ok_or_else(|| format!("unknown limit \"{name}\""))?;
    Ok((limit, probe.get(limit)))
}

/// Runs the command line; returns the process exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Rules(args) => rules_cmd::run(&args),
        Command::Report(args) => report::run(&args),
        Command::New(args) => scaffold::new(&args),
        Command::Init(args) => scaffold::init(&args),
        Command::Lsp(_) => crate::lsp::run(),
    }
}
