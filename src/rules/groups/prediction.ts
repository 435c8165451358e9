/** The rules judged by the prediction work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';
import { predictionCollapse } from '../prediction-collapse.js';
import { deadUnits } from '../dead-units.js';
import { saturatedActivations } from '../saturated-activations.js';
import { inputIndependent } from '../input-independent.js';
import { classOrderMismatch } from '../class-order-mismatch.js';
import { savedModelMismatch } from '../saved-model-mismatch.js';

export const PREDICTION_RULES: AnyRule[] = [predictionCollapse, deadUnits, saturatedActivations, inputIndependent, classOrderMismatch, savedModelMismatch];
