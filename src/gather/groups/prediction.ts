/** Artifacts made by predicting with the saved model (prediction checks). Owned by the check/prediction work. */
export interface PredictionArtifacts {}
