/** Renders rule documentation for `nndoctor explain` and docs/rules.md from the rules' own metadata. */
import { RULES } from './rules/index.js';
import { isRuleId, RULE_IDS } from './rules/rule-ids.js';
import { UsageError } from './errors.js';
import type { AnyRule } from './rules/define-rule.js';

function closest(id: string): string | undefined {
  let best: string | undefined;
  let bestScore = Infinity;
  for (const candidate of RULE_IDS) {
    const score = distance(id, candidate);
    if (score < bestScore) { bestScore = score; best = candidate; }
  }
  return bestScore <= Math.max(3, id.length / 3) ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) dp[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      dp[i]![j] = Math.min(dp[i - 1]![j]! + 1, dp[i]![j - 1]! + 1, dp[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return dp[a.length]![b.length]!;
}

export function ruleDocText(rule: AnyRule): string {
  const { meta } = rule;
  const options = Object.entries(meta.defaultOptions as Record<string, unknown>);
  return [
    `${meta.id}  (${meta.category}, default severity: ${meta.defaultSeverity})`,
    `${meta.failureTitle}`,
    '',
    `What: ${meta.docs.what}`,
    '',
    `Why: ${meta.docs.why}`,
    '',
    `Fix: ${meta.docs.fix}`,
    '',
    options.length > 0 ? `Options (defaults): ${options.map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ')}` : 'Options: none',
    `Configure in nndoctor.json: "rules": { "${meta.id}": ${options.length > 0 ? `["${meta.defaultSeverity}", ${JSON.stringify(meta.defaultOptions)}]` : `"${meta.defaultSeverity}"`} }  ("off" disables it)`,
  ].join('\n') + '\n';
}

export function explainRule(id: string, json: boolean): string {
  const rule = isRuleId(id) ? RULES[id] : undefined;
  if (!rule) {
    if (isRuleId(id)) throw new UsageError(`rule ${id} is part of the design but not implemented in this version`);
    const guess = closest(id);
    throw new UsageError(`unknown rule "${id}"${guess ? ` — did you mean ${guess}?` : ''} (\`nndoctor explain\` lists them)`);
  }
  if (json) return JSON.stringify({ id: rule.meta.id, category: rule.meta.category, defaultSeverity: rule.meta.defaultSeverity, title: rule.meta.title, failureTitle: rule.meta.failureTitle, docs: rule.meta.docs, defaultOptions: rule.meta.defaultOptions }, null, 2) + '\n';
  return ruleDocText(rule);
}

export function listRules(json: boolean): string {
  const rules = RULE_IDS.flatMap((id) => (RULES[id] ? [RULES[id]!] : []));
  if (json) return JSON.stringify(rules.map((r) => ({ id: r.meta.id, category: r.meta.category, defaultSeverity: r.meta.defaultSeverity, title: r.meta.failureTitle })), null, 2) + '\n';
  const width = Math.max(4, ...rules.map((r) => r.meta.id.length));
  const header = `${'RULE'.padEnd(width)}  ${'AREA'.padEnd(7)} ${'SEV'.padEnd(4)}  FIRES WHEN`;
  const lines = rules.map((r) => `${r.meta.id.padEnd(width)}  ${r.meta.category.padEnd(7)} ${r.meta.defaultSeverity.padEnd(4)}  ${r.meta.failureTitle}`);
  const footer = `${rules.length} rules. \`nndoctor explain <rule>\` prints what it checks, why, how to fix it and its options.`;
  return [header, ...lines, '', footer].join('\n') + '\n';
}

/** docs/rules.md, generated from the registry so docs and code cannot drift. */
export function rulesMarkdown(): string {
  const out = ['# nndoctor rules', '', 'Generated from the rules\' metadata (`npm run docs`); `nndoctor explain <id>` prints the same text.', ''];
  for (const category of ['data', 'model', 'dynamic'] as const) {
    out.push(`## ${category === 'data' ? 'Data' : category === 'model' ? 'Model and training settings' : 'Dynamic (training or prediction)'}`, '');
    for (const id of RULE_IDS) {
      const rule = RULES[id];
      if (!rule || rule.meta.category !== category) continue;
      const { meta } = rule;
      const options = Object.entries(meta.defaultOptions as Record<string, unknown>);
      out.push(`### \`${meta.id}\``, '', `*${meta.failureTitle}* — default severity **${meta.defaultSeverity}**${options.length > 0 ? `; options: ${options.map(([k, v]) => `\`${k}\`=${JSON.stringify(v)}`).join(', ')}` : ''}`, '');
      out.push(`- **What:** ${meta.docs.what}`, `- **Why:** ${meta.docs.why}`, `- **Fix:** ${meta.docs.fix}`, '');
    }
  }
  return out.join('\n');
}
