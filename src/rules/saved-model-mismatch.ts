/** Flags a saved model that predicts its own training rows far worse than a model trained for seconds on them. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { percent, round } from './support/format.js';
import { shortName } from './support/columns.js';
import { bestRenaming } from './class-order-mismatch.js';
import type { OverfitRuns } from '../gather/groups/overfit.js';
import type { HiddenActivations } from '../gather/groups/prediction.js';
import { deadUnitCount } from './support/model.js';

/** Training rows the saved model must have been scored on before its accuracy is compared. */
const MIN_ROWS = 50;
/**
 * A model that learned but is fed other inputs still answers decisively: its outputs vary across rows (largest
 * per-unit standard deviation 0.29–0.47 on healthy fixtures, 0.39 on a CSV with sorted columns), and no class takes
 * most rows. A model that never learned (dead or saturated units, a collapse) is also far below a fresh copy, but
 * its outputs barely vary (0–0.12 on those fixtures) or land on one class: that is the other rules' finding.
 */
const MIN_OUTPUT_SPREAD = 0.2;
const MAX_PREDICTED_SHARE = 0.8;

/** A ReLU layer with this share of its units dead on the data was broken by training (dead-units' finding). */
const DEAD_LAYER_SHARE = 0.5;

/**
 * Evidence that the saved weights themselves are broken, so a poor score says nothing about the inputs: a layer
 * mostly dead, or an overfit-one fit from the saved weights that could not learn one example (a model that is only
 * fed other inputs still learns one example from its weights in a few steps).
 */
function trainingWentWrong(overfit: OverfitRuns | undefined, activations: HiddenActivations | undefined): boolean {
  if (overfit?.runs.some((r) => r.start === 'saved' && r.fittedAtStep === null)) return true;
  return (activations?.layers ?? []).some((l) => l.activeShare.length > 0 && deadUnitCount(l) >= DEAD_LAYER_SHARE * l.activeShare.length);
}

export const savedModelMismatch = defineRule({
  meta: {
    id: 'saved-model-mismatch',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'The saved model fits the data it is checked with',
    failureTitle: 'The saved model does not fit the data it is checked with',
    docs: {
      what: "Compares the saved model's accuracy on the training CSV with the held-out accuracy of a fresh copy that the input-independent probe trains for a few seconds on the same rows. It fires when the probe reaches at least `minProbeAccuracy` and the saved model is more than `minGap` below it, on at least 50 rows, while the saved model still answers decisively (its outputs vary across rows by a standard deviation of at least 0.2 and no class takes more than 80 % of the rows), and no renaming of the model's classes explains the gap (that is class-order-mismatch's finding). It is silent when the saved weights are broken rather than mis-fed: a fit from them cannot learn one example (overfit-one), half of a ReLU layer is dead, or some labels are no class of the model.",
      why: "A model that was trained on these rows should predict them at least as well as a copy trained on them for a few seconds. When it is far worse, it was trained on other inputs: the CSV's columns are in another order than in the training script (features reach the model by position), they were scaled or encoded differently, another column was the label, or the model file comes from another run. Every other verdict about the model would then be about the wrong inputs. A model that never learned (dead or saturated units, a collapse onto one class) is far below a fresh copy too, but its outputs barely vary (standard deviation 0–0.12 on such fixtures, 0.29–0.47 on healthy ones): that is dead-units', saturated-activations' and prediction-collapse's finding, so this rule stays silent there. Default `minProbeAccuracy` 0.7: below it the task is too hard for the probe to serve as a yardstick. Default `minGap` 0.3: a saved model trained longer than the probe usually scores above it, and the rule stayed silent on all 141 clean red-team experiments, while a CSV with its columns sorted alphabetically dropped a 3-class model to 0.46 on its own training rows against the probe's 0.91.",
      fix: 'Feed the model the columns in the order, scaling and encoding it was trained with (save the scaler and the feature list with the model), check --label, and check that this model file was trained on this data.',
    },
    needs: ['Predictions', 'InputDependence'],
    optional: ['OverfitRuns', 'HiddenActivations'],
    optionsSchema: z.object({ minProbeAccuracy: z.number().min(0).max(1), minGap: z.number().min(0).max(1) }).strict(),
    defaultOptions: { minProbeAccuracy: 0.7, minGap: 0.3 },
  },
  judge({ Predictions, InputDependence, OverfitRuns, HiddenActivations }, { minProbeAccuracy, minGap }) {
    if (!Predictions.applicable || !InputDependence.applicable) return [];
    if (trainingWentWrong(OverfitRuns, HiddenActivations)) return [];
    const train = Predictions.splits.find((s) => s.split === 'train');
    const probe = InputDependence.real.evalAccuracy;
    // Labels that are no class of the model (1-based, more classes than units) are label-out-of-range's and
    // output-units-mismatch's finding: the model cannot be right on those rows whatever its inputs.
    const unitsMismatch = Predictions.decision === 'argmax' && Predictions.classes !== Predictions.outputUnits;
    if (!train || train.rows < MIN_ROWS || train.skippedRows > 0 || unitsMismatch || probe === null || probe < minProbeAccuracy) return [];
    if (train.outputSpread < MIN_OUTPUT_SPREAD || Math.max(...train.predictedCounts) > MAX_PREDICTED_SHARE * train.rows) return [];
    const saved = train.correct / train.rows;
    // A relative epsilon keeps a gap exactly at minGap (0.9 − 0.3 in floating point) from firing.
    if (saved >= probe - minGap - 1e-9) return [];
    // A renaming of the classes that recovers the accuracy is class-order-mismatch's finding.
    if (bestRenaming(train.confusion).matched / train.rows >= probe - minGap) return [];
    return [{
      message: `the saved model is right on ${percent(saved)} of the ${train.rows} rows of ${shortName(train.file)}, the data it was presumably trained on, while a fresh copy trained for ${InputDependence.steps} steps on ${InputDependence.trainRows} of those rows is right on ${percent(probe)} of held-out ones: it was trained on other inputs`,
      hint: 'give the model its columns in the order, scaling and encoding of its training script (save the scaler and the feature list with the model), check --label, and check that this model file was trained on this data',
      data: { savedAccuracy: round(saved, 4), probeAccuracy: round(probe, 4), gap: round(probe - saved, 4), minGap, minProbeAccuracy, rows: train.rows, probeTrainRows: InputDependence.trainRows, probeSteps: InputDependence.steps },
    }];
  },
});
