/**
 * `nndoctor check` on one broken input prints exactly one stderr line, although several checks (each loading the
 * data its own way: the streaming label scanner, the in-memory reader, training, prediction) trip over it.
 * Red-team cases: a ragged row, a CSV too wide or too narrow for the model, a stray \r in a quoted header,
 * a repeated --label column, and an absolute model path in nndoctor.json.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assertOneLineError, runCli } from '../helpers/cli.js';
import { EXPERIMENTS } from '../helpers/experiments.js';

const WORK = mkdtempSync(join(tmpdir(), 'nndoctor-one-line-'));
after(() => rmSync(WORK, { recursive: true, force: true }));

/** A copy of a fixture experiment whose train.csv (or another file) is rewritten by `edit`. */
function variant(name: string, fixture: string, edit: (dir: string) => void): string {
  const dir = join(WORK, name);
  cpSync(join(EXPERIMENTS, fixture), dir, { recursive: true });
  edit(dir);
  return dir;
}

function csvLines(dir: string, file = 'train.csv'): string[] {
  // The fixture is saved with CRLF line ends; the cases choose their own.
  return readFileSync(join(dir, file), 'utf8').trimEnd().split(/\r?\n/);
}

function check(args: string[]): { code: number; stderr: string; stdout: string } {
  return runCli(['check', '--format', 'json', ...args]);
}

describe('check: one stderr line per bad input', () => {
  it('a ragged row (plain CSV): one line naming its file line', () => {
    const dir = variant('ragged', 'lc-clean-iris', (d) => {
      const lines = csvLines(d);
      lines[37] += ',9';
      writeFileSync(join(d, 'train.csv'), lines.join('\n') + '\n');
    });
    const { code, stderr } = check([dir]);
    assert.equal(code, 2);
    assertOneLineError(stderr, /train\.csv:38: has 6 cells but the header has 5\. Fix: make every row as wide as the header/);
  });

  it('a ragged row in a CRLF file with a quoted header (the csv-parse paths): the same one line', () => {
    const dir = variant('ragged-quoted', 'lc-clean-iris', (d) => {
      const lines = csvLines(d);
      lines[0] = lines[0]!.replace('sepal_length', '"sepal length, cm"');
      lines[37] += ',9';
      writeFileSync(join(d, 'train.csv'), lines.join('\r\n') + '\r\n');
    });
    const { code, stderr } = check([dir]);
    assert.equal(code, 2);
    assertOneLineError(stderr, /train\.csv:38: has 6 cells but the header has 5\. Fix: make every row as wide as the header/);
  });

  it('a stray \\r at the end of a quoted header (label\\r\\r\\n): bare carriage returns on line 1, once', () => {
    const dir = variant('stray-cr-quoted', 'lc-clean-iris', (d) => {
      const lines = csvLines(d);
      lines[0] = `${lines[0]!.replace('sepal_length', '"sepal length, cm"')}\r`;
      writeFileSync(join(d, 'train.csv'), lines.join('\r\n') + '\r\n');
    });
    const { code, stderr } = check([dir]);
    assert.equal(code, 2);
    assertOneLineError(stderr, /train\.csv:1: uses bare carriage returns/);
  });

  it('a CRLF file with a quoted header and no stray \\r still loads (control)', () => {
    const dir = variant('crlf-quoted-clean', 'lc-clean-iris', (d) => {
      const lines = csvLines(d);
      lines[0] = lines[0]!.replace('sepal_length', '"sepal length, cm"');
      writeFileSync(join(d, 'train.csv'), lines.join('\r\n') + '\r\n');
    });
    const { code, stderr } = runCli(['lint-data', '--format', 'json', dir]);
    assert.equal(stderr, '');
    assert.notEqual(code, 2);
  });

  it('train.csv one feature column wider than the model input: one line', () => {
    const dir = variant('too-wide', 'lc-clean-iris', (d) => {
      const lines = csvLines(d).map((l, i) => (i === 0 ? `extra,${l}` : `0.5,${l}`));
      writeFileSync(join(d, 'train.csv'), lines.join('\n') + '\n');
    });
    const { code, stderr } = check([dir]);
    assert.equal(code, 2);
    assertOneLineError(stderr, /train\.csv:1: has 5 feature columns, but the model's input shape \[4\] needs 4/);
  });

  it('test.csv missing a feature column: one line naming test.csv', () => {
    const dir = variant('test-narrow', 'lc-clean-iris', (d) => {
      const lines = csvLines(d).map((l) => l.split(',').slice(1).join(','));
      writeFileSync(join(d, 'test.csv'), lines.slice(0, 40).join('\n') + '\n');
    });
    const { code, stderr } = check([dir]);
    assert.equal(code, 2);
    assertOneLineError(stderr, /test\.csv:1: has 3 feature columns, but the model's input shape \[4\] needs 4/);
  });

  it('--label naming a column twice: one InputError naming the repeated column', () => {
    const { code, stderr } = check(['--label', 'y0,y0,y1', join(EXPERIMENTS, 'lc-clean-multilabel')]);
    assert.equal(code, 2);
    assertOneLineError(stderr, /train\.csv:1 \(column y0\): label column "y0" is listed more than once/);
    assert.doesNotMatch(stderr, /feature columns/);
  });

  it('an absolute model path in nndoctor.json is used as given, not joined to the folder', () => {
    const elsewhere = join(WORK, 'elsewhere', 'model.json');
    const dir = variant('abs-model', 'lc-clean-iris', (d) => writeFileSync(join(d, 'nndoctor.json'), JSON.stringify({ model: elsewhere })));
    const { code, stderr } = check([dir]);
    assert.equal(code, 2);
    assertOneLineError(stderr, new RegExp(`^nndoctor: ${elsewhere.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: does not exist`));
  });
});
