/**
 * Runs every bench/*.bench.ts (or those whose name contains one of the arguments), prints each section as a
 * table and writes bench/out/results.json and bench/out/results.md. Not part of `npm test`: benches take minutes.
 *
 *   npm run bench                  # all of them
 *   npm run bench -- class-balance # only matching files
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Table from 'cli-table3';

export type Cell = string | number;

/** What every bench file's `bench()` returns. */
export interface BenchSection {
  title: string;
  rows: Array<Record<string, Cell>>;
  notes?: string[];
}

interface StoredSection extends BenchSection {
  file: string;
  startedAt: string;
  durationMs: number;
}

interface Results {
  machine: { node: string; platform: string; cpus: number; cpuModel: string };
  updatedAt: string;
  sections: StoredSection[];
}

const here = dirname(fileURLToPath(import.meta.url));
const outDir = join(here, 'out');

function formatCell(value: Cell | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (abs >= 100) return Math.round(value).toLocaleString('en-US');
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function columnsOf(rows: Array<Record<string, Cell>>): string[] {
  const columns: string[] = [];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  return columns;
}

function renderTable(section: BenchSection): string {
  const columns = columnsOf(section.rows);
  const table = new Table({ head: columns, style: { head: [], border: [] }, chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } });
  for (const row of section.rows) table.push(columns.map((c) => formatCell(row[c])));
  const notes = (section.notes ?? []).map((n) => `  • ${n}`);
  return [`\n## ${section.title}`, section.rows.length > 0 ? table.toString() : '  (no rows)', ...notes].join('\n');
}

function renderMarkdown(results: Results): string {
  const lines = ['# nndoctor benchmarks', '', `Node ${results.machine.node}, ${results.machine.platform}, ${results.machine.cpus} × ${results.machine.cpuModel}; updated ${results.updatedAt}.`, ''];
  for (const section of results.sections) {
    lines.push(`## ${section.title}`, '', `\`bench/${section.file}\`, run ${section.startedAt} (${(section.durationMs / 1000).toFixed(0)} s)`, '');
    const columns = columnsOf(section.rows);
    if (columns.length > 0) {
      lines.push(`| ${columns.join(' | ')} |`, `|${columns.map(() => ' --- ').join('|')}|`);
      for (const row of section.rows) lines.push(`| ${columns.map((c) => formatCell(row[c]).replace(/\|/g, '\\|')).join(' | ')} |`);
      lines.push('');
    }
    for (const note of section.notes ?? []) lines.push(`- ${note}`);
    lines.push('');
  }
  return lines.join('\n');
}

async function main(filters: string[]): Promise<number> {
  const files = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
  const selected = filters.length === 0 ? files : files.filter((f) => filters.some((needle) => f.includes(needle)));
  if (selected.length === 0) {
    process.stderr.write(`no bench file matches ${filters.join(', ')}; there are: ${files.join(', ')}\n`);
    return 2;
  }
  mkdirSync(outDir, { recursive: true });
  const resultsFile = join(outDir, 'results.json');
  // A filtered run updates its own sections and keeps the others from the previous run.
  const previous: StoredSection[] = existsSync(resultsFile) ? (JSON.parse(readFileSync(resultsFile, 'utf8')) as Results).sections : [];
  const fresh: StoredSection[] = [];
  let failed = 0;
  for (const file of selected) {
    const startedAt = new Date().toISOString();
    const start = performance.now();
    process.stderr.write(`running bench/${file} …\n`);
    let section: BenchSection;
    try {
      const mod = (await import(pathToFileURL(join(here, file)).href)) as { bench?: () => Promise<BenchSection> };
      if (typeof mod.bench !== 'function') throw new Error('does not export `async function bench()`');
      section = await mod.bench();
    } catch (error) {
      failed += 1;
      section = { title: basename(file, '.bench.ts'), rows: [], notes: [`FAILED: ${(error as Error).stack ?? String(error)}`] };
    }
    const stored: StoredSection = { ...section, file, startedAt, durationMs: Math.round(performance.now() - start) };
    fresh.push(stored);
    process.stdout.write(`${renderTable(stored)}\n`);
  }
  const byFile = new Map(previous.map((s) => [s.file, s]));
  for (const s of fresh) byFile.set(s.file, s);
  const order = readdirSync(here).filter((f) => f.endsWith('.bench.ts')).sort();
  const sections = [...byFile.values()].filter((s) => order.includes(s.file)).sort((a, b) => order.indexOf(a.file) - order.indexOf(b.file));
  const cpu = cpus();
  const results: Results = {
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown' },
    updatedAt: new Date().toISOString(),
    sections,
  };
  writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(outDir, 'results.md'), renderMarkdown(results));
  process.stderr.write(`\nwrote ${resultsFile} and ${join(outDir, 'results.md')}\n`);
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2).filter((a) => a !== '--'));
