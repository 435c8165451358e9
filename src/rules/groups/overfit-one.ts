/** The rules judged by the overfit-one work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';

export const OVERFIT_ONE_RULES: AnyRule[] = [];
