/** Gatherers for the overfit artifacts (see ./overfit.ts): fits one example per class from each start. */
import type { LayersModel, Tensor } from '@tensorflow/tfjs';
import seedrandom from 'seedrandom';
import type { GathererGroup } from '../index.js';
import type { ExperimentContext } from '../../run/context.js';
import type { Dataset } from '../../load/dataset.js';
import type { OverfitArtifacts, OverfitRun, OverfitRuns, OverfitStart } from './overfit.js';
import { startEngine, type Engine } from '../../load/backend.js';
import { buildTfModel } from '../../engine/tf-model.js';
import { calibrateBatchNorm } from '../../engine/batch-norm-mode.js';
import { seededSample } from '../../engine/seeded-permutation.js';
import { classIndices, setupTraining } from '../../engine/training-setup.js';
import { traceSteps, type FitTarget } from '../../engine/trace-steps.js';
import { InputError } from '../../errors.js';

/**
 * Default update budget per fit. Adam at 1e-3 fits one example of the healthy iris MLP and digits CNN from a
 * fresh initialisation in at most ~150 steps (measured on the fixtures), so 400 leaves 2.5× headroom, while a
 * learning rate 1,000× too low moves the loss by well under 1 % in that many steps: failures stay conclusive.
 */
export const DEFAULT_MAX_STEPS = 400;
/** Extra seeds when a fresh fit fails: dying ReLU or an unlucky init can fail about half the runs of a model. */
export const DEFAULT_REPEATS = 3;
/** `check --quick`: fewer steps and seeds; slow-but-learning fits still pass (see the overfit-one rule). */
export const QUICK_MAX_STEPS = 300;
export const QUICK_REPEATS = 2;
/** After this many classes failed every seed from one start, later classes get one seed: the verdict is in. */
const CONCLUSIVE_FAILED_CLASSES = 2;
/**
 * A class counts as fitted when predicted with cross-entropy ≤ 0.25, i.e. the target's probability is ≥ 0.78 —
 * a margin of ≥ 0.56 over every other class — far from the uniform guess (ln C: 1.10 for 3 classes).
 */
export const FIT_LOSS = 0.25;
/** Regression fits count when every output is within this share of its column's standard deviation. */
const TOLERANCE_SHARE = 0.05;
/**
 * The loss at initialisation is measured on up to this many training rows (a seeded sample) for each of
 * INITIAL_LOSS_SEEDS fresh initialisations: one example per class and one seed swing it by 2× on healthy models.
 */
const INITIAL_LOSS_ROWS = 256;
const INITIAL_LOSS_SEEDS = 5;
/** Regression has no classes: fit examples at these quantiles of the first target column. */
const REGRESSION_QUANTILES = [0.1, 0.5, 0.9];

interface Example {
  class: number | null;
  label: string;
  row: number;
  target: FitTarget;
}

/**
 * The lowest loss the example's own targets allow: a soft target row (label smoothing, distillation) keeps
 * cross-entropy at its entropy however well the model fits, so a fit is judged by FIT_LOSS above that floor.
 */
export function targetLossFloor(loss: string, targets: ArrayLike<number>): number {
  let floor = 0;
  if (loss === 'categoricalCrossentropy') {
    for (let i = 0; i < targets.length; i++) {
      const y = targets[i]!;
      if (y > 0 && y < 1) floor -= y * Math.log(y);
    }
  } else if (loss === 'binaryCrossentropy') {
    for (let i = 0; i < targets.length; i++) {
      const y = targets[i]!;
      if (y > 0 && y < 1) floor -= (y * Math.log(y) + (1 - y) * Math.log(1 - y)) / targets.length;
    }
  }
  return floor;
}

function pickRow(rows: number[], seed: number, key: string): number {
  const random = seedrandom(`${seed}:overfit-one:${key}`);
  return rows[Math.floor(random() * rows.length)]!;
}

/** All rows when there are at most `count`, else a seeded sample of `count` distinct rows in ascending order. */
function sampleRows(total: number, count: number, seed: number): number[] {
  return seededSample(total, count, seedrandom(`${seed}:overfit-one:initial-loss`));
}

function columnStd(dataset: Dataset, column: number): number {
  const width = dataset.labelNames.length;
  let sum = 0;
  let squares = 0;
  for (let r = 0; r < dataset.rows; r++) {
    const v = dataset.targets[r * width + column]!;
    sum += v;
    squares += v * v;
  }
  const mean = sum / Math.max(1, dataset.rows);
  return Math.sqrt(Math.max(0, squares / Math.max(1, dataset.rows) - mean * mean));
}

/** One seeded example per wanted class (or per regression quantile), plus the classes with no example. */
function chooseExamples(dataset: Dataset, encoding: OverfitRuns['encoding'], classes: number, wanted: number[] | undefined, seed: number, tolerance: number[] | null): { examples: Example[]; missing: number[]; labels: string[] } {
  const width = dataset.labelNames.length;
  if (encoding === 'regression') {
    const order = Array.from({ length: dataset.rows }, (_, r) => r).sort((a, b) => dataset.targets[a * width]! - dataset.targets[b * width]! || a - b);
    const rows = [...new Set(REGRESSION_QUANTILES.map((q) => order[Math.min(order.length - 1, Math.floor(q * order.length))]!))];
    return {
      examples: rows.map((row) => ({ class: null, label: `row ${dataset.table.lineOfRow(row)}`, row, target: { kind: 'values', values: Array.from(dataset.targets.subarray(row * width, (row + 1) * width)), tolerance: tolerance! } })),
      missing: [],
      labels: [],
    };
  }
  const labels = Array.from({ length: classes }, (_, c) => (dataset.textLabels && width === 1 ? dataset.textLabels[c] ?? String(c) : width > 1 ? dataset.labelNames[c] ?? String(c) : String(c)));
  const byClass = new Map<number, number[]>();
  if (encoding === 'multi-label') {
    for (let r = 0; r < dataset.rows; r++) {
      for (let c = 0; c < width; c++) if (dataset.targets[r * width + c]! > 0.5) (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(r);
    }
  } else {
    classIndices(dataset).forEach((c, r) => { (byClass.get(c) ?? byClass.set(c, []).get(c)!).push(r); });
  }
  const want = wanted ?? Array.from({ length: classes }, (_, c) => c);
  for (const c of want) {
    if (!Number.isInteger(c) || c < 0 || c >= classes) throw new InputError(`class ${c} is not one of the model's classes 0…${classes - 1}`, { key: 'classesToFit' }, `pick classes between 0 and ${classes - 1} (--classes-to-fit)`);
  }
  const examples: Example[] = [];
  const missing: number[] = [];
  for (const c of want) {
    const rows = byClass.get(c);
    if (!rows || rows.length === 0) { missing.push(c); continue; }
    const row = pickRow(rows, seed, String(c));
    const target: FitTarget = encoding === 'multi-label'
      ? { kind: 'labels', values: Array.from(dataset.targets.subarray(row * width, (row + 1) * width), (v) => (v > 0.5 ? 1 : 0)) }
      : { kind: 'class', index: c };
    examples.push({ class: c, label: labels[c]!, row, target });
  }
  return { examples, missing, labels };
}

/** √(mean of squares) of all target values: the size of the residuals a regression fit starts from. */
function rootMeanSquare(values: Float32Array): number {
  let sum = 0;
  for (const v of values) sum += v * v;
  return values.length > 0 ? Math.sqrt(sum / values.length) : 0;
}

function sameWeights(tf: Engine['tf'], a: Tensor[], b: Tensor[]): boolean {
  return a.length === b.length && a.every((t, i) => tf.tidy(() => tf.equal(t, b[i]!).all().dataSync()[0] === 1));
}

interface StartModel {
  model: LayersModel;
  initial: Tensor[];
}

/** Seconds of fitting `check`'s quick mode allows overfit-one (a recurrent net over 60 steps took 14 minutes). */
const QUICK_BUDGET_SECONDS = 12;

async function gatherOverfitRuns(ctx: ExperimentContext): Promise<OverfitRuns> {
  const budget = ctx.trainingBudget('overfit-one', QUICK_BUDGET_SECONDS);
  const [topology, settings, labelCounts] = await Promise.all([ctx.artifact('Topology'), ctx.artifact('TrainingSettings'), ctx.artifact('LabelCounts')]);
  const dataset = await ctx.trainDataForModel();
  const files = ctx.modelFiles();
  const { checkOptions, seed } = ctx.options;
  const quick = checkOptions.quick === true;
  const maxSteps = checkOptions.maxSteps ?? (quick ? QUICK_MAX_STEPS : DEFAULT_MAX_STEPS);
  const repeats = checkOptions.repeats ?? (quick ? QUICK_REPEATS : DEFAULT_REPEATS);
  const requested = checkOptions.start ?? 'both';
  if (requested === 'saved' && !topology.hasWeights) throw new InputError('has no saved weights (topology only), so it cannot start from them', { file: topology.file, key: 'weightsManifest' }, 'use --start fresh, or save the model with its weights');
  // Saved weights holding NaN/Inf would only give NaN fits (nan-weights reports them): "both" starts fresh only.
  const savedUsable = topology.hasWeights && (topology.nonFiniteWeights ?? []).length === 0;
  const starts: OverfitStart[] = requested === 'both' ? (savedUsable ? ['saved', 'fresh'] : ['fresh']) : [requested];

  const engine: Engine = await startEngine(ctx.options.backend);
  ctx.engineUsed = engine;
  const { tf } = engine;
  const task = labelCounts.task;
  const models = new Map<string, StartModel>();
  /** The training rows that measure the loss at initialisation and calibrate fresh BatchNormalization layers. */
  const sampledRows = sampleRows(dataset.rows, INITIAL_LOSS_ROWS, seed);
  /** False once two seeds gave identical fresh weights (e.g. zeros/constant initializers): extra seeds are pointless. */
  let seedMatters: boolean | null = null;
  const modelFor = async (start: OverfitStart, repeat: number): Promise<StartModel> => {
    const key = `${start}:${repeat}`;
    let entry = models.get(key);
    if (!entry) {
      const model = await buildTfModel(engine, files, { start, seed: seed + 1000 * repeat });
      if (start === 'fresh' && model.layers.some((l) => l.getClassName() === 'BatchNormalization')) {
        // One-example fits run BatchNormalization on its moving statistics: a fresh model's (0 and 1) would pass raw
        // inputs through unnormalised, so they start from the training rows' statistics.
        const setup = setupTraining(tf, model, { dataset, task: labelCounts.task, settings, rows: sampledRows });
        try {
          calibrateBatchNorm(tf, model, setup.x);
        } finally {
          setup.dispose();
        }
      }
      entry = { model, initial: model.getWeights().map((w) => w.clone()) };
      models.set(key, entry);
    }
    return entry;
  };

  try {
    const probe = await modelFor(starts[0]!, 0);
    // Validates input/target sizes and names against the model once, before any example is chosen.
    const shape = setupTraining(tf, probe.model, { dataset, task, settings, rows: [0] });
    const { encoding, outputUnits, loss } = shape;
    shape.dispose();
    const classes = encoding === 'regression' ? null : encoding === 'binary' ? 2 : outputUnits;
    const tolerance = encoding === 'regression' ? dataset.labelNames.map((_, j) => {
      const std = columnStd(dataset, j);
      return Number((TOLERANCE_SHARE * (std > 0 ? std : 1)).toPrecision(4));
    }) : null;
    const { examples, missing, labels } = chooseExamples(dataset, encoding, classes ?? 0, checkOptions.classesToFit, seed, tolerance);
    const targetScale = encoding === 'regression' ? Number(rootMeanSquare(dataset.targets).toPrecision(4)) : null;

    let initialLoss: OverfitRuns['initialLoss'] = null;
    if (starts.includes('fresh') && encoding !== 'regression') {
      const seeds: number[] = [];
      const losses: Array<number | null> = [];
      for (let repeat = 0; repeat < INITIAL_LOSS_SEEDS; repeat++) {
        ctx.checkDeadline();
        const { model } = await modelFor('fresh', repeat);
        const setup = setupTraining(tf, model, { dataset, task, settings, rows: sampledRows });
        try {
          const value = tf.tidy(() => setup.meanLoss(setup.y, model.apply(setup.x, { training: false }) as Tensor).dataSync()[0]!);
          seeds.push(seed + 1000 * repeat);
          losses.push(Number.isFinite(value) ? Number(value.toPrecision(6)) : null);
        } finally {
          setup.dispose();
        }
      }
      initialLoss = { rows: sampledRows.length, seeds, losses };
    }

    const runs: OverfitRun[] = [];
    const failedClasses = new Map<OverfitStart, number>();
    for (const [i, example] of examples.entries()) {
      ctx.options.progress?.(`overfit-one: ${example.class === null ? example.label : `class ${example.label}`} (${i + 1}/${examples.length})`);
      for (const start of starts) {
        // Saved weights are the same for every seed, so only fresh starts get extra seeds.
        const conclusive = (failedClasses.get(start) ?? 0) >= CONCLUSIVE_FAILED_CLASSES;
        const seeds = start === 'fresh' && !conclusive ? repeats : 1;
        let anyFitted = false;
        for (let repeat = 0; repeat < seeds && !anyFitted; repeat++) {
          if (repeat === 1) {
            seedMatters ??= !sameWeights(tf, (await modelFor(start, 0)).initial, (await modelFor(start, 1)).initial);
            if (!seedMatters) break;
          }
          const { model, initial } = await modelFor(start, repeat);
          model.setWeights(initial);
          const setup = setupTraining(tf, model, { dataset, task, settings, rows: [example.row] });
          try {
            const width = dataset.labelNames.length;
            const floor = width > 1 ? targetLossFloor(setup.loss, dataset.targets.subarray(example.row * width, (example.row + 1) * width)) : 0;
            const trace = traceSteps(tf, { model, setup, target: example.target, maxSteps, fitLoss: FIT_LOSS + floor, between: budget });
            runs.push({ class: example.class, label: example.label, row: example.row, line: dataset.table.lineOfRow(example.row), start, repeat, seed: seed + 1000 * repeat, ...trace });
            anyFitted = trace.fittedAtStep !== null;
          } finally {
            setup.dispose();
          }
        }
        if (!anyFitted) failedClasses.set(start, (failedClasses.get(start) ?? 0) + 1);
      }
    }

    return {
      taskKind: task.kind,
      encoding,
      classes,
      classLabels: labels,
      outputUnits,
      outputActivation: topology.outputActivation,
      loss,
      optimizer: settings.optimizer,
      learningRate: settings.learningRate,
      maxSteps,
      fitLoss: FIT_LOSS,
      tolerance,
      targetScale,
      starts,
      repeats,
      quick,
      missingClasses: missing,
      layerActivations: Object.fromEntries(topology.layers.filter((l) => l.activation !== undefined).map((l) => [l.name, l.activation!])),
      runs,
      initialLoss,
    };
  } finally {
    for (const { model, initial } of models.values()) {
      tf.dispose(initial);
      model.dispose();
    }
  }
}

export const OVERFIT_GATHERERS: GathererGroup<OverfitArtifacts> = {
  OverfitRuns: { gather: gatherOverfitRuns, inputs: ['model', 'trainData'] },
};
