/**
 * Stack traces in crash reports and under --debug, with each frame of nndoctor's built code (the bundled CLI's
 * dist/cli/*.cjs, or dist/src/*.js) mapped to its TypeScript source through the source map next to the file. The
 * bundle is one file of long lines, so unmapped frames would point nowhere useful. Maps are read only here, after
 * something went wrong; a frame without a map, or that the map does not cover, is left as it is.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `    at fn (file:line:column)` or `    at file:line:column`; file may hold spaces or be a file:// URL. */
const FRAME = /^(\s*at (?:.*? \()?)(.+?):(\d+):(\d+)(\)?)$/;

export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, { map: SourceMap; dir: string } | null>();
  return stack.split('\n').map((line) => {
    const frame = FRAME.exec(line);
    if (!frame) return line;
    const [, head, location, row, column, tail] = frame as unknown as [string, string, string, string, string, string];
    const file = location.startsWith('file://') ? fileURLToPath(location) : location;
    if (!maps.has(file)) maps.set(file, readMap(file));
    const found = maps.get(file);
    if (!found) return line;
    const entry = found.map.findEntry(Number(row) - 1, Number(column) - 1);
    if (!('originalSource' in entry) || !entry.originalSource) return line;
    return `${head}${resolve(found.dir, entry.originalSource)}:${entry.originalLine + 1}:${entry.originalColumn + 1}${tail}`;
  }).join('\n');
}

function readMap(file: string): { map: SourceMap; dir: string } | null {
  const mapFile = `${file}.map`;
  if (!/\.c?js$/.test(file) || !existsSync(mapFile)) return null;
  try {
    return { map: new SourceMap(JSON.parse(readFileSync(mapFile, 'utf8'))), dir: dirname(mapFile) };
  } catch {
    return null;
  }
}
