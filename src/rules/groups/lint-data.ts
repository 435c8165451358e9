/** The rules judged by the lint-data work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';

export const LINT_DATA_RULES: AnyRule[] = [];
