// The nianbao extension: starts `nianbao lsp` for report documents and adds the
// commands, the status bar item and the settings around it.
import * as vscode from 'vscode';
import * as fs from 'fs';
import * as os from 'os';
import { execFile } from 'child_process';
import {
  CodeAction as LspCodeAction,
  CodeActionRequest,
  DidChangeConfigurationNotification,
  DidOpenTextDocumentNotification,
  LanguageClient,
  LanguageClientOptions,
  Middleware,
  ServerOptions,
} from 'vscode-languageclient/node';
import { HEAD_LINES, LANGUAGE_ID, isReport } from './detect';
import { INSTALL_COMMAND, Resolved, bundledPath, resolveServer } from './serverPath';
import { Lang, Rule, parseRules, ruleMarkdown } from './rules';

/** The code action kind of the server's fix-all. */
export const FIX_ALL_KIND = 'source.fixAll.nianbao';

function lang(): Lang {
  return vscode.workspace.getConfiguration('nianbao').get<string>('language') === 'en' ? 'en' : 'zh';
}

/** The message in the configured language. */
function t(zh: string, en: string): string {
  return lang() === 'en' ? en : zh;
}

/** The settings the server reads (initializationOptions, didChangeConfiguration). */
function serverSettings(): { language: Lang; rules: Record<string, string> } {
  const config = vscode.workspace.getConfiguration('nianbao');
  return { language: lang(), rules: config.get<Record<string, string>>('rules') ?? {} };
}

function isFile(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function key(doc: vscode.TextDocument): string {
  return doc.uri.toString();
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${command} ${args.join(' ')}: ${stderr.trim() || err.message}`));
      else resolve(stdout);
    });
  });
}

class Nianbao implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  /** Documents the server was told about (didOpen sent). */
  private readonly tracked = new Set<string>();
  /** Documents the server has published diagnostics for. */
  private readonly checked = new Set<string>();
  private readonly status: vscode.StatusBarItem;
  private readonly output: vscode.OutputChannel;
  private missingShown = false;
  private rulesCache = new Map<string, Rule[]>();
  private rulePanel: vscode.WebviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('nianbao');
    this.status = vscode.window.createStatusBarItem('nianbao.status', vscode.StatusBarAlignment.Left, 10);
    this.status.name = 'nianbao';
    this.status.command = 'workbench.actions.view.problems';
    this.disposables.push(this.output, this.status);
  }

  isReportDoc(doc: vscode.TextDocument): boolean {
    return isReport({
      languageId: doc.languageId,
      fileName: doc.fileName,
      uri: doc.uri,
      head: () => doc.getText(new vscode.Range(0, 0, HEAD_LINES, 0)),
    });
  }

  resolve(): Resolved | { error: string } {
    const config = vscode.workspace.getConfiguration('nianbao');
    const resolved = resolveServer({
      configured: config.get<string>('server.path') ?? '',
      extensionPath: this.context.extensionPath,
      pathVar: process.env.PATH ?? '',
      platform: process.platform,
      arch: process.arch,
      home: os.homedir(),
      lang: lang(),
      isFile,
    });
    if ('command' in resolved && resolved.source === 'bundled' && process.platform !== 'win32') {
      // A .vsix is a zip; some unpackers drop the executable bit.
      try {
        fs.accessSync(resolved.command, fs.constants.X_OK);
      } catch {
        try {
          fs.chmodSync(resolved.command, 0o755);
        } catch {
          // reported by the spawn below
        }
      }
    }
    return resolved;
  }

  private showMissing(error: string): void {
    if (this.missingShown) return;
    this.missingShown = true;
    this.output.appendLine(error);
    const open = t('打开设置', 'Open Settings');
    const copy = t('复制安装命令', 'Copy the install command');
    void vscode.window.showErrorMessage(error, copy, open).then(pick => {
      if (pick === open) void vscode.commands.executeCommand('workbench.action.openSettings', 'nianbao.server.path');
      if (pick === copy) void vscode.env.clipboard.writeText(INSTALL_COMMAND);
    });
  }

  /** Starts the server if a report is open (or `force`), once. */
  async ensureStarted(force = false): Promise<void> {
    if (this.client) return this.starting;
    if (!force && !vscode.workspace.textDocuments.some(d => this.isReportDoc(d))) return;
    const resolved = this.resolve();
    if ('error' in resolved) {
      this.showMissing(resolved.error);
      return;
    }
    this.output.appendLine(`nianbao: starting ${resolved.command} lsp (${resolved.source})`);
    // No `transport`: stdio is the default for an executable (`nianbao lsp`
    // accepts the `--stdio` that vscode-languageclient would append with it).
    const serverOptions: ServerOptions = { command: resolved.command, args: ['lsp'] };
    const client = new LanguageClient('nianbao', 'nianbao', serverOptions, this.clientOptions());
    this.client = client;
    this.starting = client.start().then(
      () => this.updateStatus(),
      err => {
        this.output.appendLine(`nianbao: the language server did not start: ${err}`);
        void vscode.window.showErrorMessage(t(`nianbao 语言服务器启动失败：${err}`, `nianbao: the language server did not start: ${err}`));
        if (this.client === client) this.client = undefined;
        this.updateStatus();
      },
    );
    return this.starting;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    this.tracked.clear();
    this.checked.clear();
    if (client) {
      try {
        await client.stop(5000);
      } catch (e) {
        this.output.appendLine(`nianbao: stopping the server: ${e}`);
      }
    }
  }

  async restart(): Promise<void> {
    await this.stop();
    this.missingShown = false;
    this.rulesCache.clear();
    await this.ensureStarted(true);
    this.updateStatus();
  }

  private clientOptions(): LanguageClientOptions {
    const self = this;
    const gate = <A extends unknown[], R>(doc: vscode.TextDocument, next: (...a: A) => R, ...args: A): R | undefined =>
      self.tracked.has(key(doc)) ? next(...args) : undefined;
    const middleware: Middleware = {
      // Plain .txt/.md files are only sent to the server when they are reports.
      didOpen: async (doc, next) => {
        if (!self.isReportDoc(doc)) return;
        self.tracked.add(key(doc));
        await next(doc);
        self.updateStatus();
      },
      didChange: async (event, next) => {
        const doc = event.document;
        if (self.tracked.has(key(doc))) return next(event);
        // A plain document that became a report (its title was typed or pasted).
        if (self.isReportDoc(doc) && self.client) {
          self.tracked.add(key(doc));
          const c = self.client;
          await c.sendNotification(DidOpenTextDocumentNotification.type, c.code2ProtocolConverter.asOpenTextDocumentParams(doc));
          self.updateStatus();
        }
      },
      didSave: async (doc, next) => {
        if (self.tracked.has(key(doc))) await next(doc);
      },
      didClose: async (doc, next) => {
        self.checked.delete(key(doc));
        if (self.tracked.delete(key(doc))) await next(doc);
      },
      handleDiagnostics: (uri, diagnostics, next) => {
        self.checked.add(uri.toString());
        next(uri, diagnostics);
        self.updateStatus();
      },
      provideHover: (doc, pos, token, next) => gate(doc, next, doc, pos, token),
      provideCodeActions: (doc, range, ctx, token, next) => gate(doc, next, doc, range, ctx, token),
      provideCompletionItem: (doc, pos, ctx, token, next) => gate(doc, next, doc, pos, ctx, token),
      provideDocumentSymbols: (doc, token, next) => gate(doc, next, doc, token),
      provideFoldingRanges: (doc, ctx, token, next) => gate(doc, next, doc, ctx, token),
      provideInlayHints: (doc, range, token, next) => gate(doc, next, doc, range, token),
    };
    return {
      documentSelector: [
        { language: LANGUAGE_ID },
        { scheme: 'file', language: 'plaintext' },
        { scheme: 'untitled', language: 'plaintext' },
        { scheme: 'file', language: 'markdown' },
        { scheme: 'untitled', language: 'markdown' },
      ],
      initializationOptions: serverSettings(),
      outputChannel: this.output,
      middleware,
    };
  }

  /** Settings changed: tell the server, restart it for a new executable. */
  async configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
    if (e.affectsConfiguration('nianbao.server.path')) {
      if (this.client) await this.restart();
      else {
        this.missingShown = false;
        await this.ensureStarted();
      }
      return;
    }
    if (e.affectsConfiguration('nianbao.language')) {
      this.rulesCache.clear();
      this.updateStatus();
    }
    if ((e.affectsConfiguration('nianbao.language') || e.affectsConfiguration('nianbao.rules')) && this.client?.isRunning()) {
      await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings: { nianbao: serverSettings() } });
    }
  }

  updateStatus(): void {
    const editor = vscode.window.activeTextEditor;
    const doc = editor?.document;
    if (!doc || !this.isReportDoc(doc)) {
      this.status.hide();
      return;
    }
    const uri = key(doc);
    if (!this.client) {
      this.status.text = t('$(circle-slash) 年报：未检查', '$(circle-slash) nianbao: not checked');
      this.status.tooltip = t('nianbao 语言服务器未运行（命令“nianbao: 重启语言服务器”）', 'The nianbao language server is not running (command “nianbao: Restart server”)');
      this.status.backgroundColor = undefined;
    } else if (!this.checked.has(uri)) {
      this.status.text = t('$(sync~spin) 年报：检查中', '$(sync~spin) nianbao: checking');
      this.status.tooltip = undefined;
      this.status.backgroundColor = undefined;
    } else {
      const ours = vscode.languages.getDiagnostics(doc.uri).filter(d => d.source === 'nianbao');
      const errors = ours.filter(d => d.severity === vscode.DiagnosticSeverity.Error).length;
      const warnings = ours.filter(d => d.severity === vscode.DiagnosticSeverity.Warning).length;
      this.status.text = errors
        ? t(`$(error) 年报：${errors} 个错误`, `$(error) nianbao: ${errors} error${errors === 1 ? '' : 's'}`)
        : t('$(check) 年报：无错误', '$(check) nianbao: no errors');
      this.status.tooltip = t(
        `本报告有 ${errors} 个错误、${warnings} 个警告（点击打开“问题”面板）`,
        `This report has ${errors} error(s) and ${warnings} warning(s) (click for the Problems panel)`,
      );
      this.status.backgroundColor = errors ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    }
    this.status.show();
  }

  /** "Fix all totals": the server's source.fixAll.nianbao action on the current report. */
  async fixAll(): Promise<boolean> {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !this.isReportDoc(editor.document)) {
      void vscode.window.showInformationMessage(t('当前文件不是政府信息公开工作年度报告。', 'The current file is not a government information disclosure report.'));
      return false;
    }
    await this.ensureStarted();
    const client = this.client;
    if (!client) return false;
    await this.starting;
    const doc = editor.document;
    const version = doc.version;
    const c2p = client.code2ProtocolConverter;
    const all = new vscode.Range(0, 0, doc.lineCount, 0);
    const result = await client.sendRequest(CodeActionRequest.type, {
      textDocument: c2p.asTextDocumentIdentifier(doc),
      range: c2p.asRange(doc.validateRange(all)),
      context: { diagnostics: [], only: [FIX_ALL_KIND] },
    });
    const action = (result ?? []).find(
      (a): a is LspCodeAction => 'kind' in a && a.kind === FIX_ALL_KIND && a.edit !== undefined,
    );
    if (!action?.edit) {
      void vscode.window.showInformationMessage(t('没有可自动修复的问题。', 'Nothing to fix automatically.'));
      return false;
    }
    if (doc.version !== version) {
      void vscode.window.showWarningMessage(t('文档在修复前已改动，请重试。', 'The document changed meanwhile; run the command again.'));
      return false;
    }
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(action.edit);
    const ok = await vscode.workspace.applyEdit(edit);
    if (ok) vscode.window.setStatusBarMessage(action.title, 5000);
    return ok;
  }

  /** "New report from template": `nianbao new` into a new editor. */
  async newReport(): Promise<vscode.TextDocument | undefined> {
    const resolved = this.resolve();
    if ('error' in resolved) {
      this.missingShown = false;
      this.showMissing(resolved.error);
      return undefined;
    }
    const body = await vscode.window.showInputBox({
      title: t('新建年度报告（1/3）', 'New report (1/3)'),
      prompt: t('机关名称，例如“XX市XX局”', 'Name of the body (机关名称), e.g. “XX市XX局”'),
      value: 'XX市XX局',
      validateInput: v => (v.trim() ? undefined : t('请填写机关名称', 'Enter the name of the body')),
    });
    if (body === undefined) return undefined;
    const year = await vscode.window.showInputBox({
      title: t('新建年度报告（2/3）', 'New report (2/3)'),
      prompt: t('报告年度', 'The year the report is for'),
      value: String(new Date().getFullYear() - 1),
      validateInput: v => (/^\d{4}$/.test(v.trim()) ? undefined : t('请填写四位年份', 'Enter a four-digit year')),
    });
    if (year === undefined) return undefined;
    const format = await vscode.window.showQuickPick(
      [
        { label: 'txt', description: t('纯文本，表格以制表符分隔（可粘贴到 Word/WPS）', 'Plain text, tab-separated tables (pastes into Word/WPS)') },
        { label: 'md', description: t('Markdown 标题和表格', 'Markdown headings and tables') },
      ],
      { title: t('新建年度报告（3/3）：格式', 'New report (3/3): format') },
    );
    if (!format) return undefined;
    let text: string;
    try {
      text = await run(resolved.command, ['new', '--body', body.trim(), '--year', year.trim(), '--format', format.label]);
    } catch (e) {
      void vscode.window.showErrorMessage(String(e));
      return undefined;
    }
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: text });
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  private async rules(): Promise<Rule[]> {
    const l = lang();
    const cached = this.rulesCache.get(l);
    if (cached) return cached;
    const resolved = this.resolve();
    if ('error' in resolved) throw new Error(resolved.error);
    const rules = parseRules(await run(resolved.command, ['rules', '--format', 'json', '--lang', l]));
    this.rulesCache.set(l, rules);
    return rules;
  }

  /** "Show rule documentation": a rule picked from the list (the rule under the
   * cursor first), or the one given, explained in a panel. */
  async showRuleDocs(ruleId?: string): Promise<string | undefined> {
    let rules: Rule[];
    try {
      rules = await this.rules();
    } catch (e) {
      void vscode.window.showErrorMessage(String(e instanceof Error ? e.message : e));
      return undefined;
    }
    let rule = typeof ruleId === 'string' ? rules.find(r => r.id === ruleId) : undefined;
    if (!rule) {
      const editor = vscode.window.activeTextEditor;
      const here = editor
        ? vscode.languages
            .getDiagnostics(editor.document.uri)
            .filter(d => d.source === 'nianbao' && d.range.contains(editor.selection.active))
            .map(d => String(typeof d.code === 'object' ? d.code.value : d.code))
        : [];
      const items = rules
        .map(r => ({ label: r.id, description: r.summary, detail: `${r.category} · ${r.default_severity}`, rule: r }))
        .sort((a, b) => Number(here.includes(b.label)) - Number(here.includes(a.label)));
      const pick = await vscode.window.showQuickPick(items, {
        title: t('nianbao 规则说明', 'nianbao rules'),
        placeHolder: t('选择一条规则', 'Pick a rule'),
        matchOnDescription: true,
      });
      if (!pick) return undefined;
      rule = pick.rule;
    }
    const markdown = ruleMarkdown(rule, lang());
    let html: string;
    try {
      html = await vscode.commands.executeCommand<string>('markdown.api.render', markdown);
    } catch {
      html = `<pre>${markdown.replace(/[&<>]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!)}</pre>`;
    }
    if (!this.rulePanel) {
      this.rulePanel = vscode.window.createWebviewPanel('nianbao.rule', '', vscode.ViewColumn.Beside, {
        enableScripts: false,
      });
      this.rulePanel.onDidDispose(() => (this.rulePanel = undefined));
    }
    const panel = this.rulePanel;
    panel.title = `nianbao: ${rule.id}`;
    panel.webview.html = `<!DOCTYPE html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline' ${panel.webview.cspSource};">
<style>body{font-family:var(--vscode-font-family);font-size:var(--vscode-font-size);line-height:1.6;padding:0 1em}
pre{background:var(--vscode-textCodeBlock-background);padding:.5em;white-space:pre-wrap}</style></head>
<body data-rule="${rule.id}">${html}</body></html>`;
    panel.reveal(undefined, true);
    return rule.id;
  }

  dispose(): void {
    void this.stop();
    this.rulePanel?.dispose();
    for (const d of this.disposables) d.dispose();
  }

  /** Exposed to tests and other extensions (the return value of activate). */
  api() {
    return {
      serverPath: (): string | undefined => {
        const r = this.resolve();
        return 'command' in r ? r.command : undefined;
      },
      bundledPath: () => bundledPath(this.context.extensionPath, process.platform),
      isRunning: () => this.client?.isRunning() ?? false,
      trackedDocuments: () => [...this.tracked],
    };
  }
}

let instance: Nianbao | undefined;

export async function activate(context: vscode.ExtensionContext) {
  const nianbao = new Nianbao(context);
  instance = nianbao;
  context.subscriptions.push(
    nianbao,
    vscode.commands.registerCommand('nianbao.fixAll', () => nianbao.fixAll()),
    vscode.commands.registerCommand('nianbao.newReport', () => nianbao.newReport()),
    vscode.commands.registerCommand('nianbao.restartServer', () => nianbao.restart()),
    vscode.commands.registerCommand('nianbao.showRuleDocs', (id?: string) => nianbao.showRuleDocs(id)),
    vscode.workspace.onDidOpenTextDocument(doc => {
      if (nianbao.isReportDoc(doc)) void nianbao.ensureStarted();
    }),
    vscode.workspace.onDidChangeTextDocument(e => {
      // Before the server runs: start it when a plain file becomes a report.
      if (e.contentChanges.length && nianbao.isReportDoc(e.document)) void nianbao.ensureStarted();
    }),
    vscode.workspace.onDidChangeConfiguration(e => nianbao.configurationChanged(e)),
    vscode.window.onDidChangeActiveTextEditor(() => nianbao.updateStatus()),
    vscode.languages.onDidChangeDiagnostics(e => {
      const active = vscode.window.activeTextEditor?.document.uri.toString();
      if (active && e.uris.some(u => u.toString() === active)) nianbao.updateStatus();
    }),
  );
  await nianbao.ensureStarted();
  nianbao.updateStatus();
  return nianbao.api();
}

export function deactivate(): Promise<void> | undefined {
  // Orderly shutdown (shutdown request, exit notification) before VS Code exits.
  return instance?.stop();
}
