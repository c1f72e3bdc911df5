//! The report files of the workspace folders, indexed by the body and year in
//! their titles, so that an open report is compared with the same body's
//! report of the year before (the rules across years) even when that file is
//! not open. The index is built in the background when the server starts and
//! kept up to date from the client's file-change notifications.
//!
//! Only regular files are read (a FIFO in the workspace would block the
//! indexing thread), each within the input limits of its `nianbao.toml`.

use crate::analysis::config::Config;
use crate::analysis::previous::key_of;
use crate::analysis::{Analysis, analyze};
use crate::input::{self, Kind, Limits};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A report's pairing key: the body (folded) and the year.
pub use crate::analysis::previous::Key;

/// At most this many files are indexed (a workspace opened on a home folder).
const MAX_FILES: usize = 20_000;
/// Folders never walked.
const SKIPPED_DIRS: [&str; 4] = ["node_modules", "target", "__pycache__", "venv"];

/// A report read from disk (or from an open document), ready to compare with.
pub struct Loaded {
    /// How messages name it: the file name.
    pub name: String,
    pub text: String,
    pub analysis: Arc<Analysis>,
    /// What identifies this version of it (to notice that it changed).
    pub stamp: String,
}

#[derive(Default)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    /// The key of every report file found (files that are not reports: None).
    keys: HashMap<PathBuf, Option<Key>>,
    /// Reports read for comparison, by path, with the modification time read.
    loaded: HashMap<PathBuf, (Option<SystemTime>, Arc<Loaded>)>,
}

impl Workspace {
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
    }

    pub fn roots(&self) -> Vec<PathBuf> {
        self.roots.clone()
    }

    /// Records what indexing found.
    pub fn insert(&mut self, path: PathBuf, key: Option<Key>) {
        self.loaded.remove(&path);
        self.keys.insert(path, key);
    }

    pub fn remove(&mut self, path: &Path) {
        self.keys.remove(path);
        self.loaded.remove(path);
    }

    /// Number of reports indexed.
    pub fn reports(&self) -> usize {
        self.keys.values().filter(|k| k.is_some()).count()
    }

    /// The file holding the report of this body and year (the first by path),
    /// other than `except`: a name written alike before one with more or fewer
    /// divisions in front (see `previous::same_body`).
    pub fn find(&self, key: &Key, except: Option<&Path>) -> Option<PathBuf> {
        let found = |exact: bool| {
            self.keys
                .iter()
                .filter(|(p, k)| Some(p.as_path()) != except && k.is_some())
                .filter(|(_, k)| {
                    k.as_ref().is_some_and(|k| {
                        if exact {
                            k == key
                        } else {
                            crate::analysis::previous::same_key(k, key)
                        }
                    })
                })
                .map(|(p, _)| p.clone())
                .min()
        };
        found(true).or_else(|| found(false))
    }

    /// The report in `path` (read within `limits`), read again when the file
    /// changed since.
    pub fn load(&mut self, path: &Path, limits: &Limits) -> Option<Arc<Loaded>> {
        let modified = std::fs::metadata(path).and_then(|m| m.modified()).ok();
        if let Some((m, l)) = self.loaded.get(path) {
            if *m == modified {
                return Some(l.clone());
            }
        }
        let text = read_report(path, limits)?;
        let analysis = Arc::new(analyze(&text, &Config::default()));
        let stamp = format!(
            "{}@{:?}",
            path.display(),
            modified.and_then(|m| m.duration_since(SystemTime::UNIX_EPOCH).ok())
        );
        let loaded = Arc::new(Loaded {
            name: file_name(path),
            text,
            analysis,
            stamp,
        });
        self.keys
            .insert(path.to_path_buf(), key_of(&loaded.analysis.report));
        self.loaded
            .insert(path.to_path_buf(), (modified, loaded.clone()));
        Some(loaded)
    }
}

pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The report text of a file, if it is a readable report file (a regular
/// file within `limits`).
pub fn read_report(path: &Path, limits: &Limits) -> Option<String> {
    let bytes = crate::files::read_file(path, limits, true).ok()?;
    input::text_of(Some(path), &bytes, limits).ok()
}

/// The key of the report in a file (None for files that are not reports).
pub fn key_of_file(path: &Path, limits: &Limits) -> Option<Key> {
    let text = read_report(path, limits)?;
    key_of(&crate::analysis::syntax::parse(&text))
}

/// Whether a path names a file nianbao reads (by its extension).
pub fn is_report_file(path: &Path) -> bool {
    Kind::from_path(path).is_some()
        && !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
}

/// The report files under the roots, walked as `nianbao check` walks a folder
/// (the `ignore` crate: `.gitignore` and `.ignore` respected, hidden files and
/// folders skipped) with build or dependency folders skipped, and so are
/// (counted) the files with a report's name that are not regular files; at
/// most `MAX_FILES`.
pub fn files_under(roots: &[PathBuf]) -> (Vec<PathBuf>, usize) {
    let mut out = Vec::new();
    let mut special = 0;
    for root in roots {
        let walker = ignore::WalkBuilder::new(root)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .filter_entry(|e| {
                e.depth() == 0
                    || !(e.file_type().is_some_and(|t| t.is_dir())
                        && SKIPPED_DIRS.contains(&&*e.file_name().to_string_lossy()))
            })
            .build();
        for e in walker.flatten() {
            let Some(kind) = e.file_type() else { continue };
            if kind.is_file() && is_report_file(e.path()) {
                out.push(e.into_path());
                if out.len() >= MAX_FILES {
                    return (out, special);
                }
            } else if !kind.is_symlink() && !kind.is_dir() && is_report_file(e.path()) {
                special += 1;
            }
        }
    }
    (out, special)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_reports_and_skips_hidden_and_dependency_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("2022")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::create_dir_all(root.join("node_modules/x")).unwrap();
        std::fs::write(
            root.join("2022/a.txt"),
            crate::analysis::template::sample_previous(),
        )
        .unwrap();
        std::fs::write(root.join("b.md"), crate::analysis::template::sample()).unwrap();
        std::fs::write(root.join("notes.rs"), "fn main() {}").unwrap();
        std::fs::write(root.join("~$b.docx"), "lock").unwrap();
        std::fs::write(root.join(".git/c.txt"), "x").unwrap();
        std::fs::write(root.join("node_modules/x/d.md"), "x").unwrap();
        let (mut files, special) = files_under(&[root.to_path_buf()]);
        assert_eq!(special, 0);
        files.sort();
        assert_eq!(files, vec![root.join("2022/a.txt"), root.join("b.md")]);
        // A published PDF is a report file too, read through its text layer.
        let pdf = root.join("pdf/c.pdf");
        std::fs::create_dir_all(pdf.parent().unwrap()).unwrap();
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/fixtures/pdf/xinxiang-city-hrss-2023.typst.pdf"
            ),
            &pdf,
        )
        .unwrap();
        assert!(files_under(&[root.to_path_buf()]).0.contains(&pdf));
        assert_eq!(key_of_file(&pdf, &Limits::DEFAULT).map(|k| k.1), Some(2023));
        std::fs::remove_dir_all(pdf.parent().unwrap()).unwrap();
        // A folder the .gitignore names is not indexed.
        std::fs::create_dir_all(root.join("drafts")).unwrap();
        let draft = root.join("drafts/d.txt");
        std::fs::write(&draft, crate::analysis::template::sample()).unwrap();
        std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
        assert!(!files_under(&[root.to_path_buf()]).0.contains(&draft));
        std::fs::remove_dir_all(root.join("drafts")).unwrap();
        let mut ws = Workspace::default();
        for f in files {
            let key = key_of_file(&f, &Limits::default());
            ws.insert(f, key);
        }
        assert_eq!(ws.reports(), 2);
        let key = (crate::analysis::previous::body_key("示例市示例局"), 2022);
        assert_eq!(ws.find(&key, None), Some(root.join("2022/a.txt")));
        assert_eq!(ws.find(&key, Some(&root.join("2022/a.txt"))), None);
        // The same body with its city in front.
        let key = (
            crate::analysis::previous::body_key("江苏省示例市示例局"),
            2022,
        );
        assert_eq!(ws.find(&key, None), Some(root.join("2022/a.txt")));
        let key = (
            crate::analysis::previous::body_key("示例市示例局办公室"),
            2022,
        );
        assert_eq!(ws.find(&key, None), None);
        let loaded = ws
            .load(&root.join("2022/a.txt"), &Limits::default())
            .unwrap();
        assert_eq!(loaded.name, "a.txt");
        // Cached until the file changes.
        assert!(Arc::ptr_eq(
            &loaded,
            &ws.load(&root.join("2022/a.txt"), &Limits::default())
                .unwrap()
        ));
    }
}
