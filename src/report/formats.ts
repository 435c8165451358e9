/**
 * The `--format` names and a loader per formatter, apart from the formatters themselves so the CLI can declare its
 * flags, and a run can load the one formatter it prints with, without importing the others (chalk, cli-table3, …).
 */
import type { Formatter } from './formatters/index.js';

/** In the order `--help` lists them. */
export const FORMATS = ['text', 'json', 'junit', 'github', 'markdown'] as const;
export type Format = (typeof FORMATS)[number];

const LOADERS: Record<Format, () => Promise<Formatter>> = {
  text: async () => (await import('./formatters/text.js')).formatText,
  json: async () => (await import('./formatters/json.js')).formatJson,
  junit: async () => (await import('./formatters/junit.js')).formatJunit,
  github: async () => (await import('./formatters/github.js')).formatGithub,
  markdown: async () => (await import('./formatters/markdown.js')).formatMarkdown,
};

/** The formatter of one format (the same function as FORMATTERS[format]). */
export function loadFormatter(format: Format): Promise<Formatter> {
  return LOADERS[format]();
}
