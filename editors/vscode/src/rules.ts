// Rule documentation as Markdown, from `nianbao rules --format json`.
// Pure (no vscode import) so the unit tests can run it in plain Node.

export interface Rule {
  id: string;
  category: string;
  default_severity: string;
  summary: string;
  explanation: string;
  bad: string;
  good: string;
}

export type Lang = 'zh' | 'en';

const SEVERITY: Record<Lang, Record<string, string>> = {
  zh: { error: '错误', warning: '警告', info: '提示' },
  en: { error: 'error', warning: 'warning', info: 'info' },
};

function example(text: string): string {
  // A fence longer than any run of backticks inside the example.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map(s => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}text\n${text.replace(/\n$/, '')}\n${fence}\n`;
}

/** One rule explained: the same content as `nianbao rules <id>`. */
export function ruleMarkdown(rule: Rule, lang: Lang): string {
  const sev = SEVERITY[lang][rule.default_severity] ?? rule.default_severity;
  const out = [
    `# ${rule.id}`,
    '',
    `**${rule.summary}**`,
    '',
    lang === 'zh' ? `类别：${rule.category} · 默认级别：${sev}` : `Category: ${rule.category} · default level: ${sev}`,
    '',
    rule.explanation,
    '',
  ];
  if (rule.bad.trim()) out.push(lang === 'zh' ? '错误示例：' : 'Bad:', '', example(rule.bad));
  if (rule.good.trim()) out.push(lang === 'zh' ? '正确示例：' : 'Good:', '', example(rule.good));
  out.push(
    lang === 'zh'
      ? `在设置 \`nianbao.rules\` 或 \`nianbao.toml\` 中可调整级别，例如 \`"${rule.id}": "warning"\` 或 \`"off"\`。`
      : `Change its level in the setting \`nianbao.rules\` or in \`nianbao.toml\`, e.g. \`"${rule.id}": "warning"\` or \`"off"\`.`,
    '',
  );
  return out.join('\n');
}

/** Parses `nianbao rules --format json`, rejecting anything else. */
export function parseRules(json: string): Rule[] {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) throw new Error('nianbao rules: expected a JSON array');
  for (const r of v) {
    if (typeof r?.id !== 'string' || typeof r?.summary !== 'string') {
      throw new Error('nianbao rules: unexpected entry ' + JSON.stringify(r).slice(0, 100));
    }
  }
  return v as Rule[];
}
