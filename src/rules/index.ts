/** The rule registry: every implemented rule by id, in report order (the order of RULE_IDS). */
import type { AnyRule } from './define-rule.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';
import { classImbalance } from './class-imbalance.js';
import { missingClass } from './missing-class.js';
import { labelOutOfRange } from './label-out-of-range.js';
import { labelShift } from './label-shift.js';

const IMPLEMENTED: AnyRule[] = [classImbalance, missingClass, labelOutOfRange, labelShift];

export const RULES: Partial<Record<RuleId, AnyRule>> = Object.fromEntries(
  RULE_IDS.flatMap((id) => {
    const rule = IMPLEMENTED.find((r) => r.meta.id === id);
    return rule ? [[id, rule]] : [];
  }),
);

export function getRule(id: RuleId): AnyRule | undefined {
  return RULES[id];
}

/** Implemented rule ids, in report order. */
export function ruleIds(): RuleId[] {
  return RULE_IDS.filter((id) => RULES[id] !== undefined);
}
