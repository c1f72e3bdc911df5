//! The `nianbao.toml` of open documents, as the CLI finds it (upward from the
//! file), reloaded when it changes: each check compares the file's
//! modification time, and a watched-file notification drops the cache. A file
//! owned by someone else than the document's owner or root is ignored, with a
//! warning (see `config_file::trusted`).

use crate::analysis::config::Lang;
use crate::config_file::{ConfigError, ProjectConfig, owner_of, trusted};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

struct Loaded {
    mtime: Option<SystemTime>,
    result: Result<ProjectConfig, ConfigError>,
}

#[derive(Default)]
pub struct ProjectConfigs {
    /// Folder of a document -> the configuration file found for it.
    found: HashMap<PathBuf, Option<PathBuf>>,
    files: HashMap<PathBuf, Loaded>,
    /// Errors already shown to the user (file and modification time).
    reported: HashSet<(PathBuf, Option<SystemTime>)>,
}

fn mtime(p: &Path) -> Option<SystemTime> {
    std::fs::metadata(p).and_then(|m| m.modified()).ok()
}

impl ProjectConfigs {
    /// Forgets everything (a configuration file was created, changed or deleted).
    pub fn invalidate(&mut self) {
        self.found.clear();
        self.files.clear();
    }

    /// The configuration for a document at `path`, and an error to show the user
    /// if its file is broken (once per version of the file).
    pub fn for_document(
        &mut self,
        path: &Path,
        lang: Lang,
    ) -> (Option<ProjectConfig>, Option<ConfigError>) {
        let dir = path.parent().unwrap_or(Path::new("/")).to_path_buf();
        let found = self
            .found
            .entry(dir.clone())
            .or_insert_with(|| ProjectConfig::find(path))
            .clone();
        let Some(cfg) = found else {
            return (None, None);
        };
        let now = mtime(&cfg);
        if now.is_none() {
            // Deleted: look again next time.
            self.found.remove(&dir);
            self.files.remove(&cfg);
            return (None, None);
        }
        if let Err(warning) = trusted(&cfg, owner_of(Some(path)), lang) {
            let fresh = self.reported.insert((cfg.clone(), now));
            return (None, fresh.then_some(warning));
        }
        let stale = self.files.get(&cfg).is_none_or(|l| l.mtime != now);
        if stale {
            self.files.insert(
                cfg.clone(),
                Loaded {
                    mtime: now,
                    result: ProjectConfig::load(&cfg, lang),
                },
            );
        }
        match &self.files[&cfg].result {
            Ok(p) => (Some(p.clone()), None),
            Err(e) => {
                let fresh = self.reported.insert((cfg.clone(), now));
                (None, fresh.then(|| e.clone()))
            }
        }
    }
}
