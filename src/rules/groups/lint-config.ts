/** The rules judged by the lint-config work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';

export const LINT_CONFIG_RULES: AnyRule[] = [];
