/** The rules judged by the overfit-one work, registered in src/rules/index.ts. */
import type { AnyRule } from '../define-rule.js';
import { overfitOne } from '../overfit-one.js';
import { nanLoss } from '../nan-loss.js';
import { lossAtInit } from '../loss-at-init.js';
import { lossNotDecreasing } from '../loss-not-decreasing.js';
import { lossDiverging } from '../loss-diverging.js';
import { lossOscillating } from '../loss-oscillating.js';
import { vanishingGradients } from '../vanishing-gradients.js';
import { explodingGradients } from '../exploding-gradients.js';

export const OVERFIT_ONE_RULES: AnyRule[] = [overfitOne, nanLoss, lossAtInit, lossNotDecreasing, lossDiverging, lossOscillating, vanishingGradients, explodingGradients];
