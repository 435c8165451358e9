/** Flags a saved model that puts nearly every row into one class, including rows the labels put elsewhere. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { percent, round } from './support/format.js';

/**
 * Fewer predicted rows than this cannot show a collapse: 9 of 10 rows in one class is already a 90 % share by
 * chance on small or skewed data.
 */
const MIN_ROWS = 10;

export const predictionCollapse = defineRule({
  meta: {
    id: 'prediction-collapse',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'Predictions spread over the classes',
    failureTitle: 'The model predicts (almost) always the same class',
    docs: {
      what: 'Predicts every training (and test) row with the saved model and tallies the predicted classes. It fires when one class takes more than `maxShare` of the predictions and also swallows more than `maxAbsorbed` of the rows whose label is another class. A split with fewer than 10 predictable rows, or where most rows have labels that are no class index, is not judged.',
      why:
        'This is the symptom "my network always predicts the same class" itself, measured rather than suspected. A share alone is not enough: on 95:5 labels a good model predicts the majority 95 % of the time, so the rule also asks how many rows of the other classes end up in the dominant one. ' +
        'Default `maxShare` 0.9: a model that spreads its predictions less evenly than 90:10 while the labels do not is no longer separating classes. ' +
        'Default `maxAbsorbed` 0.5: a working classifier, even a weak one, gets most minority rows right (recall above 50 %); when more than half of every other class is predicted as the dominant class, the model has collapsed onto it. ' +
        'When it fires, the report lists the causes that the other rules found in the same experiment, most likely first.',
      fix: 'Read the ranked causes printed above the checks and fix the first one: balance the classes (`classWeight`), scale the inputs, fix the output layer (softmax over C units), lower the learning rate, or revive dead ReLU units (He initialisation, LeakyReLU, smaller learning rate). Then retrain and run `nndoctor check` again.',
    },
    needs: ['Predictions'],
    optionsSchema: z.object({ maxShare: z.number().min(0).max(1), maxAbsorbed: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxShare: 0.9, maxAbsorbed: 0.5 },
  },
  judge({ Predictions }, { maxShare, maxAbsorbed }) {
    const issues: Issue[] = [];
    if (!Predictions.applicable) return issues;
    const collapsed = [];
    for (const split of Predictions.splits) {
      // When most rows were left out (labels that are no class index: label-out-of-range's finding), the few kept
      // rows say nothing about the model.
      if (split.rows < MIN_ROWS || split.skippedRows > split.rows) continue;
      let dominant = 0;
      split.predictedCounts.forEach((count, c) => {
        if (count > split.predictedCounts[dominant]!) dominant = c;
      });
      const share = split.predictedCounts[dominant]! / split.rows;
      const labelShare = split.labelCounts[dominant]! / split.rows;
      const others = split.rows - split.labelCounts[dominant]!;
      if (others === 0) continue;
      const absorbed = (split.predictedCounts[dominant]! - split.confusion[dominant]![dominant]!) / others;
      if (share <= maxShare || absorbed <= maxAbsorbed) continue;
      collapsed.push({
        split: split.split, file: split.file, class: Predictions.classLabels[dominant] ?? String(dominant), classIndex: dominant, rows: split.rows,
        predictedShare: round(share, 4), labelShare: round(labelShare, 4), absorbed: round(absorbed, 4), accuracy: round(split.correct / split.rows, 4),
      });
    }
    const first = collapsed[0];
    if (!first) return issues;
    const sameClass = collapsed.every((c) => c.classIndex === first.classIndex);
    const always = collapsed.every((c) => c.predictedShare === 1);
    const where = collapsed.map((c) => `${percent(c.predictedShare)} of the ${c.rows} ${c.split} rows`).join(' and ');
    let message = sameClass
      ? `${always ? 'always predicts' : 'predicts'} class ${first.class} for ${where}, although only ${percent(first.labelShare)} are labelled ${first.class} (${percent(first.absorbed)} of the other classes' rows go to it)`
      : collapsed.map((c) => `predicts class ${c.class} for ${percent(c.predictedShare)} of the ${c.rows} ${c.split} rows (labelled: ${percent(c.labelShare)})`).join('; ');
    const train = Predictions.splits.find((s) => s.split === 'train');
    if (collapsed.every((c) => c.split === 'test') && train && train.rows > 0) {
      message += `, while on the training rows it is ${percent(train.correct / train.rows)} accurate`;
    }
    issues.push({
      message,
      hint: collapsed.every((c) => c.split === 'test')
        ? 'only the test rows collapse: preprocess the test data exactly like the training data (same scaling, same column order)'
        : 'the likely causes are ranked at the top of this experiment; fix the first one and retrain',
      data: { class: first.class, classIndex: first.classIndex, splits: collapsed, maxShare, maxAbsorbed },
    });
    return issues;
  },
});
