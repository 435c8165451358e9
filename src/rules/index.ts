/**
 * The rule registry: every implemented rule by id, in report order (the order of RULE_IDS). Rules are listed
 * per area in ./groups/ so each area registers its rules without touching this file.
 */
import type { AnyRule } from './define-rule.js';
import { RULE_IDS, type RuleId } from './rule-ids.js';
import { CLASS_BALANCE_RULES } from './groups/class-balance.js';
import { LINT_CONFIG_RULES } from './groups/lint-config.js';
import { LINT_DATA_RULES } from './groups/lint-data.js';
import { OVERFIT_ONE_RULES } from './groups/overfit-one.js';
import { LEARNING_CURVE_RULES } from './groups/learning-curve.js';
import { PREDICTION_RULES } from './groups/prediction.js';

const IMPLEMENTED: AnyRule[] = [
  ...CLASS_BALANCE_RULES, ...LINT_CONFIG_RULES, ...LINT_DATA_RULES, ...OVERFIT_ONE_RULES, ...LEARNING_CURVE_RULES, ...PREDICTION_RULES,
];

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
