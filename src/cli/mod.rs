//! The command line: argument parsing and dispatch. Thin: the work is done by
//! `analysis` (linting), and by the modules here for files, output and writes.

pub mod check;
/// Kept at its old path: decoding moved to [`crate::input::decode`].
pub use crate::input::decode;
pub mod github;
pub mod junit;
pub mod progress;
pub mod render;
pub mod report;
pub mod report_html;
pub mod rules_cmd;
pub mod sarif;
pub mod stats;
pub mod write;

use crate::analysis::config::Lang;
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
    /// Run the language server on stdin/stdout / 启动语言服务器（LSP，标准输入输出）
    Lsp,
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
    /// Report files (.txt, .md, .markdown, .docx, .html, .htm), directories to
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
    /// Language of the messages: zh (default) or en.
    #[arg(long, value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
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
}

#[derive(clap::Args, Debug)]
pub struct ReportArgs {
    /// Report files and directories to check.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write a self-contained HTML page (no external resources) to FILE.
    #[arg(long, value_name = "FILE", required = true)]
    pub html: PathBuf,
    /// Language of the page: zh (default) or en.
    #[arg(long, value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
    /// No progress bar and no closing line.
    #[arg(long, short)]
    pub quiet: bool,
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
        Command::Lsp => crate::lsp::run(),
    }
}
