/** Flags a model that, trained briefly, does no better on held-out rows with its real inputs than with zeros. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, percent, round } from './support/format.js';
import { isNonlinearLayer, linkedLayers, outputWeightLayer } from './support/model.js';

/** Held-out accuracy this much above both the zero-input model and the majority share shows the inputs help… */
const ACCURACY_GAIN = 0.1;
/** …when the real-input loss is also at least this much (a share) above the zero-input loss: overconfidence. */
const OVERFIT_LOSS_RISE = -0.2;
/** Whatever the loss, an accuracy gain this many standard errors of the majority share shows the inputs help. */
const ACCURACY_STANDARD_ERRORS = 3;
/** A real-input loss this many times the zero-input loss is a probe that blew up (inconclusive), not shuffled labels. */
const DIVERGED_LOSS_FACTOR = 10;

export const inputIndependent = defineRule({
  meta: {
    id: 'input-independent',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'The model learns from its inputs',
    failureTitle: 'The model does no better with its inputs than without',
    docs: {
      what: 'Trains the model twice from the same fresh initialisation for the same short run (Adam, learning rate 0.01, ~160 steps; half in `check`): once on the real features, once with every feature set to 0. The real features are standardised first (mean 0, standard deviation 1 over the training rows), so unscaled inputs, which other rules report, do not hide the information they carry. Both are scored on held-out rows (a seeded, stratified 20 % of the training rows; not the test CSV, whose preprocessing other rules check). It fires when the real features lower the held-out loss by less than `minImprovement` (a share of the zero-input loss). It does not fire when the real inputs give a held-out loss at least 20 % worse but an accuracy at least 10 points above both the zero-input model and the majority share: a probe that overfits (about as many features as rows) is overconfident, yet it uses its inputs. Nor when, whatever the loss, the accuracy is above both by at least 10 points and 3 standard errors of the majority share on the held-out rows (saturated outputs keep the loss high on the rows they miss), or when the real-input loss is more than 10× the zero-input loss: the probe diverged (a broken initialisation, exploding activations), which other rules report.',
      why:
        'With zeroed inputs a model can only learn the label prior, which is what a model that always predicts the same class knows. If the real inputs do not beat that, either the architecture cannot pass the input through (dead or constant layers, a softmax over one unit), or the labels do not belong to the features (rows shuffled or misaligned when the CSV was built). The fixed, forgiving optimizer keeps a badly chosen learning rate from looking like this fault. ' +
        'Default `minImprovement` 0.05: on learnable datasets (iris, digits) the real features cut the held-out loss by well over half within these steps, while labels shuffled against their rows or a constant output stay within a few percent of the zero-input loss (either side); 5 % leaves room for noisy, weakly informative tabular data.',
      fix: 'Check that each label row belongs to its feature row (no independent shuffle or sort of one of them, same join key), and that the model passes its input through (no layer that always outputs the same value, a softmax over C > 1 units).',
    },
    needs: ['InputDependence'],
    optional: ['Topology'],
    optionsSchema: z.object({ minImprovement: z.number().min(0).max(1) }).strict(),
    defaultOptions: { minImprovement: 0.05 },
  },
  judge({ InputDependence: run, Topology }, { minImprovement }) {
    if (!run.applicable) return [];
    const zeroLoss = run.zeroed.evalLoss;
    // Rounded before comparing, so a value printed as exactly the threshold never fires through float noise.
    const improvement = round(zeroLoss > 0 ? (zeroLoss - run.real.evalLoss) / zeroLoss : run.real.evalLoss < zeroLoss ? 1 : 0, 4);
    if (improvement >= minImprovement) return [];
    // Clearly more accurate with the real inputs but a much worse loss: an overconfident, overfitted probe (about as
    // many features as rows), not inputs that carry nothing. Shuffled labels leave the loss where zeros put it.
    const real = run.real.evalAccuracy;
    const zeroed = run.zeroed.evalAccuracy;
    const overfitted = improvement <= OVERFIT_LOSS_RISE && real !== null && zeroed !== null && real - zeroed >= ACCURACY_GAIN && real > (run.majorityShare ?? 0) + ACCURACY_GAIN;
    if (overfitted) return [];
    // Saturated outputs keep the loss high on the few rows they get wrong, yet the accuracy can say the inputs help.
    if (real !== null && zeroed !== null) {
      const majority = run.majorityShare ?? zeroed;
      const margin = Math.max(ACCURACY_GAIN, ACCURACY_STANDARD_ERRORS * Math.sqrt((majority * (1 - majority)) / Math.max(1, run.evalRows)));
      if (real - zeroed >= margin && real - majority >= margin) return [];
    }
    // Labels shuffled against their rows leave the loss near the zero-input one; a loss many times higher means the
    // probe itself diverged (a broken initialisation or exploding activations), which other rules report.
    if (zeroLoss > 0 && run.real.evalLoss > DIVERGED_LOSS_FACTOR * zeroLoss) return [];
    const accuracy = run.real.evalAccuracy !== null && run.zeroed.evalAccuracy !== null
      ? ` (accuracy ${percent(run.real.evalAccuracy)} vs ${percent(run.zeroed.evalAccuracy)})`
      : '';
    const verdict = improvement <= 0 ? 'the inputs do not help at all' : `the inputs cut the loss by only ${percent(improvement)}`;
    return [{
      message: `trained ${run.steps} steps from scratch, held-out loss is ${num(run.real.evalLoss)} with the real inputs and ${num(zeroLoss)} with all-zero inputs${accuracy}: ${verdict}`,
      // A model with no non-linear layer draws straight boundaries only: on classes that are not linearly
      // separable (XOR, rings) it cannot beat the label prior either, with perfectly aligned labels.
      hint: Topology && !linkedLayers(Topology).some((l) => l.name !== outputWeightLayer(Topology)?.name && isNonlinearLayer(l))
        ? 'the model has no non-linear hidden layer, so it can only draw straight class boundaries: if the classes are not linearly separable (XOR, rings), add a hidden layer with a ReLU; otherwise check that labels are aligned with their feature rows'
        : 'check that labels are aligned with their feature rows, and that every layer passes the input through',
      data: {
        improvement, minImprovement, evalOn: run.evalOn, evalRows: run.evalRows, steps: run.steps,
        real: { evalLoss: run.real.evalLoss, evalAccuracy: run.real.evalAccuracy }, zeroed: { evalLoss: zeroLoss, evalAccuracy: run.zeroed.evalAccuracy },
        majorityShare: run.majorityShare,
      },
    }];
  },
});
