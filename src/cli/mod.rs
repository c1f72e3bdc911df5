//! The command line: argument parsing and dispatch. Thin: the work is done by
//! `analysis` (linting), and by the modules here for files, output and writes.

pub mod baseline;
pub mod batch;
pub mod check;
mod console;
mod fix_docx;
/// Kept at its old path: decoding moved to [`crate::input::decode`].
pub use crate::input::decode;
pub mod github;
pub mod junit;
pub mod outputs;
pub mod progress;
pub mod render;
pub mod report;
pub mod report_csv;
pub mod report_data;
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
#[command(
    name = "nianbao",
    version,
    about = "政府信息公开工作年度报告的检查工具和语言服务器\nLinter and language server for annual reports on government information disclosure",
    long_about = None,
    propagate_version = true,
    after_help = "先试试 / Try: nianbao check 年度报告.docx    每个子命令的说明 / Each command: nianbao help check"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check reports (files, directories, or - for stdin) / 检查报告
    #[command(after_help = CHECK_EXAMPLES)]
    Check(CheckArgs),
    /// List the rules, or explain one / 列出规则或解释某条规则
    #[command(after_help = RULES_EXAMPLES)]
    Rules(RulesArgs),
    /// Check reports and write one HTML page (and a CSV table) for assessors / 批量检查并生成评估页面（HTML）和表格（CSV）
    #[command(after_help = REPORT_EXAMPLES)]
    Report(ReportArgs),
    /// Write a complete report skeleton in the national format / 生成符合国家格式的报告模板
    New(NewArgs),
    /// Write a commented default nianbao.toml here / 在当前目录生成带注释的 nianbao.toml
    Init(InitArgs),
    /// Run the language server on stdin/stdout / 启动语言服务器（LSP，标准输入输出）
    Lsp(LspArgs),
}

const CHECK_EXAMPLES: &str = "示例 / Examples:
  nianbao check 年度报告.docx           一份报告 / one report (.txt .md .docx .html .pdf)
  nianbao check 报告目录/               目录下的所有报告 / every report in a folder
  nianbao check --fix 年度报告.docx     自动修复合计等 / apply the safe fixes
  nianbao check --format sarif -o nianbao.sarif 报告目录/";

const RULES_EXAMPLES: &str = "示例 / Examples:
  nianbao rules                   全部规则 / every rule
  nianbao rules row-total         一条规则的说明和示例 / one rule, with examples
  nianbao rules 行总计不符        也可用名称 / by its name too
  nianbao rules --format json     供其他程序读取 / for other programs";

const REPORT_EXAMPLES: &str = "示例 / Examples:
  nianbao report 报告目录/ --html 评估结果.html
  nianbao report 报告目录/ --html 评估结果.html --csv 评估结果.csv";

#[derive(clap::Args, Debug)]
pub struct LspArgs {
    /// Accepted and ignored: stdin/stdout is the only transport (for clients
    /// that always pass it) / 可省略：只支持标准输入输出
    #[arg(long)]
    pub stdio: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    /// Plain text, tables separated by tabs (paste into Word/WPS) / 纯文本，表格以制表符分隔（可粘贴到 Word/WPS）
    Txt,
    /// Markdown headings and pipe tables / Markdown 标题和表格
    Md,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The body's name for the title, e.g. "临渭区人力资源和社会保障局" / 机关名称（用于标题）
    #[arg(long)]
    pub body: String,
    /// The year the report is for / 报告年度
    #[arg(long, value_parser = clap::value_parser!(u16).range(2000..=2100))]
    pub year: u16,
    /// Layout of the skeleton / 模板的文本格式
    #[arg(long, value_enum, default_value_t = NewFormat::Txt)]
    pub format: NewFormat,
    /// Write the skeleton to FILE instead of standard output / 写入文件而不是输出到屏幕
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Overwrite FILE if it exists / 文件已存在时覆盖
    #[arg(long)]
    pub force: bool,
    /// Language of nianbao's own messages: zh or en / 提示信息的语言
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Overwrite an existing nianbao.toml / 覆盖已有的 nianbao.toml
    #[arg(long)]
    pub force: bool,
    /// Language of nianbao's own messages: zh or en / 提示信息的语言
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
}

/// Output formats of `nianbao rules`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// For people: the rules in a table, or one rule explained with a bad and a good example / 规则列表，或单条规则的说明和正反示例
    Human,
    /// The rules' documentation as JSON: id, name, category, default level, summary, explanation, examples / JSON 格式的规则文档
    Json,
}

/// Output formats of `nianbao check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// For people: each finding with its line, a caret under it and its fixes / 逐条列出问题、所在行和修复建议
    Human,
    /// One JSON document of every finding (docs/json-sarif.md) / 一个 JSON 文档
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other review systems / 供代码扫描和审查系统使用
    Sarif,
    /// GitHub Actions annotations on the pull request / GitHub Actions 注释
    Github,
    /// JUnit XML test report, for GitLab CI, Jenkins / JUnit 测试报告
    Junit,
}

/// What `--deny` turns into a failure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Warnings make the exit code 1, like errors / 有警告也以 1 退出
    Warnings,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set / 输出到终端时
    Auto,
    /// Always / 总是
    Always,
    /// Never / 从不
    Never,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Reports (.txt .md .markdown .docx .html .htm .pdf), folders to walk, or - for standard input / 报告文件、目录，或 - 表示标准输入
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Apply the safe fixes (totals, canonical labels and headings, digits) and write the files back / 自动修复合计、标题、数字格式等并写回文件
    #[arg(long)]
    pub fix: bool,
    /// How the findings are written / 输出格式
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    pub format: CheckFormat,
    /// Language of the messages: zh or en (default: nianbao.toml's, else zh) / 提示语言
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Use this configuration instead of the nianbao.toml found above each report / 指定配置文件
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// When to colour the output / 何时使用颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Make warnings fail the run too (exit code 1) / 有警告也视为未通过
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub deny: Vec<Deny>,
    /// Only the findings, one line each (human format) / 每个问题一行，不显示原文和汇总
    #[arg(long, short)]
    pub quiet: bool,
    /// Counts per rule instead of the findings / 按规则统计问题数
    #[arg(long)]
    pub statistics: bool,
    /// Write the findings to FILE (atomically) instead of standard output / 写入文件而不是输出到屏幕
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Last year's report, to compare with when it is not among the checked files / 上一年度的报告（用于跨年度核对）
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
#[command(group(clap::ArgGroup::new("outputs").args(["html", "csv"]).required(true).multiple(true)))]
pub struct ReportArgs {
    /// Reports and folders of reports to check / 要检查的报告或目录
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Write the assessor's page to FILE: one HTML file that opens offline / 生成评估页面（单个 HTML 文件，可离线打开）
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Write the table of reports to FILE as CSV (UTF-8 with BOM: opens in Excel and WPS) / 生成报告汇总表（CSV，可用 Excel、WPS 打开）
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Language of the page and the table: zh or en (default: nianbao.toml's, else zh) / 页面语言
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Use this configuration instead of the nianbao.toml found above each report / 指定配置文件
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// No progress bar and no closing line / 不显示进度条和结束提示
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
    /// The rule to explain, by id or name (row-total, 行总计不符); every rule when omitted / 要查看的规则（编号或名称），省略则列出全部
    #[arg(value_name = "RULE")]
    pub id: Option<String>,
    /// Language of the documentation: zh or en / 说明的语言
    #[arg(long, value_parser = parse_lang, default_value = "zh")]
    pub lang: Lang,
    /// How the rules are written / 输出格式
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
