/** The rules judged by the learning-curve work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';

export const LEARNING_CURVE_RULES: AnyRule[] = [];
