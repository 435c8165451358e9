/** The one list of DESIGN.md rule ids; ids are never renamed, only added. */
export const RULE_IDS = [
  // data
  'class-imbalance', 'missing-class', 'label-out-of-range', 'nan-in-data', 'non-numeric-column',
  'unscaled-inputs', 'input-dtype', 'token-id-out-of-range', 'constant-feature', 'preprocessing-mismatch', 'label-shift',
  'train-test-overlap', 'conflicting-labels',
  // model and training settings
  'output-units-mismatch', 'softmax-single-unit', 'softmax-multilabel-targets',
  'activation-cannot-reach-targets', 'loss-activation-mismatch', 'learning-rate-too-high',
  'learning-rate-too-low', 'constant-initializer', 'missing-nonlinearity', 'too-deep',
  'dying-relu-risk', 'relu-output', 'frozen-layers', 'layer-after-output', 'high-dropout',
  'output-bias-prior', 'nan-weights',
  // dynamic
  'overfit-one', 'nan-loss', 'loss-at-init', 'loss-not-decreasing', 'loss-diverging',
  'loss-oscillating', 'prediction-collapse', 'dead-units', 'saturated-activations',
  'vanishing-gradients', 'exploding-gradients', 'input-independent', 'cannot-fit-tiny',
  'high-bias', 'high-variance', 'class-order-mismatch', 'saved-model-mismatch',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}
