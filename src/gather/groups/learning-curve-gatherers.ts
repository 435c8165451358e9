/** Gatherers for the learning-curve artifacts (see ./learning-curve.ts): fresh trainings on growing subsets. */
import type { Tensor } from '@tensorflow/tfjs';
import type { GathererGroup } from '../index.js';
import type { LearningCurveArtifacts, LearningCurveRun, LearningCurveRuns } from './learning-curve.js';
import type { ExperimentContext } from '../../run/context.js';
import { startEngine } from '../../load/backend.js';
import { typedByUser } from '../../config/resolve-settings.js';
import { buildTfModel } from '../../engine/tf-model.js';
import { classIndices, setupTraining, type TrainingSetup } from '../../engine/training-setup.js';
import { fitEpochs, type FitData } from '../../engine/fit-epochs.js';
import {
  DEFAULT_REPEATS, HOLDOUT_SHARE, MIN_DELTA, MIN_STEPS, QUICK_STEPS,
  defaultSizes, epochsFor, holdoutSplit, patienceFor, quickSizes, resolveSizes, stepBudgetFor, stratifiedOrder,
} from '../learning-curve-plan.js';

/** Cross-entropy of 0.05 ≈ 95 % probability on the right class: the set is fitted, more steps change little. */
const CLASSIFICATION_TARGET_LOSS = 0.05;
/** MSE below 0.1 % of the target variance counts as fitted. */
const REGRESSION_TARGET_SHARE = 1e-3;

/** First, a-fifth-before-the-end and last epoch losses (see LearningCurveRun.lossTrend). */
export function lossTrendOf(history: ReadonlyArray<number | null>): { first: number; fifthBeforeEnd: number; last: number } | null {
  const n = history.length;
  if (n < 3) return null;
  const first = history[0];
  const fifthBeforeEnd = history[Math.max(0, n - 1 - Math.max(2, Math.ceil(n / 5)))];
  const last = history[n - 1];
  if (first == null || fifthBeforeEnd == null || last == null) return null;
  return { first, fifthBeforeEnd, last };
}

function distinct(values: Iterable<number>): number {
  return new Set(values).size;
}

function varianceOf(targets: Float32Array, width: number, rows: readonly number[]): number {
  let total = 0;
  for (let j = 0; j < width; j++) {
    let sum = 0;
    let sq = 0;
    for (const r of rows) { const v = targets[r * width + j]!; sum += v; sq += v * v; }
    const mean = sum / rows.length;
    total += Math.max(0, sq / rows.length - mean * mean);
  }
  return total / width;
}

/** Seconds of fitting `check`'s quick mode allows the learning curve. */
const QUICK_BUDGET_SECONDS = 8;

export async function gatherLearningCurveRuns(ctx: ExperimentContext): Promise<LearningCurveRuns> {
  const budget = ctx.trainingBudget('learning-curve', QUICK_BUDGET_SECONDS);
  const settings = await ctx.artifact('TrainingSettings');
  const { task } = await ctx.artifact('LabelCounts');
  const engine = await startEngine(ctx.options.backend);
  ctx.engineUsed = engine;
  const { tf } = engine;
  const { seed, checkOptions } = ctx.options;
  const quick = checkOptions.quick === true;
  const files = ctx.modelFiles();
  const trainData = await ctx.trainDataForModel();
  const testData = await ctx.testDataForModel();

  const probe = await buildTfModel(engine, files, { start: 'fresh', seed });
  let setup: TrainingSetup | null = null;
  let testSetup: TrainingSetup | null = null;
  const owned: Tensor[] = [];
  try {
    setup = setupTraining(tf, probe, { dataset: trainData, task, settings });
    const isRegression = setup.encoding === 'regression';
    const labels = isRegression ? null : classIndices(trainData);
    let pool: number[];
    let test: FitData;
    if (testData) {
      testSetup = setupTraining(tf, probe, { dataset: testData, task, settings });
      pool = Array.from({ length: trainData.rows }, (_, i) => i);
      test = { x: testSetup.x, y: testSetup.y };
    } else {
      const split = holdoutSplit(trainData.rows, labels, HOLDOUT_SHARE, seed);
      pool = split.pool;
      const index = tf.tensor1d(Int32Array.from(split.holdout), 'int32');
      test = { x: tf.gather(setup.x, index), y: tf.gather(setup.y, index) };
      index.dispose();
      owned.push(test.x, test.y);
    }
    const classes = isRegression ? null : setup.encoding === 'binary' ? 2 : setup.outputUnits;
    const sizes = checkOptions.sizes ? resolveSizes(checkOptions.sizes, pool.length) : quick ? quickSizes(pool.length) : defaultSizes(pool.length);
    const repeats = checkOptions.repeats ?? (quick ? 1 : DEFAULT_REPEATS);
    const stepBudget = quick ? QUICK_STEPS : stepBudgetFor(pool.length, settings.batchSize, settings.epochs, MIN_STEPS);
    const width = trainData.labelNames.length;
    let baselineError: number;
    if (labels) {
      const counts = new Map<number, number>();
      for (const r of pool) counts.set(labels[r]!, (counts.get(labels[r]!) ?? 0) + 1);
      baselineError = 1 - Math.max(...counts.values()) / pool.length;
    } else {
      baselineError = varianceOf(trainData.targets, width, pool);
    }
    const targetLoss = isRegression
      ? setup.loss === 'meanSquaredError' ? REGRESSION_TARGET_SHARE * baselineError : undefined
      : CLASSIFICATION_TARGET_LOSS;
    // The TF.js error function and its name for the plain-JS scorer (engine/dense-net/scores.ts) chosen together.
    const error = isRegression
      ? { kind: 'squared' as const, perExample: (yTrue: Tensor, yPred: Tensor) => tf.mean(tf.squaredDifference(yPred, yTrue), -1) }
      : setup.error;

    const runs: LearningCurveRun[] = [];
    const total = sizes.length * repeats;
    for (let repeat = 0; repeat < repeats; repeat++) {
      // One order per repeat, so the subsets of a repeat are nested like scikit-learn's learning_curve.
      const order = stratifiedOrder(pool, labels, seed * 7919 + repeat);
      for (const size of sizes) {
        ctx.checkDeadline();
        ctx.options.progress?.(`learning-curve [${repeat * sizes.length + sizes.indexOf(size) + 1}/${total}] ${size} row${size === 1 ? '' : 's'}, repeat ${repeat + 1}/${repeats}`);
        const rows = order.slice(0, size);
        const maxEpochs = epochsFor(size, settings.batchSize, stepBudget);
        const model = await buildTfModel(engine, files, { start: 'fresh', seed: (seed + repeat * 104_729) % 2_147_483_647 });
        const optimizer = setup.makeOptimizer();
        try {
          const earlyStopping = { patience: patienceFor(size, settings.batchSize), minDelta: MIN_DELTA, ...(targetLoss !== undefined ? { targetLoss } : {}) };
          const fit = fitEpochs({
            tf, model, optimizer, meanLoss: setup.meanLoss, lossFn: setup.lossFn, errorFn: error.perExample, regularised: true,
            ...(isRegression ? {} : { nonFiniteError: 1 }),
            train: { x: setup.x, y: setup.y }, rows, test,
            batchSize: settings.batchSize, epochs: maxEpochs, seed: seed * 31 + repeat * 1_009 + size,
            earlyStopping, betweenEpochs: budget,
            lossSpec: { loss: setup.loss, encoding: setup.encoding, outputUnits: setup.outputUnits, errorKind: error.kind },
          });
          runs.push({
            size, repeat, classesPresent: labels ? distinct(rows.map((r) => labels[r]!)) : null,
            epochs: fit.epochs, maxEpochs, steps: fit.steps, stoppedBy: fit.stoppedBy, lossTrend: lossTrendOf(fit.lossHistory),
            trainLoss: fit.trainLoss, trainError: fit.trainError, testLoss: fit.testLoss, testError: fit.testError,
          });
        } finally {
          model.dispose();
          optimizer.dispose();
        }
      }
    }
    runs.sort((a, b) => a.size - b.size || a.repeat - b.repeat);
    return {
      errorMetric: isRegression ? 'meanSquaredError' : 'errorRate',
      loss: setup.loss, classes, poolRows: pool.length, testRows: test.x.shape[0]!,
      testFrom: testData ? 'test-file' : 'holdout', holdoutShare: testData ? null : HOLDOUT_SHARE,
      sizes, repeats, batchSize: settings.batchSize, stepBudget,
      epochsFromUser: typedByUser(settings.sources.epochs), quick, baselineError, runs,
    };
  } finally {
    tf.dispose(owned);
    setup?.dispose();
    testSetup?.dispose();
    probe.dispose();
  }
}

export const LEARNING_CURVE_GATHERERS: GathererGroup<LearningCurveArtifacts> = {
  LearningCurveRuns: { gather: gatherLearningCurveRuns, inputs: ['model', 'trainData'] },
};
