/**
 * Loads only the rules a run can ask for: the rule groups named after the checks being run, falling back to the
 * whole registry (../index.ts) when a rule is wanted outside them. `class-balance` thus starts without the other
 * areas' rules (≈ 50 modules).
 */
import type { AnyRule } from '../define-rule.js';
import type { RuleId } from '../rule-ids.js';

export type RuleLookup = (id: RuleId) => AnyRule | undefined;

/** Rule groups by check id (./<check>.ts). A check without an entry loads the whole registry. */
const GROUPS: Record<string, () => Promise<readonly AnyRule[]>> = {
  'class-balance': async () => (await import('./class-balance.js')).CLASS_BALANCE_RULES,
  'lint-config': async () => (await import('./lint-config.js')).LINT_CONFIG_RULES,
  'lint-data': async () => (await import('./lint-data.js')).LINT_DATA_RULES,
  'overfit-one': async () => (await import('./overfit-one.js')).OVERFIT_ONE_RULES,
  'learning-curve': async () => (await import('./learning-curve.js')).LEARNING_CURVE_RULES,
  prediction: async () => (await import('./prediction.js')).PREDICTION_RULES,
};

/**
 * A lookup that answers for every id in `ids` exactly as the registry's getRule would. Asking it for any other id
 * is a bug in the caller and throws (a silent `undefined` would skip a rule).
 */
export async function ruleLookup(ids: Iterable<string>, checkIds: readonly string[]): Promise<RuleLookup> {
  const wanted = new Set(ids);
  const found = new Map<string, AnyRule>();
  for (const check of new Set(checkIds)) {
    const load = GROUPS[check];
    if (!load) return (await import('../index.js')).getRule;
    for (const rule of await load()) found.set(rule.meta.id, rule);
  }
  if (![...wanted].every((id) => found.has(id))) return (await import('../index.js')).getRule;
  return (id) => {
    if (!wanted.has(id)) throw new Error(`rule ${id} was not loaded for this run (a bug in nndoctor's rule lookup)`);
    return found.get(id);
  };
}
