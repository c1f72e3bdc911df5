//! Baselines: `--write-baseline FILE` records the findings of a run (JSON,
//! sorted, the same bytes for the same findings), `--baseline FILE` hides the
//! findings it records, so that only new ones are reported and count for the
//! exit code.
//!
//! ```json
//! {"version":1,"findings":[
//!   {"file":"reports/2023.txt","rule":"row-total","fingerprint":"9f2c4e1a0b7d3c65","message":"…"}]}
//! ```
//!
//! `file` is relative to the baseline's folder (`/` between folders), so the
//! baseline works from any working directory and on any system; a finding is
//! known when its file, rule and fingerprint are recorded (the message is for
//! people reading the baseline).

use crate::analysis::config::Lang;
use crate::analysis::finding::Finding;
use crate::tr;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Entry {
    pub file: String,
    pub rule: String,
    pub fingerprint: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Serialize, Deserialize)]
struct Doc {
    version: u32,
    findings: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug)]
pub struct Baseline {
    pub path: PathBuf,
    dir: PathBuf,
    entries: Vec<Entry>,
    /// (file, rule, fingerprint) → indices into `entries`.
    index: HashMap<(String, String, String), Vec<usize>>,
    /// file → indices into `entries`.
    by_file: HashMap<String, Vec<usize>>,
}

/// The key of a checked file: relative to `dir`, `/` between folders.
pub fn file_key(dir: &Path, file: Option<&Path>) -> String {
    match file {
        None => "<stdin>".to_string(),
        Some(f) => crate::dismiss::relative(dir, f)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    }
}

fn dir_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Baseline {
    pub fn load(path: &Path, lang: Lang) -> Result<Baseline, String> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            tr!(
                lang,
                format!("{}: 无法读取基线：{e}", path.display()),
                format!("{}: cannot read the baseline: {e}", path.display())
            )
        })?;
        let doc: Doc = serde_json::from_str(&text).map_err(|e| {
            tr!(
                lang,
                format!(
                    "{}: 不是 nianbao 的基线文件（{e}）；请用 --write-baseline 生成",
                    path.display()
                ),
                format!(
                    "{}: not a nianbao baseline ({e}); make one with --write-baseline",
                    path.display()
                )
            )
        })?;
        if doc.version != 1 {
            return Err(tr!(
                lang,
                format!("{}: 不支持的基线版本 {}", path.display(), doc.version),
                format!(
                    "{}: unsupported baseline version {}",
                    path.display(),
                    doc.version
                )
            ));
        }
        let mut index: HashMap<_, Vec<usize>> = HashMap::new();
        let mut by_file: HashMap<_, Vec<usize>> = HashMap::new();
        for (i, e) in doc.findings.iter().enumerate() {
            index
                .entry((e.file.clone(), e.rule.clone(), e.fingerprint.clone()))
                .or_default()
                .push(i);
            by_file.entry(e.file.clone()).or_default().push(i);
        }
        Ok(Baseline {
            path: path.to_path_buf(),
            dir: dir_of(path),
            entries: doc.findings,
            index,
            by_file,
        })
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The first entry not yet `matched` recording this finding.
    pub fn find(
        &self,
        file: Option<&Path>,
        rule: &str,
        fp: &str,
        matched: &[bool],
    ) -> Option<usize> {
        let key = (file_key(&self.dir, file), rule.to_string(), fp.to_string());
        self.index
            .get(&key)?
            .iter()
            .copied()
            .find(|i| !matched.get(*i).copied().unwrap_or(true))
    }

    /// Marks in `checked` (one flag per entry) the entries of a checked file.
    pub fn mark_checked(&self, file: Option<&Path>, checked: &mut [bool]) {
        if let Some(entries) = self.by_file.get(&file_key(&self.dir, file)) {
            for &i in entries {
                checked[i] = true;
            }
        }
    }

    /// Entries of the checked files (`checked`, see [`Self::mark_checked`])
    /// that nothing matched.
    pub fn gone(&self, matched: &[bool], checked: &[bool]) -> usize {
        (0..self.entries.len())
            .filter(|&i| !matched[i] && checked[i])
            .count()
    }
}

/// The baseline entries of a checked file's findings (those left after
/// dismissals, with their fingerprints), for the baseline `path`.
pub fn entries_of(
    path: &Path,
    file: Option<&Path>,
    findings: &[Finding],
    fps: &[String],
) -> Vec<Entry> {
    let file = file_key(&dir_of(path), file);
    findings
        .iter()
        .zip(fps)
        .map(|(f, fp)| Entry {
            file: file.clone(),
            rule: f.rule.to_string(),
            fingerprint: fp.clone(),
            message: f.message.clone(),
        })
        .collect()
}

/// The baseline of a run's findings (see [`entries_of`]): sorted, one finding
/// a line.
pub fn render(mut entries: Vec<Entry>) -> String {
    entries.sort();
    let mut out = String::from("{\"version\":1,\"findings\":[");
    for (i, e) in entries.iter().enumerate() {
        out.push_str(if i == 0 { "\n  " } else { ",\n  " });
        out.push_str(&serde_json::to_string(e).unwrap_or_default());
    }
    out.push_str("\n]}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_relative_with_slashes() {
        assert_eq!(
            file_key(Path::new("/a/ci"), Some(Path::new("/a/reports/x.txt"))),
            "../reports/x.txt"
        );
        assert_eq!(file_key(Path::new("/a"), None), "<stdin>");
    }
}
