/** Keeps rules, their files, docs, tests, checks and gatherers in step (cf. ESLint's checkRuleFiles). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES, ruleIds } from '../../src/rules/index.js';
import { isRuleId } from '../../src/rules/rule-ids.js';
import { CHECKS } from '../../src/checks/index.js';
import { GATHERERS } from '../../src/gather/index.js';
import { rulesMarkdown } from '../../src/explain.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES_DIR = join(ROOT, 'src/rules');
const NOT_RULES = new Set(['define-rule.ts', 'index.ts', 'rule-ids.ts']);
const camelCase = (id: string): string => id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const ruleFiles = readdirSync(RULES_DIR).filter((name) => name.endsWith('.ts') && !NOT_RULES.has(name));
const registered = ruleIds().map((id) => RULES[id]!);

describe('rule registry', () => {
  it('has at least one rule', () => assert.ok(registered.length > 0));

  for (const file of ruleFiles) {
    const id = basename(file, '.ts');
    it(`src/rules/${file} is a registered rule with meta.id "${id}", exported as ${camelCase(id)}`, async () => {
      assert.ok(isRuleId(id), `${id} is not a DESIGN rule id (src/rules/rule-ids.ts)`);
      const rule = RULES[id as keyof typeof RULES];
      assert.ok(rule, `${id} is not registered in src/rules/groups/*.ts`);
      assert.equal(rule.meta.id, id);
      const module = (await import(pathToFileURL(join(RULES_DIR, file)).href)) as Record<string, unknown>;
      assert.equal(module[camelCase(id)], rule, `src/rules/${file} should export the registered rule as ${camelCase(id)}`);
    });
  }

  for (const rule of registered) {
    const { id } = rule.meta;
    describe(id, () => {
      it('lives in src/rules/<id>.ts', () => assert.ok(ruleFiles.includes(`${id}.ts`)));
      it('has non-empty docs.what, docs.why and docs.fix', () => {
        for (const key of ['what', 'why', 'fix'] as const) assert.ok(rule.meta.docs[key].trim().length > 0, `docs.${key} is empty`);
        assert.ok(rule.meta.title.trim() && rule.meta.failureTitle.trim(), 'title and failureTitle are required');
      });
      it('has a test file test/rules/<id>.test.ts', () => assert.ok(existsSync(join(ROOT, 'test/rules', `${id}.test.ts`)), `add test/rules/${id}.test.ts`));
      it('has default options that pass its options schema', () => {
        const parsed = rule.meta.optionsSchema.safeParse(rule.meta.defaultOptions);
        assert.ok(parsed.success, parsed.success ? '' : parsed.error.message);
      });
      it('rejects unknown option keys (strict schema)', () => {
        const parsed = rule.meta.optionsSchema.safeParse({ ...(rule.meta.defaultOptions as object), notAnOption: 1 });
        assert.equal(parsed.success, false);
      });
      it('needs only artifacts that have a gatherer', () => {
        for (const name of [...rule.meta.needs, ...(rule.meta.optional ?? [])]) assert.equal(typeof GATHERERS[name], 'function', `no gatherer for ${name}`);
      });
    });
  }

  it('nothing under src/rules imports @tensorflow (rules are pure)', () => {
    const offenders = walk(RULES_DIR).filter((file) => /from\s+['"]@tensorflow|import\(\s*['"]@tensorflow|require\(\s*['"]@tensorflow/.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map((f) => f.slice(ROOT.length)), []);
  });
});

describe('docs/rules.md', () => {
  const docsFile = join(ROOT, 'docs/rules.md');
  const docs = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : '';
  const documented = [...docs.matchAll(/^### `([a-z0-9-]+)`$/gm)].map((m) => m[1]!);

  it('exists and is up to date with the rules (run `npm run docs`)', () => {
    assert.ok(docs.length > 0, 'docs/rules.md is missing: run `npm run docs`');
    assert.equal(docs, rulesMarkdown(), 'docs/rules.md is stale: run `npm run docs`');
  });
  it('lists every registered rule', () => {
    assert.deepEqual(registered.map((r) => r.meta.id).filter((id) => !documented.includes(id)), []);
  });
  it('lists no unknown rule', () => {
    assert.deepEqual(documented.filter((id) => !isRuleId(id) || !RULES[id]), []);
  });
});

describe('check registry', () => {
  for (const [id, check] of Object.entries(CHECKS)) {
    it(`check ${id} is src/checks/${id}.ts with meta.id "${id}"`, () => {
      assert.equal(check!.meta.id, id);
      assert.ok(existsSync(join(ROOT, 'src/checks', `${id}.ts`)));
    });
    it(`every rule check ${id} names is registered`, () => {
      assert.deepEqual(check!.rules.filter((rule) => !RULES[rule]), []);
    });
    it(`every artifact check ${id} summarises has a gatherer`, () => {
      for (const name of check!.summary?.needs ?? []) assert.equal(typeof GATHERERS[name], 'function', `no gatherer for ${name}`);
    });
  }
});
