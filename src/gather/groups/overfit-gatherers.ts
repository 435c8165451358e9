/** Gatherers for the overfit artifacts (see ./overfit.ts). */
import type { GathererGroup } from '../index.js';
import type { OverfitArtifacts } from './overfit.js';

export const OVERFIT_GATHERERS: GathererGroup<OverfitArtifacts> = {};
