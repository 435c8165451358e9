/** The rules judged by the class-balance work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';
import { classImbalance } from '../class-imbalance.js';
import { missingClass } from '../missing-class.js';
import { labelOutOfRange } from '../label-out-of-range.js';
import { labelShift } from '../label-shift.js';

export const CLASS_BALANCE_RULES: AnyRule[] = [classImbalance, missingClass, labelOutOfRange, labelShift];
