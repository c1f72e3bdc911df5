//! `nianbao.toml`: the project configuration the CLI and the language server
//! share. It is found upward from the checked file (or given with `--config`).
//!
//! ```toml
//! language = "zh"              # zh | en
//! body-type = "部门"            # 人民政府 | 部门 | 乡镇街道
//! year = 2023                  # the report year, when the title does not give it
//! previous = "../2022/报告.txt" # last year's report (cross-year checks)
//!
//! [rules]
//! label-drift = "off"          # error | warning | info | off
//!
//! [files]
//! include = ["**/*.txt", "**/*.md"]
//! exclude = ["草稿/**"]
//!
//! select = ["arithmetic", "narrative-mismatch"]   # rule ids or categories
//! ignore = ["thin-section"]
//!
//! [limits]                     # input limits (see input::limits)
//! bytes = "128M"
//!
//! [[dismiss]]                  # see `crate::dismiss`
//! rule = "narrative-mismatch"
//! fingerprint = "9f2c4e1a0b7d3c65"
//! reason = "38 条为公开的信息条数，不是处理决定数"
//! ```
//!
//! An unknown key, rule id or level is an error naming the file and the line.
//!
//! Trust: a file found upward is used for a report only when it belongs to
//! the report's owner or to root (on Unix; as git's `safe.directory` does for
//! repositories), so that a `nianbao.toml` someone else put in a parent folder
//! (`/tmp`, a shared drive) cannot turn rules off. One named with `--config`
//! is always used.

use crate::analysis::config::{BodyType, Config, Lang, Level};
use crate::analysis::finding::Severity;
use crate::analysis::select::{Selection, Selector};
use crate::input::{Limit, Limits};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "nianbao.toml";

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    language: Option<String>,
    body_type: Option<String>,
    year: Option<u16>,
    previous: Option<String>,
    rules: Option<BTreeMap<String, String>>,
    files: Option<RawFiles>,
    select: Option<Vec<String>>,
    ignore: Option<Vec<String>>,
    dismiss: Option<Vec<toml::Spanned<crate::dismiss::RawDismiss>>>,
    limits: Option<BTreeMap<String, toml::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFiles {
    include: Option<Vec<String>>,
    exclude: Option<Vec<String>>,
}

/// A loaded configuration file.
#[derive(Clone, Debug)]
pub struct ProjectConfig {
    pub path: PathBuf,
    /// Whether `language` was set (so that a command-line `--lang` can win only
    /// when given).
    pub language: Option<Lang>,
    pub rules: BTreeMap<String, Level>,
    pub body_type: Option<BodyType>,
    pub year: Option<u16>,
    /// Last year's report, resolved against the file's folder.
    pub previous: Option<PathBuf>,
    /// The input limits it sets.
    pub limits: Vec<(Limit, u64)>,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    /// `select` and `ignore`: the rules that run.
    pub selection: Selection,
    /// `[[dismiss]]`: reviewers' dismissals, in file order.
    pub dismissals: Vec<crate::dismiss::Dismissal>,
}

/// A problem in a configuration file: where and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub path: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.path.display(), l, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

fn line_of(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].matches('\n').count() + 1
}

/// The line where `key` is set (first `key =` at the start of a line), for
/// errors the TOML parser cannot place.
fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let t = l.trim_start();
            let t = t
                .strip_prefix('"')
                .map(|r| r.replacen('"', "", 1))
                .unwrap_or_else(|| t.to_string());
            t.strip_prefix(key)
                .is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

pub fn parse_body_type(s: &str) -> Option<BodyType> {
    match s {
        "人民政府" | "政府" | "government" => Some(BodyType::Government),
        "部门" | "department" => Some(BodyType::Department),
        "乡镇街道" | "乡镇" | "街道" | "township" => Some(BodyType::Township),
        _ => None,
    }
}

/// A path written in the file, with `\\` as a folder separator too (a file
/// written on Windows works everywhere; `\\` never escapes in patterns).
fn portable(p: &str) -> String {
    p.replace('\\', "/")
}

fn globs(path: &Path, text: &str, key: &str, patterns: &[String]) -> Result<GlobSet, ConfigError> {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let g = Glob::new(&portable(p)).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: line_of_key(text, key),
            message: format!("files.{key}: invalid pattern \"{p}\": {e}"),
        })?;
        b.add(g);
    }
    b.build().map_err(|e| ConfigError {
        path: path.to_path_buf(),
        line: line_of_key(text, key),
        message: format!("files.{key}: {e}"),
    })
}

impl ProjectConfig {
    /// Parses the text of a configuration file at `path`.
    pub fn parse(path: &Path, text: &str, lang: Lang) -> Result<ProjectConfig, ConfigError> {
        let err = |line: Option<usize>, message: String| ConfigError {
            path: path.to_path_buf(),
            line,
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            err(
                e.span().map(|s| line_of(text, s.start)),
                e.message().trim().to_string(),
            )
        })?;
        let language = match &raw.language {
            Some(l) => Some(Lang::parse(l).ok_or_else(|| {
                err(
                    line_of_key(text, "language"),
                    crate::tr!(
                        lang,
                        format!("language：未知的语言「{l}」（可用 zh 或 en）"),
                        format!("language: unknown language \"{l}\" (use \"zh\" or \"en\")")
                    ),
                )
            })?),
            None => None,
        };
        let body_type = match &raw.body_type {
            Some(b) => Some(parse_body_type(b).ok_or_else(|| {
                err(
                    line_of_key(text, "body-type"),
                    crate::tr!(
                        lang,
                        format!(
                            "body-type：未知的机关类型「{b}」（可用 人民政府、部门 或 乡镇街道）"
                        ),
                        format!(
                            "body-type: unknown body type \"{b}\" (use 人民政府, 部门 or 乡镇街道)"
                        )
                    ),
                )
            })?),
            None => None,
        };
        let mut rules = BTreeMap::new();
        for (id, level) in raw.rules.unwrap_or_default() {
            if crate::analysis::rules::find(&id).is_none() {
                return Err(err(
                    line_of_key(text, &id),
                    crate::tr!(
                        lang,
                        format!(
                            "rules：没有规则「{id}」{}（运行 nianbao rules 查看全部规则）",
                            crate::analysis::rules::did_you_mean_hint(&id, lang)
                        ),
                        format!(
                            "rules: unknown rule \"{id}\"{} (run `nianbao rules` for the list)",
                            crate::analysis::rules::did_you_mean_hint(&id, lang)
                        )
                    ),
                ));
            }
            let l: Level = match level.as_str() {
                "off" => None,
                s => Some(Severity::parse(s).ok_or_else(|| err(line_of_key(text, &id), crate::tr!(lang, format!("rules.{id}：未知的级别「{s}」（可用 error、warning、info 或 off）"), format!("rules.{id}: unknown level \"{s}\" (use error, warning, info or off)"))))?),
            };
            rules.insert(id, l);
        }
        let mut limits = Vec::new();
        for (name, value) in raw.limits.unwrap_or_default() {
            let at = line_of_key(text, &name);
            let limit = Limit::parse(&name).ok_or_else(|| {
                let names: Vec<&str> = Limit::ALL.iter().map(|l| l.name()).collect();
                err(
                    at,
                    format!(
                        "limits: unknown limit \"{name}\" (one of: {})",
                        names.join(", ")
                    ),
                )
            })?;
            let v = match &value {
                toml::Value::Integer(i) => crate::input::limits::parse_value(limit, &i.to_string()),
                toml::Value::String(s) => crate::input::limits::parse_value(limit, s),
                _ => Err(format!("{name}: a whole number or a size such as \"128M\"")),
            }
            .map_err(|m| err(at, format!("limits.{m}")))?;
            limits.push((limit, v));
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let files = raw.files;
        let include = match files.as_ref().and_then(|f| f.include.as_ref()) {
            Some(p) => Some(globs(path, text, "include", p)?),
            None => None,
        };
        let exclude = match files.as_ref().and_then(|f| f.exclude.as_ref()) {
            Some(p) => Some(globs(path, text, "exclude", p)?),
            None => None,
        };
        let selectors = |key: &str, names: &[String]| -> Result<Vec<Selector>, ConfigError> {
            names
                .iter()
                .map(|n| {
                    Selector::parse(n)
                        .map_err(|u| err(line_of_key(text, key), unknown_selector(key, &u, lang)))
                })
                .collect()
        };
        let selection = Selection {
            select: match &raw.select {
                Some(names) => Some(selectors("select", names)?),
                None => None,
            },
            ignore: selectors("ignore", raw.ignore.as_deref().unwrap_or_default())?,
        };
        let dismissals = crate::dismiss::parse(path, text, raw.dismiss.unwrap_or_default(), lang)?;
        Ok(ProjectConfig {
            selection,
            dismissals,
            path: path.to_path_buf(),
            language,
            rules,
            body_type,
            year: raw.year,
            previous: raw.previous.map(|p| dir.join(portable(&p))),
            limits,
            include,
            exclude,
        })
    }

    /// Reads and parses a configuration file.
    pub fn load(path: &Path, lang: Lang) -> Result<ProjectConfig, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: path.to_path_buf(),
            line: None,
            message: crate::tr!(
                lang,
                format!("无法读取：{}", crate::io_message::describe(&e, lang)),
                format!("cannot read: {e}")
            ),
        })?;
        ProjectConfig::parse(path, &text, lang)
    }

    /// The nearest `nianbao.toml` in `start`'s folder or above.
    pub fn find(start: &Path) -> Option<PathBuf> {
        Self::find_with(start, &mut FindCache::default())
    }

    /// [`find`](Self::find), remembering what each folder gave: a folder of
    /// reports costs one look per folder, not one per report and level.
    pub fn find_with(start: &Path, cache: &mut FindCache) -> Option<PathBuf> {
        let abs = std::path::absolute(start).unwrap_or_else(|_| start.to_path_buf());
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        let mut searched = Vec::new();
        let found = loop {
            let Some(d) = dir else { break None };
            if let Some(found) = cache.dirs.get(d) {
                break found.clone();
            }
            searched.push(d);
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                break Some(candidate);
            }
            dir = d.parent();
        };
        for d in searched {
            cache.dirs.insert(d.to_path_buf(), found.clone());
        }
        found
    }

    /// [`find_with`](Self::find_with) for a file (never a folder): the
    /// second file of a folder is answered by the folder as its path names
    /// it, without making the path absolute or asking whether it is a folder
    /// (two system calls per report in a folder of 20,000).
    pub fn find_for_file(file: &Path, cache: &mut FindCache) -> Option<PathBuf> {
        let folder = file.parent().unwrap_or(Path::new(""));
        if let Some(found) = cache.folders.get(folder) {
            return found.clone();
        }
        let found = Self::find_with(file, cache);
        cache.folders.insert(folder.to_path_buf(), found.clone());
        found
    }

    /// The analysis settings: this file's over `base` (the command line or the
    /// editor). The file's language is used unless `lang_given`.
    pub fn apply(&self, base: &Config, lang_given: bool) -> Config {
        self.apply_with(base, lang_given, &Selection::default())
    }

    /// [`apply`](Self::apply), with the command line's `--select`/`--ignore`
    /// over the file's `select`/`ignore`.
    pub fn apply_with(&self, base: &Config, lang_given: bool, cli: &Selection) -> Config {
        let mut c = base.clone();
        if let (Some(l), false) = (self.language, lang_given) {
            c.lang = l;
        }
        for (id, level) in &self.rules {
            c.rules.insert(id.clone(), *level);
        }
        if self.body_type.is_some() {
            c.body_type = self.body_type;
        }
        if self.year.is_some() {
            c.year = self.year;
        }
        self.selection.then(cli).apply(&mut c);
        c
    }

    /// The input limits: this file's over `base`.
    pub fn apply_limits(&self, base: &Limits) -> Limits {
        let mut l = *base;
        for (limit, v) in &self.limits {
            l.set(*limit, *v);
        }
        l
    }

    /// The line where `previous` is set (for its errors).
    pub fn previous_line(&self) -> Option<usize> {
        let text = std::fs::read_to_string(&self.path).ok()?;
        line_of_key(&text, "previous")
    }

    /// Whether a file found by walking a folder is to be checked, by the
    /// include and exclude patterns (relative to this file's folder).
    pub fn selects(&self, file: &Path) -> bool {
        let dir = self.path.parent().unwrap_or(Path::new("."));
        let abs = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        let rel = abs
            .strip_prefix(std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf()))
            .unwrap_or(&abs);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(rel)) {
            return false;
        }
        self.include.as_ref().is_none_or(|g| g.is_match(rel))
    }
}

/// The message for a name in `select`/`ignore` (or `--select`/`--ignore`,
/// with `key` the option) that is no rule id or category.
pub fn unknown_selector(key: &str, u: &crate::analysis::select::Unknown, lang: Lang) -> String {
    let hint = u
        .suggestion
        .map(|s| {
            crate::tr!(
                lang,
                format!("，是否要写 {s}？"),
                format!("; did you mean {s}?")
            )
        })
        .unwrap_or_default();
    crate::tr!(
        lang,
        format!(
            "{key}：没有规则或类别「{}」{hint}（类别：structure、tables、arithmetic、narrative、years；运行 nianbao rules 查看全部规则）",
            u.name
        ),
        format!(
            "{key}: unknown rule or category \"{}\"{hint} (categories: structure, tables, arithmetic, narrative, years; run `nianbao rules` for the rules)",
            u.name
        )
    )
}

/// The owner (user id) of a report: its file's, or for standard input (no
/// file) the user running nianbao. `None` where there are no such owners.
#[cfg(unix)]
pub fn owner_of(report: Option<&Path>) -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    match report {
        Some(p) => std::fs::metadata(p).ok().map(|m| m.uid()),
        // SAFETY: geteuid has no preconditions and cannot fail.
        None => Some(unsafe { libc::geteuid() }),
    }
}

#[cfg(not(unix))]
pub fn owner_of(_report: Option<&Path>) -> Option<u32> {
    None
}

/// Whether the configuration file `config`, found upward from a report
/// owned by `owner`, may be used for it: it belongs to that user or to root.
/// The error is the warning to show (the file is then ignored).
pub fn trusted(config: &Path, owner: Option<u32>, lang: Lang) -> Result<(), ConfigError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let (Some(owner), Ok(meta)) = (owner, std::fs::metadata(config)) else {
            return Ok(());
        };
        let uid = meta.uid();
        if uid == 0 || uid == owner {
            return Ok(());
        }
        Err(ConfigError {
            path: config.to_path_buf(),
            line: None,
            message: crate::tr!(
                lang,
                format!(
                    "已忽略：该配置文件属于另一个用户（uid {uid}），不是报告的所有者（uid {owner}）或 root；如确要使用，请用 --config 指定"
                ),
                format!(
                    "ignored: the file belongs to another user (uid {uid}) than the report's owner (uid {owner}) or root; name it with --config to use it"
                )
            ),
        })
    }
    #[cfg(not(unix))]
    {
        let _ = (config, owner, lang);
        Ok(())
    }
}

/// The folders searched for a configuration file and what each gave.
#[derive(Default)]
pub struct FindCache {
    /// By absolute folder.
    dirs: rustc_hash::FxHashMap<PathBuf, Option<PathBuf>>,
    /// By the folder of a file as its path gives it (see
    /// [`ProjectConfig::find_for_file`]).
    folders: rustc_hash::FxHashMap<PathBuf, Option<PathBuf>>,
}

/// The configurations of a run: `--config`, or the `nianbao.toml` found upward
/// from each checked file (each loaded once), if trusted (see [`trusted`]).
#[derive(Debug, Default)]
pub struct Configs {
    explicit: Option<ProjectConfig>,
    /// By file: the configuration found for it (files without one are not
    /// kept: most runs have none, and then nothing is looked up).
    found: rustc_hash::FxHashMap<PathBuf, usize>,
    loaded: Vec<ProjectConfig>,
    /// For standard input: the one found from the working directory.
    cwd: Option<usize>,
    /// Files ignored because someone else owns them (one warning each), for
    /// the checked files, and for standard input (the working directory's).
    pub ignored: Vec<ConfigError>,
    pub ignored_for_stdin: Option<ConfigError>,
}

impl Configs {
    /// Loads the configuration of each file (and of the working directory, for
    /// standard input). All errors are returned together.
    pub fn load(
        explicit: Option<&Path>,
        files: &[&Path],
        lang: Lang,
    ) -> Result<Configs, Vec<ConfigError>> {
        let mut c = Configs::default();
        let mut errors = Vec::new();
        if let Some(p) = explicit {
            match ProjectConfig::load(p, lang) {
                Ok(pc) => c.explicit = Some(pc),
                Err(e) => errors.push(e),
            }
            return if errors.is_empty() {
                Ok(c)
            } else {
                Err(errors)
            };
        }
        // By configuration file and report owner (trust depends on both).
        let mut by_path: std::collections::HashMap<(PathBuf, Option<u32>), Option<usize>> =
            std::collections::HashMap::new();
        let mut dirs = FindCache::default();
        let mut resolve = |start: &Path,
                           report: Option<&Path>,
                           c: &mut Configs,
                           errors: &mut Vec<ConfigError>|
         -> Option<usize> {
            let found = match report {
                Some(file) => ProjectConfig::find_for_file(file, &mut dirs)?,
                None => ProjectConfig::find_with(start, &mut dirs)?,
            };
            let owner = owner_of(report);
            if let Some(i) = by_path.get(&(found.clone(), owner)) {
                return *i;
            }
            let i = match trusted(&found, owner, lang) {
                Err(warning) => {
                    if report.is_none() {
                        c.ignored_for_stdin = Some(warning);
                    } else if !c.ignored.contains(&warning) {
                        c.ignored.push(warning);
                    }
                    None
                }
                Ok(()) => match c.loaded.iter().position(|p| p.path == found) {
                    Some(i) => Some(i),
                    None => match ProjectConfig::load(&found, lang) {
                        Ok(pc) => {
                            c.loaded.push(pc);
                            Some(c.loaded.len() - 1)
                        }
                        Err(e) => {
                            errors.push(e);
                            None
                        }
                    },
                },
            };
            by_path.insert((found, owner), i);
            i
        };
        for f in files {
            if let Some(i) = resolve(f, Some(f), &mut c, &mut errors) {
                c.found.insert(f.to_path_buf(), i);
            }
        }
        c.cwd = std::env::current_dir()
            .ok()
            .and_then(|d| resolve(&d, None, &mut c, &mut errors));
        if errors.is_empty() {
            Ok(c)
        } else {
            Err(errors)
        }
    }

    /// The configuration of a file (`None`: standard input).
    pub fn project(&self, file: Option<&Path>) -> Option<&ProjectConfig> {
        if let Some(e) = &self.explicit {
            return Some(e);
        }
        let i = match file {
            Some(_) if self.found.is_empty() => None,
            Some(f) => self.found.get(f).copied(),
            None => self.cwd,
        }?;
        self.loaded.get(i)
    }

    /// The analysis settings for a file: its configuration over `base`.
    pub fn config(&self, file: Option<&Path>, base: &Config, lang_given: bool) -> Config {
        self.config_with(file, base, lang_given, &Selection::default())
    }

    /// [`config`](Self::config) with the command line's `--select`/`--ignore`.
    pub fn config_with(
        &self,
        file: Option<&Path>,
        base: &Config,
        lang_given: bool,
        cli: &Selection,
    ) -> Config {
        match self.project(file) {
            Some(p) => p.apply_with(base, lang_given, cli),
            None => {
                let mut c = base.clone();
                cli.apply(&mut c);
                c
            }
        }
    }

    /// The language of the run's own messages: the command line's, else that
    /// of the configuration for the working directory (or `--config`).
    pub fn language(&self) -> Option<Lang> {
        self.project(None).and_then(|p| p.language)
    }
}

/// The commented default file written by `nianbao init`.
pub const DEFAULT_FILE: &str = r#"# nianbao 配置文件 / nianbao configuration
# nianbao check 和语言服务器（编辑器插件）都读取本文件：从被检查的文件所在目录向上查找。
# Both `nianbao check` and the language server read this file, found upward from the checked file.

# 提示语言：zh（中文，默认）或 en / message language: zh (default) or en
# language = "zh"

# 机关类型：人民政府、部门或乡镇街道；默认根据标题判断
# body type: 人民政府 (government), 部门 (department) or 乡镇街道 (township); default: from the title
# body-type = "部门"

# 报告年度，标题中没有年份时使用 / the report year, when the title does not give it
# year = 2024

# 上一年度报告，用于跨年度核对（如结转数） / last year's report, for the cross-year checks
# previous = "../2023/报告.txt"

# 只运行或不运行哪些规则：规则编号或类别 structure、tables、arithmetic、narrative、years
# which rules run: rule ids or the categories structure, tables, arithmetic, narrative, years
# select = ["structure", "tables", "arithmetic"]
# ignore = ["label-drift"]

# 各规则的级别：error、warning、info 或 off（关闭）；运行 nianbao rules 查看全部规则
# per-rule level: error, warning, info or off; run `nianbao rules` for the list
[rules]
# label-drift = "off"
# nonstandard-heading = "off"

# 检查目录时包含和排除的文件（相对于本文件所在目录，目录分隔用 / 或 \）
# files to include and exclude when checking a folder (relative to this file's folder); / or \ between folders
[files]
# include = ["**/*.txt", "**/*.md", "**/*.docx"]
# exclude = ["草稿/**"]

# 审核人员认定不是问题的检查结果：不再显示，须写明理由（编辑器的“忽略此问题…”会自动添加）
# findings a reviewer judged not to be problems: no longer shown; a reason is required
# (the editor's "Dismiss this finding…" adds them). See docs/reviewers.md.
# [[dismiss]]
# rule = "narrative-mismatch"
# file = "2024/*.txt"               # 可选 / optional
# fingerprint = "28dd792e9906eaf4"  # 可选：只忽略这一个 / optional: this finding only
# reason = "38 条为公开的信息条数，不是处理决定数"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<ProjectConfig, ConfigError> {
        ProjectConfig::parse(Path::new("/p/nianbao.toml"), text, Lang::En)
    }

    /// Files of one folder get what the first one found; every file gets
    /// what `find` gives it alone, with relative and absolute paths.
    #[test]
    fn files_find_what_find_gives_them() {
        // Under the working directory, so that paths can be relative too.
        let cwd = std::env::current_dir().unwrap();
        let root = tempfile::tempdir_in(&cwd).unwrap();
        let (a, b) = (root.path().join("a"), root.path().join("a/b"));
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join(FILE_NAME), "").unwrap();
        let c = root.path().join("c");
        std::fs::create_dir_all(&c).unwrap();
        let mut files = Vec::new();
        for dir in [&a, &b, &c] {
            for name in ["1.txt", "2.txt", "3.md"] {
                let f = dir.join(name);
                std::fs::write(&f, "").unwrap();
                files.push(f);
            }
        }
        let relative: Vec<PathBuf> = files
            .iter()
            .filter_map(|f| f.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .collect();
        assert_eq!(relative.len(), files.len());
        let mut cache = FindCache::default();
        for f in files.iter().chain(&relative) {
            let want = ProjectConfig::find(f);
            assert_eq!(ProjectConfig::find_for_file(f, &mut cache), want, "{f:?}");
        }
        let with_config = files.iter().filter(|f| !f.starts_with(&c));
        assert_eq!(with_config.clone().count(), 6);
        for f in with_config {
            assert_eq!(ProjectConfig::find(f), Some(a.join(FILE_NAME)));
        }
    }

    #[test]
    fn the_default_file_parses() {
        let c = parse(DEFAULT_FILE).unwrap();
        assert!(c.rules.is_empty() && c.language.is_none());
        assert!(c.dismissals.is_empty() && c.selection.is_empty());
        // Its commented examples parse too.
        let uncommented: String = DEFAULT_FILE
            .lines()
            .map(|l| match l.strip_prefix("# ") {
                Some(r) if r.contains(" = ") || r.starts_with('[') => r,
                _ => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        let c = parse(&uncommented).unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
        assert_eq!(c.dismissals.len(), 1);
        assert!(c.selection.select.is_some() && c.rules.len() == 2);
    }

    #[test]
    fn select_and_ignore() {
        let c =
            parse("select = [\"arithmetic\", \"narrative-mismatch\"]\nignore = [\"balance\"]\n")
                .unwrap();
        let cfg = c.apply(&Config::default(), false);
        assert_eq!(cfg.rules.get("balance"), Some(&None));
        assert_eq!(cfg.rules.get("missing-section"), Some(&None));
        assert_eq!(
            cfg.rules.get("row-total"),
            None,
            "selected: its default level"
        );
        let e = parse("\nignore = [\"thin-sectoin\"]\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("thin-section"), "{e}");
    }

    #[test]
    fn settings() {
        let c = parse("language = \"en\"\nbody-type = \"部门\"\nyear = 2023\nprevious = \"../2022.txt\"\n[rules]\nlabel-drift = \"off\"\nbalance = \"warning\"\n[files]\nexclude = [\"草稿/**\"]\n").unwrap();
        assert_eq!(c.language, Some(Lang::En));
        assert_eq!(c.body_type, Some(BodyType::Department));
        assert_eq!(c.previous, Some(PathBuf::from("/p/../2022.txt")));
        let cfg = c.apply(&Config::default(), false);
        assert_eq!(cfg.lang, Lang::En);
        assert_eq!(cfg.rules.get("label-drift"), Some(&None));
        assert_eq!(cfg.rules.get("balance"), Some(&Some(Severity::Warning)));
        assert_eq!(c.apply(&Config::default(), true).lang, Lang::Zh);
        assert!(!c.selects(Path::new("/p/草稿/a.txt")));
        assert!(c.selects(Path::new("/p/2023/a.txt")));
    }

    #[test]
    fn backslashes_separate_folders_as_on_windows() {
        let c = parse(
            "previous = '..\\2022\\报告.txt'\n[files]\nexclude = ['草稿\\**', 'old\\*.txt']\n",
        )
        .unwrap();
        assert_eq!(c.previous, Some(Path::new("/p").join("../2022/报告.txt")));
        assert!(!c.selects(Path::new("/p/草稿/a.txt")));
        assert!(!c.selects(Path::new("/p/old/a.txt")));
        assert!(c.selects(Path::new("/p/2023/a.txt")));
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse("language = \"zh\"\n\n[rules]\nrow-totl = \"off\"\n").unwrap_err();
        assert_eq!(e.line, Some(4));
        assert!(e.message.contains("row-totl"), "{e}");
        let e = parse("language = \"zh\"\ncolour = true\n").unwrap_err();
        assert_eq!(e.line, Some(2), "{e}");
        assert!(e.message.contains("colour"), "{e}");
        let e = parse("[rules]\nbalance = \"loud\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        let e = parse("year = \"x\n").unwrap_err();
        assert_eq!(e.line, Some(1));
        assert_eq!(e.to_string().split(':').next(), Some("/p/nianbao.toml"));
    }
}
