/** Artifacts made by training on growing subsets (learning-curve). Owned by the learning-curve work. */
export interface LearningCurveArtifacts {}
