/** The check registry, in the order `check` runs them. */
import type { CheckId } from '../report/types.js';
import type { Check } from './define-check.js';
import { classBalanceCheck } from './class-balance.js';

export const CHECKS: Partial<Record<CheckId, Check>> = {
  'class-balance': classBalanceCheck,
};

export function getCheck(id: CheckId): Check {
  const check = CHECKS[id];
  if (!check) throw new Error(`check ${id} is not registered`);
  return check;
}
