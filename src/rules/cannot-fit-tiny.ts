/** Fails when a fresh model cannot fit the smallest training sets of its learning curve (one to a few rows). */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, round } from './support/format.js';
import { errorWords, meanComparable, TINY_MAX_ERROR, TINY_SIZE } from './support/learning-curve.js';
import { typicalLearningRate } from './support/model.js';

/**
 * Keras/TF.js clip probabilities to [ε, 1 − ε] with ε = 1e-7 before the log, so a row whose right class gets less
 * than ε costs exactly −ln ε and has zero gradient: it can never be learned.
 */
const CLIP_LOSS = -Math.log(1e-7);

/** Rows of a `size`-row set whose loss sits at the clip limit, when the mean loss is a whole multiple of it. */
function rowsAtClip(meanLoss: number | null, size: number): number {
  if (meanLoss === null) return 0;
  const total = meanLoss * size;
  const rows = Math.round(total / CLIP_LOSS);
  // 3 %: float32 rounds 1 − ε, so binary cross-entropy clips at ≈ 15.9 rather than 16.1.
  return rows >= 1 && Math.abs(total - rows * CLIP_LOSS) <= 0.03 * rows * CLIP_LOSS ? rows : 0;
}

/**
 * Ran out of steps (not stopped by a NaN, a plateau or the target) while clearly learning: the loss fell by over
 * 10 % in the last fifth of the run and by at least a quarter overall. A model with few weights (a logistic
 * regression) moves slowly under Adam, whose step per weight is about the learning rate, yet falls like this; a
 * learning rate far too low, dead units or a broken output barely move the loss at all.
 */
function isStillLearning(run: { stoppedBy: string; lossTrend: { first: number; fifthBeforeEnd: number; last: number } | null; trainLoss: number | null }): boolean {
  if (run.stoppedBy !== 'epochs' || run.trainLoss === null || run.lossTrend === null) return false;
  const { first, fifthBeforeEnd, last } = run.lossTrend;
  return last < 0.9 * fifthBeforeEnd && first - last >= 0.25 * first;
}

/** The learning rate is over 3× the optimizer's usual one (unknown optimizers count as above: no claim either way). */
function rateAboveUsual(settings: { optimizer: string; learningRate: number }): boolean {
  const typical = typicalLearningRate(settings.optimizer);
  return typical === undefined || settings.learningRate > 3 * typical;
}

export const cannotFitTiny = defineRule({
  meta: {
    id: 'cannot-fit-tiny',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'The smallest training sets are fitted',
    failureTitle: 'The model cannot fit even a tiny training set',
    docs: {
      what: 'On the learning curve, looks at the sizes of at most `maxSize` rows (by default 1 and up to 3) and their training error after training from a fresh initialisation, averaged over the repeats.',
      why:
        'Any network with an output bias and a working training step can memorise one example, and one that uses its input can memorise three: failing to is not a matter of capacity or data but a bug in the training step (NaN/Inf from a far too high learning rate, log of 0), a loss that does not match the output or the labels, or an input the model ignores. ' +
        'Default `maxSize` 3: the sets the learning curve starts from (1 row, then about 3). ' +
        'Default `maxError` 0.15: a broken training step fails in every repeat (a mean of 0.33 or more on 3 rows), while one row missed in one of 3 seeds (0.11) is a hard optimisation for a very small model, not a bug; with a single seed any miss on 3 rows (0.33) fires. For regression the error is the MSE as a share of the target variance, so 0.15 means 85 % of the variance fitted.',
      fix: 'Run `nndoctor overfit-one` for a per-step diagnosis. Then, by the hint: lower the learning rate (Adam: 1e-3, SGD: 1e-2); check that the loss matches the output activation (softmax + sparseCategoricalCrossentropy for class indices); check that labels are class indices 0…C−1.',
    },
    needs: ['LearningCurveRuns'],
    optional: ['TrainingSettings'],
    optionsSchema: z.object({ maxSize: z.number().int().min(1), maxError: z.number().min(0) }).strict(),
    defaultOptions: { maxSize: TINY_SIZE, maxError: TINY_MAX_ERROR },
  },
  judge({ LearningCurveRuns: curve, TrainingSettings: settings }, { maxSize, maxError }) {
    const issues: Issue[] = [];
    const failing = curve.sizes
      .filter((size) => size <= maxSize)
      .map((size) => {
        const runs = curve.runs.filter((r) => r.size === size);
        return {
          size,
          trainError: round(meanComparable(curve, size, 'trainError') ?? 0, 4),
          repeats: runs.length,
          nonFinite: runs.filter((r) => r.trainLoss === null || r.stoppedBy === 'non-finite').length,
          finalLoss: runs.map((r) => (r.trainLoss === null ? null : round(r.trainLoss, 4))),
          steps: Math.max(...runs.map((r) => r.steps)),
          stillLearning: runs.length > 0 && runs.every(isStillLearning),
        };
      })
      // A run that used up its step budget while its loss was still clearly falling is not conclusive: slow is not
      // broken (a small Adam 1e-3 model can need more than the quick mode's budget for 3 rows).
      .filter((p) => p.trainError > maxError && !p.stillLearning);
    if (failing.length === 0) return issues;
    const listed = failing.map((p) => `${p.size} row${p.size === 1 ? '' : 's'}: ${num(p.trainError)}`).join(', ');
    const nonFinite = failing.reduce((a, p) => a + p.nonFinite, 0);
    const repeats = failing[0]!.repeats;
    const lr = settings ? ` (${settings.optimizer}, learning rate ${num(settings.learningRate)})` : '';
    const isCrossentropy = /crossentropy/i.test(curve.loss);
    // −ln(1/C) is the cross-entropy of a uniform guess over C classes: ending within 25 % of it (the spread of initial
    // losses) means nothing was learned, beyond 1.5× that training made things worse.
    const uniformLoss = curve.classes !== null && curve.classes > 1 && isCrossentropy ? Math.log(curve.classes) : null;
    const worstLoss = Math.max(...failing.flatMap((p) => p.finalLoss.filter((l): l is number => l !== null)), -Infinity);
    const stuckRows = isCrossentropy ? failing.reduce((sum, p) => sum + p.finalLoss.reduce((a: number, l) => a + rowsAtClip(l, p.size), 0), 0) : 0;
    let hint: string;
    if (nonFinite > 0) {
      hint = `the loss became NaN/Inf in ${nonFinite} run${nonFinite === 1 ? '' : 's'}${lr}: lower the learning rate by 10–100× (Adam: 1e-3, SGD: 1e-2), then run \`nndoctor overfit-one\``;
    } else if (stuckRows > 0) {
      hint = `${stuckRows} row${stuckRows === 1 ? '' : 's'} stuck at the clipped cross-entropy limit −ln(1e-7) = ${num(CLIP_LOSS)}${lr}: the output gave the right class a probability below 1e-7, where the clipped loss has no gradient. The output saturated: a learning rate far too high, unscaled inputs (scale the features to about 0…1) or large initial weights, or an output that cannot express the target (a softmax over one unit)`;
    } else if (uniformLoss !== null && Math.abs(worstLoss - uniformLoss) <= 0.25 * uniformLoss) {
      hint = `the loss stayed at ${num(worstLoss)}, the ${num(uniformLoss)} of a uniform guess over ${curve.classes} classes${lr}: nothing was learned — no gradient reaches the weights or every row gets the same output (frozen layers, a constant initializer, dead ReLUs, an input the model ignores), or the learning rate is far too low; \`nndoctor lint-config\` and \`nndoctor overfit-one\` narrow it down`;
    } else if (uniformLoss !== null && worstLoss > 1.5 * uniformLoss && settings && !rateAboveUsual(settings)) {
      // At a usual learning rate a loss that ends above a uniform guess is a floor, not a divergence.
      hint = `the loss ended at ${num(worstLoss)}, above the ${num(uniformLoss)} of a uniform guess over ${curve.classes} classes, at a usual learning rate${lr}: the output cannot express the targets — a softmax over rows with several positive labels, or a loss that does not fit the output activation; see softmax-multilabel-targets, loss-activation-mismatch`;
    } else if (uniformLoss !== null && worstLoss > 1.5 * uniformLoss) {
      hint = `training diverged: the loss ended at ${num(worstLoss)}, above the ${num(uniformLoss)} of a uniform guess over ${curve.classes} classes${lr}; lower the learning rate by 10–100× (Adam: 1e-3, SGD: 1e-2)`;
    } else {
      hint = `the loss stayed up${lr}: check that the loss matches the output activation and the labels, that the input reaches the output, and the learning rate; \`nndoctor overfit-one\` shows the per-step trace`;
    }
    issues.push({
      message: `training ${errorWords(curve)} after fitting from a fresh initialisation stays above ${num(maxError)} on the smallest sets (${listed}; mean of ${repeats} seed${repeats === 1 ? '' : 's'}, up to ${failing[0]!.steps} steps)`,
      hint,
      data: { maxSize, maxError, sizes: failing },
    });
    return issues;
  },
});
