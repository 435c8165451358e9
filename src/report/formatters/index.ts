/** The formatter table: the one source of the `--format` choices. */
import type { Report } from '../types.js';
import { formatText } from './text.js';
import { formatJson } from './json.js';
import { formatJunit } from './junit.js';
import { formatGithub } from './github.js';
import { formatMarkdown } from './markdown.js';

export interface FormatOptions {
  color: boolean;
  verbose: boolean;
  /** junit: whether `warn` counts as a failure (mirrors --fail-on warn). */
  failOnWarn?: boolean;
}

export type Formatter = (report: Report, options: FormatOptions) => string;

export const FORMATTERS = {
  text: formatText,
  json: formatJson,
  junit: formatJunit,
  github: formatGithub,
  markdown: formatMarkdown,
} as const satisfies Record<string, Formatter>;

export type Format = keyof typeof FORMATTERS;
export const FORMATS = Object.keys(FORMATTERS) as Format[];
