import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FORMATTERS, FORMATS } from '../../src/report/formatters/index.js';
import type { Report } from '../../src/report/types.js';
import { FIXTURES } from '../helpers/experiments.js';

const report = JSON.parse(readFileSync(`${FIXTURES}reports/sample-report.json`, 'utf8')) as Report;
const update = process.env.UPDATE_SNAPSHOTS === '1';

describe('formatters render the sample report (golden files)', () => {
  for (const format of FORMATS) {
    for (const verbose of [false, true]) {
      const name = `${format}${verbose ? '-verbose' : ''}`;
      it(`${name} matches fixtures/snapshots/formatters/${name}.txt`, () => {
        const actual = FORMATTERS[format](report, { color: false, verbose, failOnWarn: false });
        const file = `${FIXTURES}snapshots/formatters/${name}.txt`;
        if (update || !existsSync(file)) writeFileSync(file, actual);
        assert.equal(actual, readFileSync(file, 'utf8'));
      });
    }
  }
  it('json is the data model itself', () => {
    assert.deepEqual(JSON.parse(FORMATTERS.json(report, { color: false, verbose: false })), report);
  });
  it('text without colour has no ANSI escapes; with colour it has some', () => {
    assert.doesNotMatch(FORMATTERS.text(report, { color: false, verbose: true }), /\x1b\[/);
    assert.match(FORMATTERS.text(report, { color: true, verbose: true }), /\x1b\[/);
  });
  it('junit counts failures, errors and skips; warn fails only with failOnWarn', () => {
    const xml = FORMATTERS.junit(report, { color: false, verbose: false });
    assert.match(xml, /<testsuites name="nndoctor" tests="6" failures="1" errors="2" skipped="1">/);
    const strict = FORMATTERS.junit(report, { color: false, verbose: false, failOnWarn: true });
    assert.match(strict, /failures="2"/);
  });
  it('github emits one annotation per finding and per unusable input', () => {
    const lines = FORMATTERS.github(report, { color: false, verbose: false }).trim().split('\n');
    assert.equal(lines.filter((l) => l.startsWith('::error')).length, 3);
    assert.equal(lines.filter((l) => l.startsWith('::warning')).length, 2);
  });
});
