/** Expands folder arguments that contain glob patterns (when the shell did not), in a stable, sorted order. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';

const GLOB_CHARS = /[*?[]/;

/** `*` and `?` within one path segment, `[abc]`/`[a-z]` classes, `**` for any depth. */
function segmentRegExp(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const end = segment.indexOf(']', i + 1);
      if (end === -1) source += '\\[';
      else {
        const body = segment.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = end;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function children(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** Folders matching one pattern; hidden entries only match a pattern segment that starts with a dot. */
export function globFolders(pattern: string): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s.length > 0 || i === 0);
  let current: string[] = [absolute ? '/' : ''];
  for (const segment of segments) {
    if (segment === '') continue;
    const next: string[] = [];
    const base = (p: string): string => (p === '' ? '.' : p);
    if (segment === '**') {
      const stack = [...current];
      while (stack.length > 0) {
        const dir = stack.shift()!;
        next.push(dir);
        for (const name of children(base(dir))) {
          const full = dir === '' ? name : join(dir, name);
          if (!name.startsWith('.') && isDirectory(full)) stack.push(full);
        }
      }
    } else if (!GLOB_CHARS.test(segment)) {
      for (const dir of current) next.push(dir === '' ? segment : join(dir, segment));
    } else {
      const re = segmentRegExp(segment);
      for (const dir of current) {
        for (const name of children(base(dir))) {
          if (name.startsWith('.') && !segment.startsWith('.')) continue;
          if (re.test(name)) next.push(dir === '' ? name : join(dir, name));
        }
      }
    }
    current = [...new Set(next)];
  }
  return current.filter((p) => p !== '' && isDirectory(p)).sort();
}

/**
 * Keeps literal paths as given (a missing one becomes an `error` experiment later) and expands patterns;
 * a pattern that matches no folder is a usage error, since it is almost always a typo.
 */
export function expandFolders(args: readonly string[]): string[] {
  const out: string[] = [];
  for (const arg of args) {
    if (!GLOB_CHARS.test(arg) || existsSync(arg)) {
      out.push(arg);
      continue;
    }
    const matches = globFolders(arg);
    if (matches.length === 0) throw new UsageError(`no folder matches "${arg}"`);
    out.push(...matches);
  }
  return out;
}

/** `i/n` → the i-th of n deterministic shares (round-robin over the input order), i in 1..n. */
export function parseShard(value: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) throw new UsageError(`--shard ${value}: expected i/n with 1 ≤ i ≤ n (e.g. 1/4)`);
  return { index, count };
}

export function shardOf<T>(items: readonly T[], shard: { index: number; count: number } | undefined): T[] {
  if (!shard) return [...items];
  return items.filter((_, i) => i % shard.count === shard.index - 1);
}
