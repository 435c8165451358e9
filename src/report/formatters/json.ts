/** The JSON format is the data model itself. */
import type { Report } from '../types.js';

export function formatJson(report: Report): string {
  return JSON.stringify(report, null, 2) + '\n';
}
