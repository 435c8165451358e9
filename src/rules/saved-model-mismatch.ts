/** Flags a saved model that predicts its own training rows far worse than a model trained for seconds on them. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { percent, round } from './support/format.js';
import { shortName } from './support/columns.js';
import { bestRenaming } from './class-order-mismatch.js';

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

export const savedModelMismatch = defineRule({
  meta: {
    id: 'saved-model-mismatch',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'The saved model fits the data it is checked with',
    failureTitle: 'The saved model does not fit the data it is checked with',
    docs: {
      what: "Compares the saved model's accuracy on the training CSV with the held-out accuracy of a fresh copy that the input-independent probe trains for a few seconds on the same rows. It fires when the probe reaches at least `minProbeAccuracy` and the saved model is more than `minGap` below it, on at least 50 rows, while the saved model still answers decisively (its outputs vary across rows by a standard deviation of at least 0.2 and no class takes more than 80 % of the rows), and no renaming of the model's classes explains the gap (that is class-order-mismatch's finding).",
      why: "A model that was trained on these rows should predict them at least as well as a copy trained on them for a few seconds. When it is far worse, it was trained on other inputs: the CSV's columns are in another order than in the training script (features reach the model by position), they were scaled or encoded differently, another column was the label, or the model file comes from another run. Every other verdict about the model would then be about the wrong inputs. A model that never learned (dead or saturated units, a collapse onto one class) is far below a fresh copy too, but its outputs barely vary (standard deviation 0–0.12 on such fixtures, 0.29–0.47 on healthy ones): that is dead-units', saturated-activations' and prediction-collapse's finding, so this rule stays silent there. Default `minProbeAccuracy` 0.7: below it the task is too hard for the probe to serve as a yardstick. Default `minGap` 0.3: healthy saved models on the red-team experiments scored at or above the probe (they trained longer); a CSV with its columns sorted alphabetically dropped a 3-class model to 0.46 on its own training rows.",
      fix: 'Feed the model the columns in the order, scaling and encoding it was trained with (save the scaler and the feature list with the model), check --label, and check that this model file was trained on this data.',
    },
    needs: ['Predictions', 'InputDependence'],
    optionsSchema: z.object({ minProbeAccuracy: z.number().min(0).max(1), minGap: z.number().min(0).max(1) }).strict(),
    defaultOptions: { minProbeAccuracy: 0.7, minGap: 0.3 },
  },
  judge({ Predictions, InputDependence }, { minProbeAccuracy, minGap }) {
    if (!Predictions.applicable || !InputDependence.applicable) return [];
    const train = Predictions.splits.find((s) => s.split === 'train');
    const probe = InputDependence.real.evalAccuracy;
    if (!train || train.rows < MIN_ROWS || probe === null || probe < minProbeAccuracy) return [];
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
