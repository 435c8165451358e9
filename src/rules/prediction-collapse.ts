/**
 * Flags a saved model that puts nearly every row into one class, including rows the labels put elsewhere — and, for
 * multi-label and regression targets, one that gives every row the same answer while the targets differ.
 */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, percent, round } from './support/format.js';
import type { OtherTaskPredictions, OtherTaskSplit } from '../gather/groups/prediction.js';

/**
 * Fewer predicted rows than this cannot show a collapse: 9 of 10 rows in one class is already a 90 % share by
 * chance on small or skewed data.
 */
const MIN_ROWS = 10;

interface OtherOptions {
  minLabelPredicted: number;
  minLabelled: number;
  maxConstantLabels: number;
  minSpreadRatio: number;
}

const TEST_ONLY_HINT = 'only the test rows collapse: preprocess the test data exactly like the training data (same scaling, same column order)';
const CAUSES_HINT = 'the likely causes are ranked at the top of this experiment; fix the first one and retrain';

/** A spread next to its mean: plain decimals even when tiny ("0.00022", not "2.2e-4"), which reads as "almost nothing". */
const spread = (value: number): string => String(Number(value.toPrecision(2)));

const shareRange = (shares: number[]): string => {
  const lo = Math.min(...shares);
  const hi = Math.max(...shares);
  return percent(lo) === percent(hi) ? percent(lo) : `${percent(lo)}–${percent(hi)}`;
};

/** Multi-label: the labels of one split whose answer does not depend on the row, among those whose labels vary. */
function constantLabels(split: OtherTaskSplit, o: OtherOptions) {
  const counted = (split.labels ?? []).filter((l) => l.labelledShare >= o.minLabelled && l.labelledShare <= 1 - o.minLabelled);
  const constant = counted.filter((l) => l.predictedShare < o.minLabelPredicted || l.predictedShare > 1 - o.minLabelPredicted);
  return { counted, constant };
}

function judgeMultiLabel(other: OtherTaskPredictions, o: OtherOptions): Issue[] {
  const collapsed = [];
  for (const split of other.splits) {
    if (split.rows < MIN_ROWS) continue;
    const { counted, constant } = constantLabels(split, o);
    if (counted.length === 0 || constant.length / counted.length <= o.maxConstantLabels) continue;
    collapsed.push({
      split: split.split, file: split.file, rows: split.rows,
      countedLabels: counted.length, constantLabels: constant.length,
      noneShare: round((split.rowsNonePredicted ?? 0) / split.rows, 4), allShare: round((split.rowsAllPredicted ?? 0) / split.rows, 4),
      labels: constant.map((l) => ({ column: l.column, labelledShare: round(l.labelledShare, 4), predictedShare: round(l.predictedShare, 4), meanOutput: l.meanOutput })),
    });
  }
  const first = collapsed[0];
  if (!first) return [];
  const absent = first.labels.filter((l) => l.predictedShare < o.minLabelPredicted);
  const present = first.labels.filter((l) => l.predictedShare > 1 - o.minLabelPredicted);
  const labelled = shareRange(first.labels.map((l) => l.labelledShare));
  let message: string;
  if (present.length === 0 && first.constantLabels === first.countedLabels) {
    const where = collapsed.map((c) => `${percent(c.noneShare)} of the ${c.rows} ${c.split} rows`).join(' and ');
    message = `predicts no label as present for ${where}, although ${labelled} of the rows carry each label`;
  } else if (absent.length === 0 && first.constantLabels === first.countedLabels) {
    const where = collapsed.map((c) => `${percent(c.allShare)} of the ${c.rows} ${c.split} rows`).join(' and ');
    message = `predicts every label as present for ${where}, although only ${labelled} of the rows carry each label`;
  } else {
    const where = collapsed.map((c) => `${c.rows} ${c.split} rows`).join(' and ');
    const parts = [
      absent.length > 0 ? `never ${absent.map((l) => l.column).join(', ')}` : '',
      present.length > 0 ? `always ${present.map((l) => l.column).join(', ')}` : '',
    ].filter(Boolean).join(', ');
    message = `gives the same answer for ${first.constantLabels} of ${first.countedLabels} labels on (nearly) all of the ${where} (${parts}), although ${labelled} of the rows carry each of them`;
  }
  const testOnly = collapsed.every((c) => c.split === 'test');
  return [{
    message,
    hint: testOnly ? TEST_ONLY_HINT : CAUSES_HINT,
    data: { task: 'multi-label', splits: collapsed, minLabelPredicted: o.minLabelPredicted, minLabelled: o.minLabelled, maxConstantLabels: o.maxConstantLabels },
  }];
}

function judgeRegression(other: OtherTaskPredictions, o: OtherOptions): Issue[] {
  const collapsed = [];
  for (const split of other.splits) {
    if (split.rows < MIN_ROWS) continue;
    const targets = (split.targets ?? []).flatMap((t) => {
      // A column without any finite output is the NaN rules' finding; a constant target has nothing to follow.
      if (t.predictionStd === null || t.predictionMean === null || !(t.targetStd > 0)) return [];
      if (t.predictionStd >= o.minSpreadRatio * t.targetStd) return [];
      return [{ column: t.column, predictionMean: t.predictionMean, predictionStd: t.predictionStd, targetMean: t.targetMean, targetStd: t.targetStd, spreadRatio: round(t.predictionStd / t.targetStd, 4) }];
    });
    if (targets.length > 0) collapsed.push({ split: split.split, file: split.file, rows: split.rows, columns: (split.targets ?? []).length, targets });
  }
  const first = collapsed[0];
  if (!first) return [];
  const where = collapsed.map((c) => `${c.rows} ${c.split}`).join(' and ');
  const many = first.columns > 1;
  const clauses = first.targets.map((t) => `${many ? `for target ${t.column} ` : ''}(${num(t.predictionMean)} ± ${spread(t.predictionStd)})`);
  const stds = first.targets.map((t) => num(t.targetStd));
  const message = `predicts nearly the same value ${clauses.join(', ')} for every one of the ${where} rows, while the targets vary (std ${[...new Set(stds)].join(', ')})`;
  const testOnly = collapsed.every((c) => c.split === 'test');
  return [{
    message,
    hint: testOnly ? TEST_ONLY_HINT : CAUSES_HINT,
    data: { task: 'regression', splits: collapsed, minSpreadRatio: o.minSpreadRatio },
  }];
}

/** The fewest classes whose predictions together exceed `maxShare` of the rows, largest first. */
function dominantClasses(predictedCounts: readonly number[], rows: number, maxShare: number): number[] {
  const order = predictedCounts.map((count, c) => ({ count, c })).sort((a, b) => b.count - a.count || a.c - b.c);
  const picked: number[] = [];
  let taken = 0;
  for (const { count, c } of order) {
    picked.push(c);
    taken += count;
    if (taken > maxShare * rows) break;
  }
  return picked;
}

export const predictionCollapse = defineRule({
  meta: {
    id: 'prediction-collapse',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'Predictions spread over the classes, labels or values',
    failureTitle: 'The model predicts (almost) always the same class or value',
    docs: {
      what: 'Predicts every training (and test) row with the saved model. Classes: tallies the predicted classes and fires when one class takes more than `maxShare` of the predictions and also swallows more than `maxAbsorbed` of the rows whose label is another class — or when a few classes (at most half of them, the fewest that together take more than `maxShare`) do so together, as a model that only ever answers two of ten digits; a split with fewer than 10 predictable rows, or where most rows have labels that are no class index, is not judged. ' +
        'Multi-label targets (a label is present when its value or output is > 0.5): among the labels present on at least `minLabelled` and absent on at least `minLabelled` of a split\'s rows, a label is constant when the model predicts it present on fewer than `minLabelPredicted` of the rows, or absent on fewer; the rule fires when more than `maxConstantLabels` of those labels are constant. ' +
        'Regression targets: fires when, for some target column, the standard deviation of the predictions is below `minSpreadRatio` times the standard deviation of the targets. Splits with fewer than 10 rows are not judged.',
      why:
        'This is the symptom "my network always predicts the same class" itself, measured rather than suspected. A share alone is not enough: on 95:5 labels a good model predicts the majority 95 % of the time, so the rule also asks how many rows of the other classes end up in the dominant one. ' +
        'Default `maxShare` 0.8: a model that puts more than 80 % of the rows into one class while also swallowing most rows of the other classes is no longer separating them (an almost untrained 10-class model put 82 % of its rows into one class and passed at 0.9); a good model on skewed labels predicts the majority often but absorbs few other rows, so the second condition keeps it silent. ' +
        'Default `maxAbsorbed` 0.5: a working classifier, even a weak one, gets most minority rows right (recall above 50 %); when more than half of every other class is predicted as the dominant class, the model has collapsed onto it. ' +
        'Multi-label and regression models collapse the same way — an output bias pushed to one end, a dead layer before the output — and nothing else sees it, because their predictions have no class. ' +
        'Default `minLabelled` 0.05: a label present on fewer than 5 % of the rows may fairly never be predicted by a good model, so such labels are not counted. ' +
        'Default `minLabelPredicted` 0.01: a label carried by at least 5 % of the rows but predicted on fewer than 1 % (or missed on fewer than 1 %) is answered the same way for (nearly) every row. ' +
        'Default `maxConstantLabels` 0.75: one or two stuck labels are a weak label, not a collapse; more than three quarters (all 3 of 3, all 4 of 4, 4 of 5) is the model giving one answer whatever the row. On clean multi-label models (3–8 labels, 19–58 % positive) every label\'s predicted share lies within 2 points of its labelled share, so none is near a limit. ' +
        'Default `minSpreadRatio` 0.05: the best predictor that explains a share R² of the variance has a spread of √R² times the targets\'; below 0.05 it explains less than 0.25 % — it has learned nothing from the inputs. Clean regression models (standardised, 0–1, ±1 and count targets) spread their predictions 0.96–1.01 times as wide as the targets.' +
        ' When it fires, the report lists the causes that the other rules found in the same experiment, most likely first.',
      fix: 'Read the ranked causes printed above the checks and fix the first one: balance the classes (`classWeight`), scale the inputs, fix the output layer (softmax over C units; sigmoid per label for multi-label; a linear unit per target for regression), reset an output bias pushed to an extreme, lower the learning rate, or revive dead ReLU units (He initialisation, LeakyReLU, smaller learning rate). Then retrain and run `nndoctor check` again.',
    },
    needs: ['Predictions'],
    optionsSchema: z.object({
      maxShare: z.number().min(0).max(1),
      maxAbsorbed: z.number().min(0).max(1),
      minLabelled: z.number().min(0).max(0.5),
      minLabelPredicted: z.number().min(0).max(0.5),
      maxConstantLabels: z.number().min(0).max(1),
      minSpreadRatio: z.number().min(0),
    }).strict(),
    defaultOptions: { maxShare: 0.8, maxAbsorbed: 0.5, minLabelled: 0.05, minLabelPredicted: 0.01, maxConstantLabels: 0.75, minSpreadRatio: 0.05 },
  },
  judge({ Predictions }, { maxShare, maxAbsorbed, ...other }) {
    const issues: Issue[] = [];
    if (!Predictions.applicable) {
      if (Predictions.other?.task === 'multi-label') return judgeMultiLabel(Predictions.other, other);
      if (Predictions.other?.task === 'regression') return judgeRegression(Predictions.other, other);
      return issues;
    }
    const collapsed: Array<{
      split: string; file: string; class: string; classIndex: number; classes?: string[]; rows: number;
      predictedShare: number; labelShare: number; absorbed: number; accuracy: number;
    }> = [];
    for (const split of Predictions.splits) {
      // When most rows were left out (labels that are no class index: label-out-of-range's finding), the few kept
      // rows say nothing about the model.
      if (split.rows < MIN_ROWS || split.skippedRows > split.rows) continue;
      const dominant = dominantClasses(split.predictedCounts, split.rows, maxShare);
      // One class, or a few that together take the rows of the rest: at most half of the classes.
      if (dominant.length > Math.max(1, Math.floor(split.predictedCounts.length / 2))) continue;
      const inDominant = (c: number): boolean => dominant.includes(c);
      const share = dominant.reduce((sum, c) => sum + split.predictedCounts[c]!, 0) / split.rows;
      const labelled = dominant.reduce((sum, c) => sum + split.labelCounts[c]!, 0);
      const others = split.rows - labelled;
      if (others === 0) continue;
      // Rows labelled outside the dominant classes that the model puts into one of them.
      let swallowed = 0;
      split.confusion.forEach((row, label) => {
        if (!inDominant(label)) dominant.forEach((c) => { swallowed += row[c]!; });
      });
      const absorbed = swallowed / others;
      if (share <= maxShare || absorbed <= maxAbsorbed) continue;
      const first = dominant[0]!;
      collapsed.push({
        split: split.split, file: split.file, class: Predictions.classLabels[first] ?? String(first), classIndex: first,
        ...(dominant.length > 1 ? { classes: dominant.map((c) => Predictions.classLabels[c] ?? String(c)) } : {}),
        rows: split.rows, predictedShare: round(share, 4), labelShare: round(labelled / split.rows, 4), absorbed: round(absorbed, 4), accuracy: round(split.correct / split.rows, 4),
      });
    }
    const first = collapsed[0];
    if (!first) return issues;
    const named = (c: (typeof collapsed)[number]): string => (c.classes ? `classes ${c.classes.join(', ')}` : `class ${c.class}`);
    const sameClass = collapsed.every((c) => named(c) === named(first));
    const always = collapsed.every((c) => c.predictedShare === 1);
    const where = collapsed.map((c) => `${percent(c.predictedShare)} of the ${c.rows} ${c.split} rows`).join(' and ');
    let message = sameClass
      ? first.classes
        ? `${always ? 'only ever predicts' : 'predicts'} ${named(first)} for ${where}, although only ${percent(first.labelShare)} are labelled with them (${percent(first.absorbed)} of the other classes' rows go to them)`
        : `${always ? 'always predicts' : 'predicts'} class ${first.class} for ${where}, although only ${percent(first.labelShare)} are labelled ${first.class} (${percent(first.absorbed)} of the other classes' rows go to it)`
      : collapsed.map((c) => `predicts ${named(c)} for ${percent(c.predictedShare)} of the ${c.rows} ${c.split} rows (labelled: ${percent(c.labelShare)})`).join('; ');
    const train = Predictions.splits.find((s) => s.split === 'train');
    if (collapsed.every((c) => c.split === 'test') && train && train.rows > 0) {
      message += `, while on the training rows it is ${percent(train.correct / train.rows)} accurate`;
    }
    issues.push({
      message,
      hint: collapsed.every((c) => c.split === 'test')
        ? TEST_ONLY_HINT
        : CAUSES_HINT,
      data: { class: first.class, classIndex: first.classIndex, splits: collapsed, maxShare, maxAbsorbed },
    });
    return issues;
  },
});
