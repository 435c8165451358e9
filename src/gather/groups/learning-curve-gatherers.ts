/** Gatherers for the learning-curve artifacts (see ./learning-curve.ts). */
import type { GathererGroup } from '../index.js';
import type { LearningCurveArtifacts } from './learning-curve.js';

export const LEARNING_CURVE_GATHERERS: GathererGroup<LearningCurveArtifacts> = {};
