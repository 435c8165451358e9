/** One check's definition, imported on its own so a single-check command does not load every check (and their helpers). */
import type { CheckId } from '../report/types.js';
import type { Check } from './define-check.js';

const LOADERS: Record<CheckId, () => Promise<Check>> = {
  'class-balance': async () => (await import('./class-balance.js')).classBalanceCheck,
  'lint-config': async () => (await import('./lint-config.js')).lintConfigCheck,
  'lint-data': async () => (await import('./lint-data.js')).lintDataCheck,
  'overfit-one': async () => (await import('./overfit-one.js')).overfitOneCheck,
  'learning-curve': async () => (await import('./learning-curve.js')).learningCurveCheck,
  prediction: async () => (await import('./prediction.js')).predictionCheck,
};

/** The same object as getCheck(id) from ./index.ts. */
export async function loadCheck(id: CheckId): Promise<Check> {
  const load = LOADERS[id];
  if (!load) return (await import('./index.js')).getCheck(id);
  return load();
}
