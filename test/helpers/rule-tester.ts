/**
 * ESLint-RuleTester-style tables for rules: valid cases must produce no issue, invalid cases at least one that
 * matches the expectations; at least one valid case must sit exactly on a threshold (`onThreshold: true`).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnyRule, Issue } from '../../src/rules/define-rule.js';
import type { Artifacts } from '../../src/gather/artifacts.js';

export interface ValidCase {
  name: string;
  artifacts: Artifacts;
  options?: Record<string, unknown>;
  /** Marks the case that sits exactly on an option's threshold. */
  onThreshold?: boolean;
}

export interface ExpectedIssue {
  message?: RegExp;
  hint?: RegExp;
  /** Partial match of `data`. */
  data?: Record<string, unknown>;
}

export interface InvalidCase extends Omit<ValidCase, 'onThreshold'> {
  issues: ExpectedIssue[];
}

function optionsFor(rule: AnyRule, options: Record<string, unknown> | undefined): unknown {
  const merged = { ...(rule.meta.defaultOptions as Record<string, unknown>), ...(options ?? {}) };
  const parsed = rule.meta.optionsSchema.safeParse(merged);
  assert.ok(parsed.success, `options ${JSON.stringify(options)} do not match ${rule.meta.id}'s schema`);
  return parsed.data;
}

export function partialMatch(actual: unknown, expected: unknown, path = 'data'): void {
  if (expected && typeof expected === 'object' && !Array.isArray(expected)) {
    assert.ok(actual && typeof actual === 'object', `${path} should be an object`);
    for (const [key, value] of Object.entries(expected)) partialMatch((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
  } else {
    assert.deepEqual(actual, expected, `${path}`);
  }
}

export function judge(rule: AnyRule, artifacts: Artifacts, options?: Record<string, unknown>): Issue[] {
  return rule.judge(artifacts as never, optionsFor(rule, options));
}

export function testRule(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[]; noThreshold?: boolean }): void {
  describe(`rule ${rule.meta.id}`, () => {
    it('has a threshold case, or says it has no threshold', () => {
      assert.ok(cases.noThreshold === true || cases.valid.some((c) => c.onThreshold), 'add a valid case exactly on the threshold');
      assert.ok(cases.invalid.length > 0, 'add at least one invalid case');
    });
    for (const c of cases.valid) {
      it(`does not flag ${c.name}`, () => {
        const issues = judge(rule, c.artifacts, c.options);
        assert.deepEqual(issues.map((i) => i.message), [], `expected no issue for ${c.name}`);
      });
    }
    for (const c of cases.invalid) {
      it(`flags ${c.name}`, () => {
        const issues = judge(rule, c.artifacts, c.options);
        assert.ok(issues.length >= c.issues.length && issues.length > 0, `expected ${c.issues.length} issue(s), got ${issues.length}`);
        c.issues.forEach((expected, i) => {
          const issue = issues[i]!;
          if (expected.message) assert.match(issue.message, expected.message);
          if (expected.hint) assert.match(issue.hint ?? '', expected.hint);
          if (expected.data) partialMatch(issue.data, expected.data);
          assert.doesNotThrow(() => JSON.stringify(issue.data));
        });
      });
    }
  });
}
