/** The one-line form of an unusable input, shared by the text report and the stderr lines of the CLI. */
import type { CheckError } from './types.js';

/** `file:row:column (key k): message`; parts that are unknown are left out. */
export function errorLine(error: CheckError): string {
  let where = error.file ?? '';
  if (error.row !== undefined) where += `:${error.row}`;
  if (error.column !== undefined) where += typeof error.column === 'number' ? `:${error.column}` : ` (column ${error.column})`;
  if (error.key !== undefined) where += where ? ` (key ${error.key})` : `key ${error.key}`;
  return where ? `${where}: ${error.message}` : error.message;
}
