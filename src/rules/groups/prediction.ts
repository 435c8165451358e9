/** The rules judged by the prediction work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';

export const PREDICTION_RULES: AnyRule[] = [];
