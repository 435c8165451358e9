/** The check registry, in the order `check` runs them. */
import type { CheckId } from '../report/types.js';
import type { Check } from './define-check.js';
import { classBalanceCheck } from './class-balance.js';
import { lintConfigCheck } from './lint-config.js';
import { lintDataCheck } from './lint-data.js';
import { predictionCheck } from './prediction.js';
import { learningCurveCheck } from './learning-curve.js';
import { overfitOneCheck } from './overfit-one.js';

export const CHECKS: Partial<Record<CheckId, Check>> = {
  'class-balance': classBalanceCheck,
  'lint-config': lintConfigCheck,
  'lint-data': lintDataCheck,
  'overfit-one': overfitOneCheck,
  'learning-curve': learningCurveCheck,
  prediction: predictionCheck,
};

export function getCheck(id: CheckId): Check {
  const check = CHECKS[id];
  if (!check) throw new Error(`check ${id} is not registered`);
  return check;
}
