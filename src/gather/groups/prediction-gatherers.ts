/** Gatherers for the prediction artifacts (see ./prediction.ts). */
import type { GathererGroup } from '../index.js';
import type { PredictionArtifacts } from './prediction.js';

export const PREDICTION_GATHERERS: GathererGroup<PredictionArtifacts> = {};
