/** CSV files written into one temporary folder per test file, removed when the file's tests are done. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';

/** Returns a writer: each call saves `text` (or bytes) as a new CSV file and returns its path. */
export function tempCsvWriter(prefix: string): (text: string | Buffer) => string {
  const dir = mkdtempSync(join(tmpdir(), `nndoctor-${prefix}-`));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let files = 0;
  return (text) => {
    const file = join(dir, `t${files++}.csv`);
    writeFileSync(file, text);
    return file;
  };
}
