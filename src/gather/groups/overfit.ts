/** Artifacts made by training on one example per class (overfit-one). Owned by the overfit-one work. */
export interface OverfitArtifacts {}
