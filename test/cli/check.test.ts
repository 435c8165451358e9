import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../helpers/cli.js';
import { withoutTimings } from '../helpers/experiments.js';
import type { Report } from '../../src/report/types.js';

/** Checks that `xml` is well-formed (balanced, properly nested tags, quoted attributes) and returns its elements. */
function parseXml(xml: string): Array<{ name: string; attrs: Record<string, string> }> {
  const body = xml.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '').replace(/^<\?xml[^>]*\?>\s*/, '');
  const elements: Array<{ name: string; attrs: Record<string, string> }> = [];
  const stack: string[] = [];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let at = 0;
  for (let m = tag.exec(body); m; m = tag.exec(body)) {
    const between = body.slice(at, m.index);
    assert.doesNotMatch(between, /[<>]/, `stray markup before ${m[0]}`);
    assert.doesNotMatch(between, /&(?!(amp|lt|gt|quot|apos|#\d+);)/, 'unescaped &');
    at = m.index + m[0].length;
    const [, closing, name, attrText, selfClosing] = m;
    if (closing) {
      assert.equal(stack.pop(), name, `</${name}> closes the wrong element`);
      continue;
    }
    const attrs = Object.fromEntries([...attrText!.matchAll(/([\w:.-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!]));
    elements.push({ name: name!, attrs });
    if (!selfClosing) stack.push(name!);
  }
  assert.doesNotMatch(body.slice(at), /[<>]/, 'stray markup at the end');
  assert.deepEqual(stack, [], 'unclosed elements');
  return elements;
}

let dir = '';
let pass = '';
let fail = '';
let broken = '';
let missing = '';
// A model-less pass and fail (no training: fast) and a folder whose nndoctor.json is unusable.
const cheap = (): string[] => [pass, fail, broken];

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'nndoctor-check-'));
  pass = 'fixtures/experiments/cb-balanced-iris';
  fail = 'fixtures/experiments/cb-imbalanced';
  broken = join(dir, 'broken');
  missing = join(dir, 'missing');
  mkdirSync(broken);
  writeFileSync(join(broken, 'nndoctor.json'), '{"nope": 1}\n');
  for (const name of ['b-one', 'b-two', 'b-three']) mkdirSync(join(dir, 'globbed', name), { recursive: true });
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('nndoctor check over many folders', () => {
  let jobs1: Report;

  it('marks an unusable folder as error, runs the others, keeps input order and exits 2 (JSON)', () => {
    const run = runCli(['check', pass, fail, broken, 'examples/dead-relu', '--format', 'json', '--jobs', '1']);
    assert.equal(run.code, 2, run.stderr);
    jobs1 = JSON.parse(run.stdout) as Report;
    assert.deepEqual(jobs1.experiments.map((e) => e.path), [pass, fail, broken, 'examples/dead-relu']);
    assert.deepEqual(jobs1.experiments.map((e) => e.status), ['pass', 'fail', 'error', 'fail']);
    assert.match(jobs1.experiments[2]!.error!.message, /unknown key "nope"/);
    assert.equal(jobs1.status, 'error');
    assert.match(run.stderr, /broken\/nndoctor\.json \(key nope\)/);
    const diagnosis = jobs1.experiments[3]!.diagnosis!;
    assert.match(diagnosis.symptom, /always predicts class/);
    assert.equal(diagnosis.causes[0]!.rule, 'dead-units');
    assert.deepEqual(jobs1.experiments[3]!.checks.map((c) => c.check), ['class-balance', 'lint-data', 'lint-config', 'overfit-one', 'learning-curve', 'prediction'].filter((id) => jobs1.experiments[3]!.checks.some((c) => c.check === id)));
  });

  it('gives the same report with --jobs 2 as with --jobs 1 (apart from durationMs)', () => {
    const run = runCli(['check', pass, fail, broken, 'examples/dead-relu', '--format', 'json', '--jobs', '2']);
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(withoutTimings(JSON.parse(run.stdout) as Report), withoutTimings(jobs1));
  });

  it('gives the same report when worker processes check every folder (NNDOCTOR_CHECK_WORKERS=only)', () => {
    const run = runCli(['check', pass, fail, broken, 'examples/dead-relu', '--format', 'json', '--jobs', '2'], { env: { NNDOCTOR_CHECK_WORKERS: 'only' } });
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(withoutTimings(JSON.parse(run.stdout) as Report), withoutTimings(jobs1));
  });

  it('gives the same report when this process and a worker share the folders (NNDOCTOR_CHECK_WORKERS=now)', () => {
    const run = runCli(['check', pass, fail, broken, 'examples/dead-relu', '--format', 'json', '--jobs', '2'], { env: { NNDOCTOR_CHECK_WORKERS: 'now' } });
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(withoutTimings(JSON.parse(run.stdout) as Report), withoutTimings(jobs1));
  });

  it('exits 1 when a folder fails and none errors, 0 when all pass', () => {
    assert.equal(runCli(['check', pass, fail, '--format', 'json']).code, 1);
    assert.equal(runCli(['check', pass, '--format', 'json']).code, 0);
  });

  it('writes well-formed JUnit XML with one testsuite per folder and the right counts', () => {
    const json = JSON.parse(runCli(['check', ...cheap(), '--format', 'json', '--jobs', '1']).stdout) as Report;
    const run = runCli(['check', ...cheap(), '--format', 'junit', '--jobs', '1']);
    assert.equal(run.code, 2);
    const elements = parseXml(run.stdout);
    const suites = elements.filter((e) => e.name === 'testsuite');
    assert.deepEqual(suites.map((s) => s.attrs.name), cheap());
    const root = elements.find((e) => e.name === 'testsuites')!;
    const checks = json.experiments.flatMap((e) => (e.error ? [{ status: 'error' }] : e.checks));
    assert.equal(Number(root.attrs.tests), checks.length);
    assert.equal(Number(root.attrs.failures), checks.filter((c) => c.status === 'fail').length);
    assert.equal(Number(root.attrs.errors), checks.filter((c) => c.status === 'error').length);
    assert.equal(Number(root.attrs.skipped), checks.filter((c) => c.status === 'skipped').length);
    assert.equal(elements.filter((e) => e.name === 'failure').length, 1);
    assert.equal(elements.filter((e) => e.name === 'error').length, 1);
  });

  it('covers every folder in text (ending with the summary table), github and markdown', () => {
    const text = runCli(['check', ...cheap(), '--jobs', '1']);
    assert.equal(text.code, 2);
    const lines = text.stdout.trimEnd().split('\n');
    const table = lines.findIndex((l) => /^experiment\s+status\s+failing rules$/.test(l));
    assert.ok(table > 0, 'summary table present');
    assert.match(lines[table + 1]!, new RegExp(`^${pass}\\s+✓ pass\\s+—$`));
    assert.match(lines[table + 2]!, new RegExp(`^${fail}\\s+✗ fail\\s+class-imbalance$`));
    assert.match(lines[table + 3]!, /broken\s+☠ error\s+inputs unusable$/);
    assert.match(lines[lines.length - 1]!, /^☠ error: 1 failed, .* 1 could not run/);

    const github = runCli(['check', ...cheap(), '--format', 'github', '--jobs', '1']);
    const annotations = github.stdout.trim().split('\n');
    assert.ok(annotations.slice(0, -1).every((l) => /^::(error|warning) /.test(l)), github.stdout);
    assert.ok(annotations.some((l) => l.startsWith('::error title=class-imbalance::fixtures/experiments/cb-imbalanced: ')));
    assert.ok(annotations.some((l) => l.includes('broken: ') && l.startsWith('::error ')));

    const markdown = runCli(['check', ...cheap(), '--format', 'markdown', '--jobs', '1']).stdout;
    for (const path of cheap()) assert.ok(markdown.includes(`### ${path} — `), `markdown section for ${path}`);
    assert.match(markdown, /\| experiment \| status \| failing rules \|/);
  });

  it('--shard i/n takes a deterministic round-robin share of the folders', () => {
    const folders = ['a', 'b', 'c', 'd', 'e'].map((n) => join(dir, 'missing', n));
    const share = (spec: string): string[] => (JSON.parse(runCli(['check', ...folders, '--shard', spec, '--format', 'json']).stdout) as Report).experiments.map((e) => e.path);
    assert.deepEqual(share('1/2'), [folders[0], folders[2], folders[4]]);
    assert.deepEqual(share('2/2'), [folders[1], folders[3]]);
    assert.deepEqual(share('3/3'), [folders[2]]);
  });

  it('rejects --shard 3/2 and --shard 0/2 as usage errors (exit 2, one line)', () => {
    for (const spec of ['3/2', '0/2', 'x']) {
      const run = runCli(['check', missing, '--shard', spec]);
      assert.equal(run.code, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr.trim(), /--shard/);
      assert.equal(run.stderr.trim().split('\n').length, 1);
    }
  });

  it('expands globs the shell left alone (sorted) and rejects a pattern that matches nothing', () => {
    const run = runCli(['check', join(dir, 'globbed', 'b-t*'), '--format', 'json']);
    const report = JSON.parse(run.stdout) as Report;
    assert.deepEqual(report.experiments.map((e) => e.path), [join(dir, 'globbed', 'b-three'), join(dir, 'globbed', 'b-two')]);
    const none = runCli(['check', join(dir, 'globbed', 'zz*')]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no folder matches ".*zz\*"/);
  });
});
