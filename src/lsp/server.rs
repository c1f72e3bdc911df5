//! The language server: document store, scheduling of checks, and the LSP
//! handlers. Every edit is applied to the document store synchronously, before
//! any `.await`, so edits apply in arrival order even though handlers run
//! concurrently; checks are stamped with the document version, and one publisher
//! task sends diagnostics in order, dropping any that a newer version replaced.
//!
//! A document larger than the `text` input limit (of its `nianbao.toml`) is
//! not checked: only its text is kept, in a rope, so that edits still apply,
//! and one diagnostic and one message say why; once edits bring it under the
//! limit it is parsed and checked again. Workspace files are read within the
//! same limits.

use super::convert::{self, Encoding};
use super::document::Document;
use super::features;
use super::project::ProjectConfigs;
use super::settings::Settings;
use super::workspace::{self, Key, Loaded, Workspace};
use crate::analysis::Analysis;
use crate::analysis::config::Config;
use crate::input::{InputError, Limit, Limits};
use ropey::Rope;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::mpsc;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

/// A request to check and publish a document at a version.
struct Job {
    uri: Uri,
    version: i32,
}

/// What a publication was made from: the document version, the
/// configuration, the stamp of last year's report compared with, and that of
/// the dismissals applied.
type Published = (i32, Config, Option<String>, String);

/// What the client can do with a workspace edit and a document to show.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientCaps {
    /// `documentChanges` in workspace edits.
    pub document_changes: bool,
    /// The `create` resource operation (a new nianbao.toml).
    pub create_files: bool,
    /// `window/showDocument`.
    pub show_document: bool,
}

pub struct State {
    docs: Mutex<HashMap<Uri, Document>>,
    settings: Mutex<Settings>,
    /// The nianbao.toml of open documents.
    projects: Mutex<ProjectConfigs>,
    /// Whether the client watches files for us (dynamic registration).
    watch_configs: std::sync::atomic::AtomicBool,
    /// Configuration errors to show the user (found while checking).
    config_errors: Mutex<Vec<String>>,
    encoding: Mutex<Encoding>,
    jobs: mpsc::UnboundedSender<Job>,
    /// What was last published per open document: its version, the
    /// configuration it was checked with and the stamp of last year's report
    /// it was compared with (a repeat is not sent again).
    /// Forgotten when the document closes: the client then clears its
    /// diagnostics, and a reopened document (at version 1 again) must get
    /// them anew.
    published: Mutex<HashMap<Uri, Published>>,
    /// The base of rule documentation links.
    docs_base: Mutex<Option<String>>,
    /// The report files of the workspace folders (for last year's reports).
    workspace: Mutex<Workspace>,
    /// The client shows `$/progress` (window.workDoneProgress).
    progress: std::sync::atomic::AtomicBool,
    /// A large text came in (opened, pasted, replaced): once its check is
    /// published, the memory of the message and of the check's temporaries
    /// goes back to the system (see `release_memory`).
    release_after_check: std::sync::atomic::AtomicBool,
    caps: Mutex<ClientCaps>,
    /// Open documents over the `text` limit: their text (the `docs` entry is
    /// then an empty document), and the ones already told to the user.
    oversized: Mutex<HashMap<Uri, Rope>>,
    told_oversized: Mutex<HashSet<Uri>>,
    /// Errors of `previous =` already shown.
    told_previous: Mutex<HashSet<String>>,
    /// How long the last check of each open document took (analysis,
    /// positions and serialization): the debounce applies only to documents
    /// whose check is slow (see `Backend::schedule`).
    check_cost: Mutex<HashMap<Uri, std::time::Duration>>,
    /// Diagnostics go to the client serialized here, in order (see
    /// `transport::Raw`); so do the publisher's messages, to stay in order
    /// with them.
    raw: super::transport::Raw,
}

/// Texts from this size on are followed by `release_memory` once checked.
const LARGE_TEXT: usize = 256 * 1024;

/// A document is checked at once after an edit when its last check took at
/// most 1/`FAST_CHECK` of the debounce delay.
const FAST_CHECK: u32 = 4;

/// Locks a mutex; a poisoned lock (a panic elsewhere) still yields the data.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

impl State {
    pub fn encoding(&self) -> Encoding {
        *lock(&self.encoding)
    }

    pub fn settings(&self) -> Settings {
        lock(&self.settings).clone()
    }

    /// The configuration of a document: the editor's settings, under the
    /// nianbao.toml found upward from the document's file (as the CLI reads it).
    pub fn config_for(&self, uri: &Uri) -> Config {
        self.project_config(uri).0
    }

    /// The configuration of a document and the nianbao.toml it comes from.
    pub fn project_config(&self, uri: &Uri) -> (Config, Option<crate::config_file::ProjectConfig>) {
        let settings = self.settings();
        let base = settings.config();
        let Some(path) = uri.to_file_path() else {
            return (base, None);
        };
        let (project, error) = lock(&self.projects).for_document(&path, settings.lang);
        if let Some(e) = error {
            lock(&self.config_errors).push(e.to_string());
        }
        match project {
            Some(p) => (p.apply(&base, false), Some(p)),
            None => (base, None),
        }
    }

    pub fn caps(&self) -> ClientCaps {
        *lock(&self.caps)
    }

    /// The input limits of a file: its nianbao.toml's over the defaults.
    pub fn limits_for(&self, path: Option<&Path>) -> Limits {
        let Some(path) = path else {
            return Limits::default();
        };
        let lang = self.settings().lang;
        match lock(&self.projects).for_document(path, lang).0 {
            Some(p) => p.apply_limits(&Limits::default()),
            None => Limits::default(),
        }
    }

    /// The largest document checked (the `text` limit of its file).
    fn text_limit(&self, uri: &Uri) -> usize {
        self.limits_for(uri.to_file_path().as_deref()).text
    }

    /// The diagnostic of a document over the `text` limit (`None` for the
    /// others).
    fn oversized_diagnostic(&self, uri: &Uri) -> Option<(Diagnostic, String)> {
        if !lock(&self.oversized).contains_key(uri) {
            return None;
        }
        let limit = self.text_limit(uri);
        let message = InputError::TooLarge(Limit::Text, limit as u64).message(self.settings().lang);
        let d = Diagnostic {
            range: Range::default(),
            severity: Some(DiagnosticSeverity::WARNING),
            code: Some(NumberOrString::String("input-limit".to_string())),
            source: Some("nianbao".to_string()),
            message: message.clone(),
            ..Default::default()
        };
        Some((d, message))
    }

    /// Runs `f` on the document and its current analysis (with the findings
    /// across years when last year's report is known), without the findings
    /// dismissed in nianbao.toml.
    pub fn with_doc<R>(&self, uri: &Uri, f: impl FnOnce(&Document, &Analysis) -> R) -> Option<R> {
        self.with_reviewed(uri, false, |doc, r, _| f(doc, &r.analysis))
    }

    /// [`with_doc`](Self::with_doc) with the fingerprints of the findings
    /// (`want_fingerprints`) and the document's nianbao.toml.
    pub fn with_reviewed<R>(
        &self,
        uri: &Uri,
        want_fingerprints: bool,
        f: impl FnOnce(
            &Document,
            &super::review::Reviewed,
            Option<&crate::config_file::ProjectConfig>,
        ) -> R,
    ) -> Option<R> {
        let (config, project) = self.project_config(uri);
        let path = uri.to_file_path();
        let entries = super::review::entries(project.as_ref(), path.as_deref(), &config);
        let mut docs = lock(&self.docs);
        let (analysis, _) = self.full_analysis(uri, &mut docs, &config)?;
        let doc = docs.get(uri)?;
        let reviewed = super::review::review(doc, analysis, &entries, want_fingerprints);
        Some(f(doc, &reviewed, project.as_ref()))
    }

    /// The analysis of an open document, with the findings across years when
    /// last year's report of the same body is open or in the workspace; and
    /// the stamp of that report's version.
    fn full_analysis(
        &self,
        uri: &Uri,
        docs: &mut HashMap<Uri, Document>,
        config: &Config,
    ) -> Option<(Arc<Analysis>, Option<String>)> {
        let a = analyze_guarded(docs.get_mut(uri)?, config);
        let Some((body, year)) = crate::analysis::previous::key_of(&a.report) else {
            return Some((a, None));
        };
        let Some(previous) = year
            .checked_sub(1)
            .and_then(|y| self.previous_of(uri, docs, &(body, y)))
        else {
            return Some((a, None));
        };
        let doc = docs.get_mut(uri)?;
        if let Some(full) = doc.with_years(config, &previous.stamp) {
            return Some((full, Some(previous.stamp.clone())));
        }
        let text = doc.text();
        let p = crate::analysis::previous::Previous {
            report: &previous.analysis.report,
            text: &previous.text,
            name: &previous.name,
        };
        let extra = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::analysis::rules::run_years(&a.report, &text, &p, config)
        }))
        .unwrap_or_default();
        let full = if extra.is_empty() {
            a
        } else {
            let mut findings = a.findings.clone();
            findings.extend(extra);
            crate::analysis::rules::sort(&mut findings);
            Arc::new(Analysis {
                report: a.report.clone(),
                findings,
            })
        };
        doc.set_with_years(config, previous.stamp.clone(), full.clone());
        Some((full, Some(previous.stamp.clone())))
    }

    /// Last year's report with this key: an open document (its text as being
    /// edited) before a file of the workspace.
    fn previous_of(
        &self,
        uri: &Uri,
        docs: &HashMap<Uri, Document>,
        key: &Key,
    ) -> Option<Arc<Loaded>> {
        let open = docs
            .iter()
            .filter(|(u, d)| {
                *u != uri
                    && d.key()
                        .is_some_and(|k| crate::analysis::previous::same_key(&k, key))
            })
            .min_by(|a, b| a.0.as_str().cmp(b.0.as_str()));
        if let Some((u, d)) = open {
            let analysis = d.last_analysis()?;
            let name = u
                .to_file_path()
                .map(|p| workspace::file_name(&p))
                .unwrap_or_else(|| u.as_str().to_string());
            return Some(Arc::new(Loaded {
                name,
                text: d.text(),
                analysis,
                stamp: format!("{}#{}", u.as_str(), d.version),
            }));
        }
        let here = uri.to_file_path();
        let found = lock(&self.workspace).find(key, here.as_deref());
        let path = match found {
            Some(p) => p,
            None => self.configured_previous(here.as_deref()?, key.1)?,
        };
        let limits = self.limits_for(Some(&path));
        lock(&self.workspace).load(&path, &limits)
    }

    /// Last year's report named by `previous =` in the document's
    /// nianbao.toml, if it is a report of `year` (as `--previous`, whatever
    /// the body's name). A file that cannot be read is a configuration error
    /// shown to the user.
    fn configured_previous(&self, doc: &Path, year: u16) -> Option<std::path::PathBuf> {
        let lang = self.settings().lang;
        let project = lock(&self.projects).for_document(doc, lang).0?;
        let previous = project.previous.clone()?;
        let limits = project.apply_limits(&Limits::default());
        let loaded = lock(&self.workspace).load(&previous, &limits);
        match loaded {
            Some(l)
                if crate::analysis::previous::key_of(&l.analysis.report)
                    .is_some_and(|(_, y)| y == year) =>
            {
                Some(previous)
            }
            Some(_) => None,
            None => {
                let at = match project.previous_line() {
                    Some(l) => format!("{}:{l}", project.path.display()),
                    None => project.path.display().to_string(),
                };
                let message = crate::tr!(
                    lang,
                    format!(
                        "{at}: previous（上一年度报告）无法读取：{}",
                        previous.display()
                    ),
                    format!(
                        "{at}: previous (last year's report) cannot be read: {}",
                        previous.display()
                    )
                );
                // Once per file (not on every keystroke).
                if lock(&self.told_previous).insert(message.clone()) {
                    lock(&self.config_errors).push(message);
                }
                None
            }
        }
    }

    /// Open documents whose previous year is the report with key `key`.
    fn dependents(&self, key: &Key) -> Vec<(Uri, i32)> {
        let next = (key.0.clone(), key.1 + 1);
        lock(&self.docs)
            .iter()
            .filter(|(_, d)| {
                d.key()
                    .is_some_and(|k| crate::analysis::previous::same_key(&k, &next))
            })
            .map(|(u, d)| (u.clone(), d.version))
            .collect()
    }

    /// Checks every open document again (without the debounce delay).
    fn recheck_all(&self) {
        let open: Vec<(Uri, i32)> = lock(&self.docs)
            .iter()
            .map(|(u, d)| (u.clone(), d.version))
            .collect();
        for (uri, version) in open {
            let _ = self.jobs.send(Job { uri, version });
        }
    }

    /// Errors in configuration files met since the last call.
    fn take_config_errors(&self) -> Vec<String> {
        std::mem::take(&mut *lock(&self.config_errors))
    }

    /// The link to a rule's documentation.
    pub fn rule_url(&self, rule: &str) -> Option<Uri> {
        let s = self.settings();
        let url = match &s.docs_url {
            Some(u) if u.contains("{rule}") => u.replace("{rule}", rule),
            Some(u) => format!("{u}#{rule}"),
            None => format!("{}#{rule}", lock(&self.docs_base).as_ref()?),
        };
        url.parse().ok()
    }
}

/// Applies one change to the text of a document over the limit.
fn edit_rope(rope: &mut Rope, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    match change.range {
        Some(range) => {
            let start = convert::position_to_char(rope, range.start, enc);
            let end = convert::position_to_char(rope, range.end, enc);
            let (start, end) = (start.min(end), start.max(end));
            rope.remove(start..end);
            rope.insert(start, &change.text);
        }
        None => *rope = Rope::from_str(&change.text),
    }
}

impl State {
    /// Sends `textDocument/publishDiagnostics`.
    fn publish(&self, uri: Uri, diagnostics: Vec<Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        if let Some(f) =
            super::transport::notification_frame("textDocument/publishDiagnostics", &params)
        {
            let _ = self.raw.send(f);
        }
    }

    /// Sends `window/showMessage`.
    fn show(&self, typ: MessageType, message: String) {
        let params = ShowMessageParams { typ, message };
        if let Some(f) = super::transport::notification_frame("window/showMessage", &params) {
            let _ = self.raw.send(f);
        }
    }
}

/// Analyses a document; a bug in a rule must not take the server down, so a
/// panic becomes an empty result and a log line.
fn analyze_guarded(doc: &mut Document, config: &Config) -> Arc<Analysis> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| doc.analysis(config))) {
        Ok(a) => a,
        Err(_) => {
            eprintln!(
                "nianbao lsp: internal error while checking a document (version {})",
                doc.version
            );
            Arc::new(crate::analysis::analyze("", config))
        }
    }
}

/// Returns the memory freed by a closed document, or by the message and the
/// check of a large text, to the system. glibc's
/// allocator keeps freed memory for reuse and gives back only the top of its
/// heap, so without this a server that had a 5 MB document open stays tens of
/// MB larger for the rest of the session.
fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim only releases free memory of the allocator's
        // arenas; it is thread-safe and has no preconditions.
        unsafe {
            malloc_trim(0);
        }
    }
}

pub struct Backend {
    client: Client,
    state: Arc<State>,
    /// Set by the shutdown request (the exit code depends on it).
    shut_down: Arc<std::sync::atomic::AtomicBool>,
}

impl Backend {
    pub fn new(
        client: Client,
        shut_down: Arc<std::sync::atomic::AtomicBool>,
        raw: super::transport::Raw,
    ) -> Backend {
        let (tx, rx) = mpsc::unbounded_channel();
        let state = Arc::new(State {
            docs: Mutex::new(HashMap::new()),
            settings: Mutex::new(Settings::default()),
            projects: Mutex::new(ProjectConfigs::default()),
            watch_configs: std::sync::atomic::AtomicBool::new(false),
            config_errors: Mutex::new(Vec::new()),
            encoding: Mutex::new(Encoding::Utf16),
            jobs: tx,
            published: Mutex::new(HashMap::new()),
            docs_base: Mutex::new(None),
            workspace: Mutex::new(Workspace::default()),
            progress: std::sync::atomic::AtomicBool::new(false),
            release_after_check: std::sync::atomic::AtomicBool::new(false),
            caps: Mutex::new(ClientCaps::default()),
            oversized: Mutex::new(HashMap::new()),
            told_oversized: Mutex::new(HashSet::new()),
            told_previous: Mutex::new(HashSet::new()),
            check_cost: Mutex::new(HashMap::new()),
            raw,
        });
        tokio::spawn(publisher(state.clone(), rx));
        Backend {
            client,
            state,
            shut_down,
        }
    }

    /// Schedules a check of `uri` at `version`: at once when the document's
    /// last check took less than a quarter of the debounce (or it has not been
    /// checked yet), else after the debounce delay, so that a burst of edits
    /// of a slow document costs one check. Either way the publisher checks a
    /// version only while it is the document's current one, in the order the
    /// jobs come: nothing stale is published.
    fn schedule(&self, uri: Uri, version: i32) {
        let debounce = std::time::Duration::from_millis(self.state.settings().debounce_ms);
        let job = Job { uri, version };
        let cost = lock(&self.state.check_cost).get(&job.uri).copied();
        if debounce.is_zero() || cost.is_none_or(|c| c * FAST_CHECK <= debounce) {
            let _ = self.state.jobs.send(job);
        } else {
            let tx = self.state.jobs.clone();
            tokio::spawn(async move {
                tokio::time::sleep(debounce).await;
                let _ = tx.send(job);
            });
        }
    }

    async fn warn(&self, message: String) {
        self.client.log_message(MessageType::WARNING, message).await;
    }

    fn recheck_all(&self) {
        let open: Vec<(Uri, i32)> = lock(&self.state.docs)
            .iter()
            .map(|(u, d)| (u.clone(), d.version))
            .collect();
        for (u, v) in open {
            self.schedule(u, v);
        }
    }
}

/// Publishes diagnostics in the order jobs arrive, skipping versions that a
/// newer edit replaced and repeats of what was already sent.
async fn publisher(state: Arc<State>, mut rx: mpsc::UnboundedReceiver<Job>) {
    while let Some(job) = rx.recv().await {
        if lock(&state.docs)
            .get(&job.uri)
            .is_none_or(|d| d.version != job.version)
        {
            // A newer edit replaced this version (or the document closed).
            continue;
        }
        let started = std::time::Instant::now();
        let (config, project) = state.project_config(&job.uri);
        let path = job.uri.to_file_path();
        let entries = super::review::entries(project.as_ref(), path.as_deref(), &config);
        let dismissed = super::review::stamp(&entries);
        for e in state.take_config_errors() {
            state.show(MessageType::ERROR, format!("nianbao: {e}"));
        }
        let enc = state.encoding();
        if let Some((diag, message)) = state.oversized_diagnostic(&job.uri) {
            if lock(&state.told_oversized).insert(job.uri.clone()) {
                state.show(MessageType::WARNING, format!("nianbao: {message}"));
            }
            let version = match lock(&state.docs).get(&job.uri) {
                Some(doc) if doc.version == job.version => job.version,
                _ => continue,
            };
            lock(&state.published).insert(job.uri.clone(), (version, config, None, dismissed));
            state.publish(job.uri, vec![diag], Some(version));
            release_memory();
            continue;
        }
        let (diags, stamp, key, large) = {
            let mut docs = lock(&state.docs);
            match docs.get(&job.uri) {
                Some(doc) if doc.version == job.version => {}
                _ => continue,
            }
            let Some((a, stamp)) = state.full_analysis(&job.uri, &mut docs, &config) else {
                continue;
            };
            let Some(doc) = docs.get(&job.uri) else {
                continue;
            };
            if lock(&state.published)
                .get(&job.uri)
                .is_some_and(|(v, c, s, d)| {
                    *v == job.version && *c == config && *s == stamp && *d == dismissed
                })
            {
                continue;
            }
            let key = crate::analysis::previous::key_of(&a.report);
            let a = super::review::review(doc, a, &entries, false).analysis;
            (
                features::diagnostics(&state, &job.uri, doc, &a, enc),
                stamp,
                key,
                doc.rope().len_bytes() >= LARGE_TEXT,
            )
        };
        // Met while comparing with last year's report (`previous =`).
        for e in state.take_config_errors() {
            state.show(MessageType::ERROR, format!("nianbao: {e}"));
        }
        lock(&state.published).insert(job.uri.clone(), (job.version, config, stamp, dismissed));
        // Reports of the next year compare with this one: check them again.
        if let Some(key) = key {
            for (uri, version) in state.dependents(&key) {
                let _ = state.jobs.send(Job { uri, version });
            }
        }
        let uri = job.uri.clone();
        state.publish(job.uri, diags, Some(job.version));
        // No await since the version was checked: the document is open.
        lock(&state.check_cost).insert(uri, started.elapsed());
        // A large document's check frees megabytes (the analysis it
        // replaced); the allocator keeps them unless asked. Its cost (a walk
        // of the heap) is small next to such a check.
        if state
            .release_after_check
            .swap(false, std::sync::atomic::Ordering::Relaxed)
            || large
        {
            release_memory();
        }
    }
}

/// What the client supports among what the dismiss action uses.
fn client_caps(c: &ClientCapabilities) -> ClientCaps {
    let edit = c.workspace.as_ref().and_then(|w| w.workspace_edit.as_ref());
    let create_files = edit
        .and_then(|e| e.resource_operations.as_ref())
        .is_some_and(|ops| ops.contains(&ResourceOperationKind::Create));
    ClientCaps {
        // Resource operations exist only in `documentChanges` (Neovim offers
        // them without saying `documentChanges`).
        document_changes: edit.and_then(|e| e.document_changes).unwrap_or(false) || create_files,
        create_files,
        show_document: c
            .window
            .as_ref()
            .and_then(|w| w.show_document.as_ref())
            .is_some_and(|s| s.support),
    }
}

/// Indexes the report files of the workspace folders in the background, with
/// `$/progress` when the client shows it; then checks the open documents
/// again (they may have found last year's report).
async fn index_workspace(client: Client, state: Arc<State>) {
    let roots = lock(&state.workspace).roots();
    if roots.is_empty() {
        return;
    }
    let (files, special) = tokio::task::spawn_blocking(move || workspace::files_under(&roots))
        .await
        .unwrap_or_default();
    let lang = state.settings().lang;
    let token = NumberOrString::String("nianbao/index".to_string());
    let shows = state.progress.load(std::sync::atomic::Ordering::SeqCst)
        && client
            .create_work_done_progress(token.clone())
            .await
            .is_ok();
    let title = crate::tr!(
        lang,
        "nianbao：索引工作区中的年度报告",
        "nianbao: indexing the workspace's reports"
    );
    let progress = match shows {
        true => Some(
            client
                .progress(token, title)
                .with_percentage(0)
                .begin()
                .await,
        ),
        false => None,
    };
    let total = files.len();
    let mut done = 0;
    for chunk in files.chunks(16) {
        let chunk: Vec<_> = chunk
            .iter()
            .map(|f| (f.clone(), state.limits_for(Some(f))))
            .collect();
        let keys = tokio::task::spawn_blocking(move || {
            chunk
                .into_iter()
                .map(|(f, limits)| {
                    let key = workspace::key_of_file(&f, &limits);
                    (f, key)
                })
                .collect::<Vec<_>>()
        })
        .await
        .unwrap_or_default();
        done += keys.len();
        {
            let mut ws = lock(&state.workspace);
            for (f, k) in keys {
                ws.insert(f, k);
            }
        }
        if let Some(p) = &progress {
            let percent = (done * 100 / total.max(1)) as u32;
            p.report_with_message(format!("{done}/{total}"), percent)
                .await;
        }
    }
    let reports = lock(&state.workspace).reports();
    if let Some(p) = progress {
        let skipped = match special {
            0 => String::new(),
            n => crate::tr!(
                lang,
                format!("（跳过 {n} 个非普通文件）"),
                format!(" ({n} files skipped that are not regular files)")
            ),
        };
        p.finish_with_message(crate::tr!(
            lang,
            format!("找到 {reports} 份报告{skipped}"),
            format!("{reports} reports found{skipped}")
        ))
        .await;
    }
    state.recheck_all();
}

/// The rule reference written where editors can open it (a file link), unless
/// the settings give a URL.
fn write_docs() -> Option<String> {
    let dir = std::env::temp_dir().join(format!("nianbao-{}", env!("CARGO_PKG_VERSION")));
    std::fs::create_dir_all(&dir).ok()?;
    let path = dir.join("rules.md");
    let text = crate::cli::rules_cmd::markdown();
    if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
        let tmp = dir.join(format!("rules.md.{}.tmp", std::process::id()));
        std::fs::write(&tmp, text).ok()?;
        std::fs::rename(&tmp, &path).ok()?;
    }
    Uri::from_file_path(&path).map(|u| u.as_str().to_string())
}

impl LanguageServer for Backend {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|v| v.contains(&PositionEncodingKind::UTF8));
        let enc = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        *lock(&self.state.encoding) = enc;
        let watch = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        self.state
            .watch_configs
            .store(watch, std::sync::atomic::Ordering::SeqCst);
        let progress = params
            .capabilities
            .window
            .as_ref()
            .and_then(|w| w.work_done_progress)
            .unwrap_or(false);
        self.state
            .progress
            .store(progress, std::sync::atomic::Ordering::SeqCst);
        *lock(&self.state.caps) = client_caps(&params.capabilities);
        #[allow(deprecated)]
        let roots: Vec<std::path::PathBuf> = match &params.workspace_folders {
            Some(folders) => folders
                .iter()
                .filter_map(|f| f.uri.to_file_path())
                .map(|p| p.into_owned())
                .collect(),
            None => params
                .root_uri
                .iter()
                .filter_map(|u| u.to_file_path())
                .map(|p| p.into_owned())
                .collect(),
        };
        lock(&self.state.workspace).set_roots(roots);
        let mut problems = Vec::new();
        if let Some(opts) = &params.initialization_options {
            problems = lock(&self.state.settings).apply(opts);
        }
        *lock(&self.state.docs_base) = write_docs();
        for p in problems {
            self.warn(p).await;
        }
        Ok(InitializeResult {
            capabilities: ServerCapabilities {
                position_encoding: Some(if utf8 {
                    PositionEncodingKind::UTF8
                } else {
                    PositionEncodingKind::UTF16
                }),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        will_save: None,
                        will_save_wait_until: None,
                        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
                    },
                )),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::SOURCE_FIX_ALL,
                            CodeActionKind::new(features::FIX_ALL_KIND),
                        ]),
                        resolve_provider: Some(false),
                        work_done_progress_options: Default::default(),
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                definition_provider: Some(OneOf::Left(true)),
                inlay_hint_provider: Some(OneOf::Left(true)),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: None,
                    resolve_provider: Some(false),
                    ..Default::default()
                }),
                execute_command_provider: Some(ExecuteCommandOptions {
                    commands: vec![features::SHOW_DISMISSAL.to_string()],
                    work_done_progress_options: Default::default(),
                }),
                ..Default::default()
            },
            server_info: Some(ServerInfo {
                name: "nianbao".to_string(),
                version: Some(env!("CARGO_PKG_VERSION").to_string()),
            }),
            offset_encoding: None,
        })
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        for change in params.changes {
            let Some(path) = change.uri.to_file_path().map(|p| p.into_owned()) else {
                continue;
            };
            if path
                .file_name()
                .is_some_and(|n| n == crate::config_file::FILE_NAME)
            {
                // A nianbao.toml was created, changed or deleted.
                lock(&self.state.projects).invalidate();
            } else if workspace::is_report_file(&path) {
                // A report file: last year's report of an open one, perhaps.
                if change.typ == FileChangeType::DELETED {
                    lock(&self.state.workspace).remove(&path);
                } else {
                    let limits = self.state.limits_for(Some(&path));
                    let key = tokio::task::spawn_blocking({
                        let path = path.clone();
                        move || workspace::key_of_file(&path, &limits)
                    })
                    .await
                    .unwrap_or(None);
                    lock(&self.state.workspace).insert(path, key);
                }
            }
        }
        self.recheck_all();
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        {
            let mut ws = lock(&self.state.workspace);
            let mut roots = ws.roots();
            let removed: Vec<_> = params
                .event
                .removed
                .iter()
                .filter_map(|f| f.uri.to_file_path())
                .map(|p| p.into_owned())
                .collect();
            roots.retain(|r| !removed.contains(r));
            roots.extend(
                params
                    .event
                    .added
                    .iter()
                    .filter_map(|f| f.uri.to_file_path())
                    .map(|p| p.into_owned()),
            );
            ws.set_roots(roots);
        }
        tokio::spawn(index_workspace(self.client.clone(), self.state.clone()));
    }

    async fn initialized(&self, _: InitializedParams) {
        if self
            .state
            .watch_configs
            .load(std::sync::atomic::Ordering::SeqCst)
        {
            // nianbao.toml files, and report files (last year's reports).
            let watchers = DidChangeWatchedFilesRegistrationOptions {
                watchers: [
                    format!("**/{}", crate::config_file::FILE_NAME),
                    "**/*.{txt,md,markdown,docx,html,htm,pdf}".to_string(),
                ]
                .into_iter()
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob),
                    kind: None,
                })
                .collect(),
            };
            let reg = Registration {
                id: "nianbao-config-watcher".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(watchers).ok(),
            };
            if let Err(e) = self.client.register_capability(vec![reg]).await {
                self.warn(format!("cannot watch nianbao.toml files: {e}"))
                    .await;
            }
        }
        self.client
            .log_message(
                MessageType::INFO,
                format!("nianbao {} ready", env!("CARGO_PKG_VERSION")),
            )
            .await;
        tokio::spawn(index_workspace(self.client.clone(), self.state.clone()));
    }

    async fn shutdown(&self) -> Result<()> {
        self.shut_down
            .store(true, std::sync::atomic::Ordering::SeqCst);
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let d = params.text_document;
        let limit = self.state.text_limit(&d.uri);
        lock(&self.state.told_oversized).remove(&d.uri);
        if d.text.len() > limit {
            // Not parsed: only the text is kept (edits must still apply).
            lock(&self.state.oversized).insert(d.uri.clone(), Rope::from_str(&d.text));
            lock(&self.state.docs).insert(d.uri.clone(), Document::new("", d.version));
        } else {
            lock(&self.state.oversized).remove(&d.uri);
            lock(&self.state.docs).insert(d.uri.clone(), Document::new(&d.text, d.version));
        }
        if d.text.len() >= LARGE_TEXT {
            self.state
                .release_after_check
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        self.schedule(d.uri, d.version);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        let uri = params.text_document.uri;
        let version = params.text_document.version;
        // Applied synchronously, before any await: edits keep their order.
        let limit = self.state.text_limit(&uri);
        let applied = {
            let enc = self.state.encoding();
            let mut docs = lock(&self.state.docs);
            let mut oversized = lock(&self.state.oversized);
            match docs.get_mut(&uri) {
                Some(doc) => {
                    for change in &params.content_changes {
                        if !oversized.contains_key(&uri)
                            && doc.rope().len_bytes() + change.text.len() > limit
                        {
                            // It may grow over the limit: kept as text only.
                            oversized.insert(uri.clone(), doc.rope().clone());
                            *doc = Document::new("", version);
                        }
                        match oversized.get_mut(&uri) {
                            Some(rope) => edit_rope(rope, change, enc),
                            None => match change.range {
                                Some(range) => {
                                    let start =
                                        convert::position_to_char(doc.rope(), range.start, enc);
                                    let end = convert::position_to_char(doc.rope(), range.end, enc);
                                    doc.edit(start, end, &change.text);
                                }
                                None => doc.replace_all(&change.text),
                            },
                        }
                    }
                    if oversized.get(&uri).is_some_and(|r| r.len_bytes() <= limit) {
                        // Back under the limit: parsed and checked again.
                        if let Some(rope) = oversized.remove(&uri) {
                            *doc = Document::new(&rope.to_string(), version);
                            lock(&self.state.told_oversized).remove(&uri);
                        }
                    }
                    doc.version = version;
                    true
                }
                None => false,
            }
        };
        if params
            .content_changes
            .iter()
            .any(|c| c.text.len() >= LARGE_TEXT)
        {
            self.state
                .release_after_check
                .store(true, std::sync::atomic::Ordering::Relaxed);
        }
        if applied {
            self.schedule(uri, version);
        } else {
            self.warn(format!(
                "didChange for a document that is not open: {}",
                uri.as_str()
            ))
            .await;
        }
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let uri = params.text_document.uri;
        let key = lock(&self.state.docs).remove(&uri).and_then(|d| d.key());
        lock(&self.state.published).remove(&uri);
        lock(&self.state.check_cost).remove(&uri);
        lock(&self.state.oversized).remove(&uri);
        lock(&self.state.told_oversized).remove(&uri);
        release_memory();
        self.state.publish(uri, Vec::new(), None);
        // Next year's reports now compare with the file on disk (if any).
        if let Some(key) = key {
            for (uri, version) in self.state.dependents(&key) {
                self.schedule(uri, version);
            }
        }
    }

    async fn did_save(&self, _: DidSaveTextDocumentParams) {}

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let problems = lock(&self.state.settings).apply(&params.settings);
        for p in problems {
            self.warn(p).await;
        }
        self.recheck_all();
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let state = &self.state;
        let enc = state.encoding();
        let uri = params.text_document.uri.clone();
        Ok(state.with_reviewed(&uri, true, |doc, r, project| {
            let mut actions =
                features::code_actions(state, &uri, doc, &r.analysis, &params, enc, &r.spared);
            actions.extend(features::dismiss_actions(
                state, &uri, doc, r, project, &params, enc,
            ));
            actions
        }))
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        if params.command == features::SHOW_DISMISSAL {
            if let Some(show) = features::show_dismissal(&params.arguments) {
                // Answered by the client in its own time (the command's answer
                // does not wait for it); an error leaves the entry as it is.
                let client = self.client.clone();
                tokio::spawn(async move {
                    let _ = client.show_document(show).await;
                });
            }
        }
        Ok(None)
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let state = &self.state;
        let enc = state.encoding();
        let p = params.text_document_position_params;
        let lang = state.settings().lang;
        Ok(state
            .with_doc(&p.text_document.uri, |doc, a| {
                features::hover(doc, a, p.position, enc, lang)
                    .or_else(|| features::claim_hover(doc, a, p.position, enc, lang))
            })
            .flatten())
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let state = &self.state;
        let enc = state.encoding();
        let p = params.text_document_position_params;
        let lang = state.settings().lang;
        Ok(state
            .with_doc(&p.text_document.uri, |doc, a| {
                features::definition(&p.text_document.uri, doc, a, p.position, enc, lang)
            })
            .flatten())
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let state = &self.state;
        let enc = state.encoding();
        let lang = state.settings().lang;
        Ok(state.with_doc(&params.text_document.uri, |doc, a| {
            features::inlay_hints(doc, a, params.range, enc, lang)
        }))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let state = &self.state;
        let enc = state.encoding();
        let lang = state.settings().lang;
        Ok(state.with_doc(&params.text_document.uri, |doc, a| {
            DocumentSymbolResponse::Nested(features::symbols(doc, a, enc, lang))
        }))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let state = &self.state;
        let lang = state.settings().lang;
        Ok(state.with_doc(&params.text_document.uri, |doc, a| {
            features::folding(doc, a, lang)
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let state = &self.state;
        let enc = state.encoding();
        let p = params.text_document_position;
        Ok(state
            .with_doc(&p.text_document.uri, |doc, a| {
                features::completion(doc, a, p.position, enc)
            })
            .flatten())
    }
}
