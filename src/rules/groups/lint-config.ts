/** The rules judged by the lint-config work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';
import { outputUnitsMismatch } from '../output-units-mismatch.js';
import { softmaxSingleUnit } from '../softmax-single-unit.js';
import { softmaxMultilabelTargets } from '../softmax-multilabel-targets.js';
import { activationCannotReachTargets } from '../activation-cannot-reach-targets.js';
import { lossActivationMismatch } from '../loss-activation-mismatch.js';
import { learningRateTooHigh } from '../learning-rate-too-high.js';
import { learningRateTooLow } from '../learning-rate-too-low.js';
import { constantInitializer } from '../constant-initializer.js';
import { missingNonlinearity } from '../missing-nonlinearity.js';
import { tooDeep } from '../too-deep.js';
import { dyingReluRisk } from '../dying-relu-risk.js';
import { reluOutput } from '../relu-output.js';
import { frozenLayers } from '../frozen-layers.js';
import { layerAfterOutput } from '../layer-after-output.js';
import { highDropout } from '../high-dropout.js';
import { inputDtype } from '../input-dtype.js';
import { tokenIdOutOfRange } from '../token-id-out-of-range.js';
import { nanWeights } from '../nan-weights.js';
import { outputBiasPrior } from '../output-bias-prior.js';

export const LINT_CONFIG_RULES: AnyRule[] = [
  outputUnitsMismatch, softmaxSingleUnit, softmaxMultilabelTargets, activationCannotReachTargets, lossActivationMismatch,
  learningRateTooHigh, learningRateTooLow, constantInitializer, missingNonlinearity, tooDeep, dyingReluRisk, reluOutput,
  frozenLayers, layerAfterOutput, highDropout, inputDtype, tokenIdOutOfRange, outputBiasPrior, nanWeights,
] as AnyRule[];
