/** The formatter table, one formatter per `--format` name (the names themselves are in ../formats.ts). */
import type { Report } from '../types.js';
import { FORMATS, type Format } from '../formats.js';
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
} as const satisfies Record<Format, Formatter>;

// The names live in ../formats.ts (the CLI declares --format without loading formatters); `satisfies` keeps both in step.
export { FORMATS, type Format };
