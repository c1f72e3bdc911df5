//! The command line: argument parsing and dispatch. Thin: the work is done by
//! `analysis` (linting), and by the modules here for files, output and writes.

pub mod check;
/// Kept at its old path: decoding moved to [`crate::input::decode`].
pub use crate::input::decode;
pub mod render;
pub mod rules_cmd;
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
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: each finding with its source line and a caret.
    Human,
    /// One JSON document (see the README for its shape).
    Json,
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
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub format: OutputFormat,
    /// Language of the messages: zh (default) or en.
    #[arg(long, value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
    /// When to color the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
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
    }
}
