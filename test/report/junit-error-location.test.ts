/** JUnit <error message> carries the same file:row:column line as the text report and stderr. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatJunit } from '../../src/report/formatters/junit.js';
import type { Report } from '../../src/report/types.js';

function reportWith(error: NonNullable<Report['experiments'][number]['error']>, onExperiment: boolean): Report {
  const check = { check: 'lint-data' as const, status: 'error' as const, durationMs: 1, findings: [], data: {}, error };
  return {
    schemaVersion: 1,
    tool: { name: 'nndoctor', version: '0.0.0' },
    backend: null,
    seed: 42,
    status: 'error',
    warnings: [],
    experiments: [{ path: 'runs/a', status: 'error', settings: {}, checks: onExperiment ? [] : [check], ...(onExperiment ? { error } : {}) }],
    summary: { pass: 0, warn: 0, fail: 0, error: 1 },
  } as unknown as Report;
}

describe('junit error messages name the file', () => {
  it('a check error: file:row:column: message', () => {
    const xml = formatJunit(reportWith({ message: 'is "bad" & wrong', file: 'runs/a/train.csv', row: 14, column: 3 }, false), { color: false, verbose: false });
    assert.match(xml, /<error message="runs\/a\/train\.csv:14:3: is &quot;bad&quot; &amp; wrong"\/>/);
  });
  it('an experiment error: file and key', () => {
    const xml = formatJunit(reportWith({ message: 'unknown key', file: 'runs/a/nndoctor.json', key: 'trainig' }, true), { color: false, verbose: false });
    assert.match(xml, /<error message="runs\/a\/nndoctor\.json \(key trainig\): unknown key"\/>/);
  });
});
