import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { conventionalModel } from '../../src/load/model-candidates.js';
import { InputError } from '../../src/errors.js';

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nndoctor-models-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}
const TOPOLOGY = '{"format":"layers-model","modelTopology":{}}';

describe('conventionalModel', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('finds the one conventional model file, or none', () => {
    const dir = folder({ 'model/model.json': TOPOLOGY, 'train.csv': 'a,label\n1,0\n' });
    assert.equal(conventionalModel(dir), join(dir, 'model', 'model.json'));
    assert.equal(conventionalModel(folder({ 'train.csv': 'a,label\n1,0\n', 'metadata.json': '{"author":"me"}' })), undefined);
  });

  it('refuses to pick between two conventional models', () => {
    const dir = folder({ 'model.h5': 'x', 'model.keras': 'y' });
    assert.throws(() => conventionalModel(dir), (e: unknown) => e instanceof InputError && /holds 2 models \(model\.h5, model\.keras\)/.test(e.message) && /"model": "model\.h5"/.test(e.fix));
  });

  it('names a model under another name instead of silently checking no model', () => {
    const json = folder({ 'my_model.json': TOPOLOGY, 'train.csv': 'a,label\n1,0\n' });
    assert.throws(() => conventionalModel(json), (e: unknown) => e instanceof InputError && /my_model\.json looks like a model/.test(e.message) && /"model": "my_model\.json"/.test(e.fix));
    const keras = folder({ 'model/best.keras': 'zip' });
    assert.throws(() => conventionalModel(keras), /model\/best\.keras looks like a model/);
  });
});
