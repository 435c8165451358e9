/** Crash stacks name the TypeScript source: frames of built files with a source map are mapped, others kept. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import { sourceMappedStack } from '../../src/cli/source-mapped-stack.js';

const dir = mkdtempSync(join(tmpdir(), 'nndoctor-stack-'));
after(() => rmSync(dir, { recursive: true, force: true }));

// A hand-written map: generated line 1, columns 0 and 10 come from src/a.ts lines 3 and 7 (VLQ "AAEA", "UAIA").
const built = join(dir, 'dist dir', 'out.cjs');

describe('sourceMappedStack', () => {
  it('maps frames of a file with a map (paths with spaces, file:// URLs) and leaves the rest alone', () => {
    mkdirSync(join(dir, 'dist dir'), { recursive: true });
    writeFileSync(built, 'x;\n');
    writeFileSync(`${built}.map`, JSON.stringify({ version: 3, sources: ['../src/a.ts'], names: [], mappings: 'AAEA,UAIA' }));
    const stack = [
      'Error: boom',
      `    at run (${built}:1:11)`,
      `    at ${pathToFileURL(built).href}:1:1`,
      '    at node:internal/main/run_main_module:28:49',
      `    at other (${join(dir, 'nomap.js')}:5:6)`,
    ].join('\n');
    assert.equal(sourceMappedStack(stack), [
      'Error: boom',
      `    at run (${join(dir, 'src', 'a.ts')}:7:1)`,
      `    at ${join(dir, 'src', 'a.ts')}:3:1`,
      '    at node:internal/main/run_main_module:28:49',
      `    at other (${join(dir, 'nomap.js')}:5:6)`,
    ].join('\n'));
  });

  it('keeps a frame whose map is unreadable', () => {
    const file = join(dir, 'broken.js');
    writeFileSync(file, '');
    writeFileSync(`${file}.map`, '{ not json');
    const stack = `Error: x\n    at f (${file}:1:1)`;
    assert.equal(sourceMappedStack(stack), stack);
  });
});
