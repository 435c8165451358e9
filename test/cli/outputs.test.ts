/**
 * Where reports go: nndoctor never overwrites a file the run reads (DESIGN: it never writes to the user's model or
 * data files), refuses a second folder given to a one-folder command, and a report that cannot reach stdout ends in
 * one line and exit 2, not a stack trace.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertOneLineError, ROOT, runCli } from '../helpers/cli.js';

const work = mkdtempSync(join(tmpdir(), 'nndoctor-outputs-'));
after(() => rmSync(work, { recursive: true, force: true }));
const folder = join(work, 'iris');
cpSync(join(ROOT, 'examples/healthy-iris'), folder, { recursive: true });
const snapshot = (): Map<string, string> => new Map(readdirSync(folder).map((name) => [name, readFileSync(join(folder, name), 'latin1')]));

describe('outputs never overwrite inputs', () => {
  const refused: Array<[string, string[]]> = [
    ['--output onto the model.json', ['lint-config', folder, '--output', join(folder, 'model.json')]],
    ['--output onto a weight shard', ['lint-config', folder, '--output', join(folder, 'group1-shard1of1.bin')]],
    ['--output onto the test CSV', ['lint-data', folder, '--output', join(folder, 'test.csv')]],
    ['--output onto --data, by another spelling of its path', ['class-balance', '--data', join(folder, 'train.csv'), '--output', join(folder, '.', 'train.csv')]],
    ['check --output onto a folder\'s model.json', ['check', folder, '--output', join(folder, 'model.json')]],
    ['learning-curve --csv onto the training CSV', ['learning-curve', folder, '--sizes', '1,10', '--repeats', '1', '--epochs', '2', '--csv', join(folder, 'train.csv')]],
  ];
  for (const [what, args] of refused) {
    it(`refuses ${what} with exit 2 and one line, leaving every file as it was`, () => {
      const before = snapshot();
      const run = runCli(args);
      assert.equal(run.code, 2);
      assertOneLineError(run.stderr, /is one of the files this run reads, so --(output|csv) will not overwrite it\. Fix: /);
      assert.deepEqual(snapshot(), before);
    });
  }

  it('refuses --csv and --plot naming the same file', () => {
    const run = runCli(['learning-curve', folder, '--sizes', '1,10', '--repeats', '1', '--epochs', '2', '--csv', join(work, 'curve.svg'), '--plot', join(work, 'curve.svg')]);
    assert.equal(run.code, 2);
    assertOneLineError(run.stderr, /--csv and --plot name the same file/);
    assert.equal(existsSync(join(work, 'curve.svg')), false);
  });

  it('still writes a report to a path of its own, and overwrites its own earlier report', () => {
    const report = join(work, 'report.json');
    writeFileSync(report, 'an earlier report');
    const run = runCli(['class-balance', folder, '--format', 'json', '--output', report]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal((JSON.parse(readFileSync(report, 'utf8')) as { status: string }).status, 'pass');
  });
});

describe('arguments and stdout', () => {
  it('refuses a second folder for a one-folder command (exit 2) instead of checking only the first', () => {
    const run = runCli(['class-balance', folder, join(ROOT, 'examples/dead-relu')]);
    assert.equal(run.code, 2);
    assertOneLineError(run.stderr, /too many arguments for 'class-balance'/);
    assert.equal(run.stdout, '');
  });

  it('ends in one line and exit 2 when stdout cannot take the report (a full disk)', { skip: !existsSync('/dev/full') && 'needs /dev/full' }, () => {
    const result = spawnSync('sh', ['-c', `"${process.execPath}" "${join(ROOT, 'bin/nndoctor.js')}" class-balance "${folder}" > /dev/full`], { encoding: 'utf8', cwd: ROOT });
    assert.equal(result.status, 2);
    assertOneLineError(result.stderr, /cannot write the report to standard output \(ENOSPC\)/);
  });
});
