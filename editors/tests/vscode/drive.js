// Drives real VS Code (code-server's workbench in Debian's Chromium) with the
// nianbao extension installed, as a user would: keyboard, command palette,
// Problems panel, hover, quick fix. Every step checks what the user sees (the
// DOM) and, where a file is saved, the file on disk.
//
// Usage: node drive.js <workbench URL>
// Env:   WS (the workspace folder), USER_SETTINGS (settings.json of the
//        profile), REPO, OUT (screenshots and logs), CHROMIUM.
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');

const [url] = process.argv.slice(2);
const { WS, EXT_DIR, USER_SETTINGS, REMOTE_SETTINGS, REPO, OUT } = process.env;
const corpus = path.join(REPO, 'tests', 'fixtures', 'corpus');
const STATUS = '[id="nianbao.nianbao.nianbao.status"]';

const results = [];
let page;
const t0 = Date.now();
const log = fs.createWriteStream(path.join(OUT, 'browser.log'));

function note(msg) {
  console.log(`  [${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

async function step(name, fn) {
  const start = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`PASS ${name} (${Date.now() - start} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name} (${Date.now() - start} ms): ${e && e.message ? e.message : e}`);
    const shot = path.join(OUT, `fail-${results.length}.png`);
    await page.screenshot({ path: shot }).catch(() => {});
    console.log(`     screenshot: ${shot}`);
  }
}

function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

/** Polls `fn` until it returns a truthy value; throws with `what` and the last value. */
async function until(what, fn, timeout = 20000) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await page.waitForTimeout(150);
  }
}

async function statusText() {
  const el = await page.$(STATUS);
  if (!el || !(await el.isVisible())) return null;
  return (await el.textContent()).trim();
}

async function quickInput(text) {
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: 10000 });
  await input.fill(text);
  return input;
}

/** Opens a workspace file with Quick Open (Ctrl+P). */
async function open(name) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = await quickInput(name);
  await until(`"${name}" in Quick Open`, async () =>
    (await page.$$eval('.quick-input-list .monaco-list-row', rows => rows.map(r => r.textContent))).some(t =>
      t.includes(name),
    ),
  );
  await input.press('Enter');
  await until(`the editor tab of ${name}`, () => page.$(`.tab.active[aria-label*="${name}"]`));
}

/** Runs a command from the command palette (F1) by its label. */
async function command(label) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = await quickInput('>' + label);
  await until(`"${label}" in the command palette`, async () =>
    (await page.$$eval('.quick-input-list .monaco-list-row', rows => rows.map(r => r.getAttribute('aria-label') || ''))).some(
      t => t.startsWith(label),
    ),
  );
  await input.press('Enter');
}

/** The text of the editor lines on screen that contain `needle` (inlay hints included). */
async function visibleLines(needle) {
  const lines = await page.$$eval('.editor-group-container.active .monaco-editor .view-line', ls =>
    ls.map(l => l.textContent.replace(/\u00a0/g, ' ')),
  );
  return lines.filter(l => l.includes(needle));
}

async function problemRows() {
  return page.$$eval('.markers-panel .monaco-list-row', rows => rows.map(r => r.textContent));
}

async function showProblems() {
  if (!(await page.$('.markers-panel'))) await page.keyboard.press('Control+Shift+M');
  await page.waitForSelector('.markers-panel', { timeout: 10000 });
}

function serverProcesses() {
  return execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map(l => l.trim())
    // Only ours: other nianbao servers may run on the machine.
    .filter(l => / lsp$/.test(l) && l.includes(EXT_DIR + '/'))
    .map(l => ({ pid: Number(l.split(/\s+/)[0]), args: l.replace(/^\d+\s+/, '') }));
}

/** Changes settings as a user does: Preferences: Open User (or Remote)
 * Settings (JSON), edit, save, close. (code-server does not notice a
 * settings.json written behind its back.) Machine-scoped settings such as
 * nianbao.server.path are read from the Remote settings in code-server. */
async function setSettings(extra, where = 'User') {
  const file = where === 'User' ? USER_SETTINGS : REMOTE_SETTINGS;
  const s = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8') || '{}') : {};
  Object.assign(s, extra);
  for (const k of Object.keys(extra)) if (extra[k] === undefined) delete s[k];
  await command(`Preferences: Open ${where} Settings (JSON)`);
  await until('the settings.json editor', () => page.$('.tab.active[aria-label*="settings.json"]'));
  await page.click('.editor-group-container.active .monaco-editor .view-lines');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify(s));
  await save();
  const written = JSON.parse(fs.readFileSync(file, 'utf8'));
  assert(JSON.stringify(written) === JSON.stringify(s), `settings.json not as typed: ${JSON.stringify(written)}`);
  await page.keyboard.press('Control+W');
  await until('settings.json closed', async () => !(await page.$('.tab[aria-label*="settings.json"]')));
}

/** Applies the code action titled `title` from the lightbulb menu (Ctrl+.). */
async function codeAction(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+.');
  await page.waitForSelector('.action-widget .monaco-list-row', { timeout: 10000 });
  const seen = [];
  for (let i = 0; i < 30; i++) {
    const focused = await page.$('.action-widget .monaco-list-row.focused');
    const text = focused ? await focused.textContent() : '';
    if (text.includes(title)) {
      await page.keyboard.press('Enter');
      return;
    }
    seen.push(text);
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`no code action "${title}" in ${JSON.stringify([...new Set(seen)])}`);
}

async function save() {
  await page.keyboard.press('Control+S');
  await until('the tab to be saved', async () => !(await page.$('.tab.active.dirty')));
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--lang=en-US'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('console', m => log.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', e => log.write(`[pageerror] ${e}\n`));

  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  // The explorer shows the workspace once the remote extension host is up.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60000 });
  note(`workbench loaded (VS Code ${await page.evaluate(() => document.title)})`);

  const report = 'xinxiang-broken-total.txt';
  const reportPath = path.join(WS, report);

  await step('plain .txt report detected by its title: status bar shows 2 errors', async () => {
    await open(report);
    const text = await until('the status bar error count', async () => {
      const s = await statusText();
      return s && /2 个错误/.test(s) ? s : null;
    });
    note(`status bar: ${text}`);
    await until('Plain Text in the status bar (the language is left alone)', async () =>
      (await page.textContent('[id="status.editor.mode"]')).trim() === 'Plain Text',
    );
  });

  await step('the bundled server runs (not one on PATH)', async () => {
    const procs = serverProcesses();
    note(`server processes: ${JSON.stringify(procs)}`);
    assert(procs.length === 1, `one nianbao lsp process, got ${procs.length}`);
    assert(/extensions\/nianbao\.nianbao-[^/]+\/bin\/nianbao lsp$/.test(procs[0].args), procs[0].args);
  });

  await step('Problems panel lists the row-total error with its rule id and place', async () => {
    await showProblems();
    const rows = await until('row-total in the Problems panel', async () => {
      const r = await problemRows();
      return r.some(t => t.includes('row-total')) ? r : null;
    });
    note(`problems: ${JSON.stringify(rows)}`);
    const row = rows.find(t => t.includes('row-total'));
    assert(row.includes('表三「（一）予以公开」行的总计为 12，但六类申请人之和为 11+0+0+0+0+0 = 11'), row);
    assert(row.includes('nianbao') && row.includes('[Ln 45, Col 33]'), row);
    assert(rows.some(t => t.includes('result-total') && t.includes('[Ln 66, Col 21]')), 'result-total at 66:21');
  });

  await step('squiggle under the total and hover with the finding (screenshot)', async () => {
    await page.keyboard.press('Control+G');
    const input = await quickInput(':45:34');
    await input.press('Enter');
    await until('an error squiggle in the editor', () => page.$('.monaco-editor .squiggly-error'));
    await page.keyboard.press('Control+K');
    await page.keyboard.press('Control+I');
    // The finding (a marker hover) and the server's hover on the cell, which may come later.
    const hover = await until('the hover with the finding and the cell', async () => {
      const h = await page.$('.monaco-hover:not(.hidden)');
      const t = h && (await h.innerText());
      return t && t.includes('总计为 12') && t.includes('应为 11') ? t : null;
    });
    note(`hover: ${hover.replace(/\n+/g, ' | ')}`);
    assert(hover.includes('row-total'), 'the hover names the rule');
    assert(hover.includes('自然人 11'), 'the hover lists the cells of the sum (related information)');
    assert(/（一）予以公开\s*·\s*总计：12/.test(hover) && hover.includes('应为 11'), 'the server\'s hover on the cell');
    const line = await visibleLines('予以公开');
    assert(line.some(l => /\s12\D{0,3}应为\s11\s/.test(l)), `inlay hint “应为 11” after the total: ${JSON.stringify(line)}`);
    const shot = path.join(OUT, 'squiggle-hover.png');
    await page.screenshot({ path: shot });
    note(`screenshot: ${shot}`);
  });

  await step('quick fix 将「总计」改为 11 restores the total; the file is the original report again', async () => {
    await codeAction('将「总计」改为 11');
    await until('the tab to be modified', () => page.$('.tab.active.dirty'));
    await save();
    const expected = fs.readFileSync(path.join(corpus, 'xinxiang-city-hrss-2023.txt'), 'utf8');
    const now = fs.readFileSync(reportPath, 'utf8');
    assert(now === expected, `saved file differs from the corpus report; line 45: ${JSON.stringify(now.split('\n')[44])}`);
  });

  await step('the errors are gone: status bar no errors, only the report\'s own warning left', async () => {
    await until('status bar “无错误”', async () => /无错误/.test((await statusText()) || ''));
    await showProblems();
    // The published corpus report has one finding of its own: its text says
    // 行政处罚 38 条 while table 2 puts the 38 under 行政强制. The Problems panel
    // shows the file's row with the count 1, that warning, and the cell of its
    // related information; nothing else.
    const rows = await until('only the narrative-mismatch warning in the Problems panel', async () => {
      const r = await problemRows();
      const findings = r.filter(t => t.includes('nianbao'));
      return r[0] === `${report}1` &&
        findings.length === 1 &&
        findings[0].includes('narrative-mismatch') &&
        findings[0].includes('[Ln 11, Col 150]') &&
        r.some(t => t.includes('[Ln 32, Col 6]:表二「行政处罚」 0'))
        ? r
        : null;
    });
    note(`left: ${JSON.stringify(rows)}`);
    assert(!(await page.$('.monaco-editor .squiggly-error')), 'no squiggle left');
    const line = await visibleLines('予以公开');
    assert(line.length && !line.some(l => l.includes('应为')), `no inlay hint left: ${JSON.stringify(line)}`);
  });

  await step('Restart server: a new server process, the old one exits', async () => {
    const before = serverProcesses();
    await command('nianbao: Restart server');
    const after = await until('a new server process', async () => {
      const p = serverProcesses();
      return p.length === 1 && p[0].pid !== before[0].pid ? p : null;
    });
    note(`server pid ${before[0].pid} -> ${after[0].pid}`);
    await until('the status bar after the restart', async () => /无错误/.test((await statusText()) || ''));
  });

  const notes = 'notes.md';
  await step('a Markdown file that is no report is not checked', async () => {
    await open(notes);
    await page.waitForTimeout(2500);
    assert((await statusText()) === null, `status bar item shown for notes.md: ${await statusText()}`);
    const rows = await problemRows();
    assert(!rows.some(t => t.startsWith('notes.md')), `problems for notes.md: ${JSON.stringify(rows)}`);
  });

  let errorsWithTitle = 0;
  await step('… until its title is typed: then it is checked', async () => {
    await page.click('.monaco-editor .view-lines');
    await page.keyboard.press('Control+Home');
    await page.keyboard.insertText('测试市测试局2024年政府信息公开工作年度报告\n\n');
    const s = await until('the status bar count for notes.md', async () => {
      const t = await statusText();
      return t && /(\d+) 个错误/.test(t) ? t : null;
    });
    errorsWithTitle = Number(/(\d+) 个错误/.exec(s)[1]);
    note(`status bar: ${s}`);
    const rows = await until('missing-section in the Problems panel', async () => {
      const r = await problemRows();
      return r.some(t => t.includes('missing-section')) ? r : null;
    });
    // Sections 二–六 all missing at the end: one finding that names them.
    assert(rows.some(t => t.includes('缺少第二') && t.includes('「二、主动公开政府信息情况」')), JSON.stringify(rows));
  });

  await step('settings: nianbao.language = en reaches the server (English findings and status)', async () => {
    await setSettings({ 'nianbao.language': 'en' });
    const rows = await until('English findings', async () => {
      const r = await problemRows();
      return r.some(t => t.includes('are missing') && t.includes('“主动公开政府信息情况”')) ? r : null;
    });
    note(`problems: ${JSON.stringify(rows.slice(0, 3))}`);
    const s = await until('English status bar', async () => {
      const t = await statusText();
      return t && t.startsWith('nianbao: ') ? t : null;
    });
    assert(s === `nianbao: ${errorsWithTitle} errors`, s);
  });

  await step('settings: nianbao.rules {"missing-section": "off"} removes those findings', async () => {
    const missing = (await problemRows()).filter(t => t.includes('missing-section')).length;
    assert(missing > 0, 'missing-section findings before');
    await setSettings({ 'nianbao.rules': { 'missing-section': 'off' } });
    await until('no missing-section finding', async () => !(await problemRows()).some(t => t.includes('missing-section')));
    const s = await until('status bar count', async () => {
      const t = await statusText();
      return t && t.startsWith('nianbao: ') ? t : null;
    });
    const n = Number(/(\d+) error/.exec(s)?.[1] ?? 0);
    assert(n === errorsWithTitle - missing, `${s}: expected ${errorsWithTitle} - ${missing}`);
    await setSettings({ 'nianbao.rules': undefined });
    await until('missing-section back', async () => (await problemRows()).some(t => t.includes('missing-section')));
  });

  await step('Fix all totals fills the 9 blank totals of a corpus report (= nianbao check --fix)', async () => {
    await open('dazhou.md');
    // The nine blank totals, one after another, are one finding.
    await until('1 error', async () => (await statusText()) === 'nianbao: 1 error');
    await command('nianbao: Fix all totals');
    await until('no errors', async () => (await statusText()) === 'nianbao: no errors');
    await save();
    const expected = fs.readFileSync(path.join(corpus, 'dazhou-city-hrss-2023.md.fixed'), 'utf8');
    assert(fs.readFileSync(path.join(WS, 'dazhou.md'), 'utf8') === expected, 'dazhou.md differs from the .fixed expectation');
  });

  await step('*.nianbao.txt opens as 政府信息公开工作年度报告; fix-all on save (editor.codeActionsOnSave source.fixAll)', async () => {
    await setSettings({ 'editor.codeActionsOnSave': { 'source.fixAll': 'explicit' } });
    const name = 'sample-broken-total.nianbao.txt';
    await open(name);
    await until('the language 政府信息公开工作年度报告 in the status bar', async () =>
      (await page.textContent('[id="status.editor.mode"]')).trim() === '政府信息公开工作年度报告',
    );
    await until('2 errors', async () => (await statusText()) === 'nianbao: 2 errors');
    const broken = fs.readFileSync(path.join(WS, name), 'utf8');
    const fixed = broken.replace('（一）予以公开\t6\t1\t0\t0\t0\t0\t8\n', '（一）予以公开\t6\t1\t0\t0\t0\t0\t7\n');
    assert(fixed !== broken, 'the fixture has the broken total');
    await page.click('.editor-group-container.active .monaco-editor .view-lines');
    await page.keyboard.press('Control+S');
    await until('the file fixed on disk', () => fs.readFileSync(path.join(WS, name), 'utf8') === fixed);
    await until('no errors', async () => (await statusText()) === 'nianbao: no errors');
    await setSettings({ 'editor.codeActionsOnSave': undefined });
  });

  await step('Show rule documentation: row-total explained in a panel', async () => {
    await command('nianbao: Show rule documentation');
    const input = await quickInput('row-total');
    await until('row-total in the list', async () =>
      (await page.$$eval('.quick-input-list .monaco-list-row', r => r.map(x => x.textContent))).some(t => t.startsWith('row-total')),
    );
    await input.press('Enter');
    await until('the tab “nianbao: row-total”', () => page.$('.tab[aria-label*="nianbao: row-total"]'));
    const body = await until('the rule text in the webview', async () => {
      for (const f of page.frames()) {
        const t = await f
          .evaluate(() => (document.body && document.body.dataset.rule === 'row-total' ? document.body.innerText : null))
          .catch(() => null);
        if (t) return t;
      }
      return null;
    });
    note(`webview: ${body.slice(0, 120).replace(/\n/g, ' | ')}`);
    assert(body.includes('Bad:') && body.includes('Good:') && /予以公开\s+6\s+1\s+0\s+0\s+0\s+0\s+7/.test(body), body);
  });

  await step('New report from template: nianbao new into an untitled report, checked', async () => {
    await command('nianbao: New report from template');
    let input = await quickInput('测试市测试局');
    await input.press('Enter');
    await page.waitForTimeout(300);
    input = await quickInput('2024');
    await input.press('Enter');
    await page.waitForTimeout(300);
    input = await quickInput('md');
    await until('the md choice', async () =>
      (await page.$$eval('.quick-input-list .monaco-list-row', r => r.map(x => x.textContent))).some(t => t.startsWith('md')),
    );
    await input.press('Enter');
    await until('an Untitled editor', () => page.$('.tab.active[aria-label*="Untitled"]'));
    await until('the title line 测试市测试局2024年政府信息公开工作年度报告', async () => {
      const lines = await page.$$eval('.editor-group-container.active .monaco-editor .view-line', ls => ls.map(l => l.textContent));
      return lines.some(l => l.includes('测试市测试局2024年政府信息公开工作年度报告'));
    });
    await until('the language 政府信息公开工作年度报告 in the status bar', async () =>
      (await page.textContent('[id="status.editor.mode"]')).trim() === '政府信息公开工作年度报告',
    );
    const s = await until('the status bar for the new report', async () => {
      const t = await statusText();
      return t && !/checking/.test(t) ? t : null;
    });
    note(`status bar: ${s}`);
  });

  await step('nianbao.server.path naming no file: an error message says so', async () => {
    await setSettings({ 'nianbao.server.path': '/nonexistent/nianbao' }, 'Remote');
    const toast = await until('the error notification', async () => {
      const texts = await page.$$eval('.notification-toast', ts => ts.map(t => t.textContent));
      return texts.find(t => t.includes('nianbao.server.path'));
    });
    note(`notification: ${toast}`);
    assert(toast.includes('/nonexistent/nianbao'), toast);
    await until('the old server to exit', async () => serverProcesses().length === 0);
  });

  await page.screenshot({ path: path.join(OUT, 'final.png') });
  await browser.close();
  const passed = results.filter(r => r.ok).length;
  const failed = results.length - passed;
  console.log(`vscode: ${passed} passed, ${failed} failed (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  process.exit(failed ? 1 : 0);
})().catch(async e => {
  console.error('FAIL: the driver stopped:', e);
  if (page) await page.screenshot({ path: path.join(OUT, 'crash.png') }).catch(() => {});
  const passed = results.filter(r => r.ok).length;
  console.log(`vscode: ${passed} passed, ${results.length - passed + 1} failed`);
  process.exit(1);
});
