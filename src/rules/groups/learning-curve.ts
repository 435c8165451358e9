/** The rules judged by the learning-curve work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';
import { cannotFitTiny } from '../cannot-fit-tiny.js';
import { highBias } from '../high-bias.js';
import { highVariance } from '../high-variance.js';

export const LEARNING_CURVE_RULES: AnyRule[] = [cannotFitTiny, highBias, highVariance];
