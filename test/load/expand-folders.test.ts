import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { expandFolders, globFolders, parseShard, shardOf } from '../../src/load/expand-folders.js';
import { UsageError } from '../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'nndoctor-glob-'));
for (const name of ['runs/exp-2', 'runs/exp-10', 'runs/exp-1', 'runs/other', 'runs/.hidden', 'runs/deep/exp-9']) mkdirSync(join(dir, name), { recursive: true });
writeFileSync(join(dir, 'runs', 'exp-3'), 'a file, not a folder');
after(() => rmSync(dir, { recursive: true, force: true }));

describe('expandFolders', () => {
  it('expands * to folders only, sorted, skipping hidden ones', () => {
    assert.deepEqual(globFolders(join(dir, 'runs', 'exp-*')), ['exp-1', 'exp-10', 'exp-2'].map((n) => join(dir, 'runs', n)));
    assert.deepEqual(globFolders(join(dir, 'runs', '*')).map((p) => p.slice(dir.length + 1)), ['runs/deep', 'runs/exp-1', 'runs/exp-10', 'runs/exp-2', 'runs/other']);
  });

  it('supports ? , [..] and **', () => {
    assert.deepEqual(globFolders(join(dir, 'runs', 'exp-?')), ['exp-1', 'exp-2'].map((n) => join(dir, 'runs', n)));
    assert.deepEqual(globFolders(join(dir, 'runs', 'exp-[12]')), ['exp-1', 'exp-2'].map((n) => join(dir, 'runs', n)));
    assert.ok(globFolders(join(dir, '**', 'exp-9')).includes(join(dir, 'runs', 'deep', 'exp-9')));
  });

  it('keeps literal paths (even missing ones) in input order and expands patterns in place', () => {
    assert.deepEqual(expandFolders(['b', join(dir, 'runs', 'exp-1?'), 'a']), ['b', join(dir, 'runs', 'exp-10'), 'a']);
  });

  it('treats a pattern that matches nothing as a usage error', () => {
    assert.throws(() => expandFolders([join(dir, 'runs', 'nope-*')]), (error: unknown) => error instanceof UsageError && /no folder matches/.test(error.message));
  });
});

describe('shards', () => {
  it('parses i/n and rejects i outside 1..n', () => {
    assert.deepEqual(parseShard('2/3'), { index: 2, count: 3 });
    for (const bad of ['3/2', '0/2', '1/0', '1', 'a/b', '-1/2']) assert.throws(() => parseShard(bad), UsageError, bad);
  });

  it('splits round-robin so every folder lands in exactly one shard', () => {
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    const shards = [1, 2, 3].map((index) => shardOf(items, { index, count: 3 }));
    assert.deepEqual(shards, [['a', 'd', 'g'], ['b', 'e'], ['c', 'f']]);
    assert.deepEqual(shards.flat().sort(), items);
  });
});
