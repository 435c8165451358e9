/** Gatherers for the prediction artifacts (see ./prediction.ts): forward passes of the saved model, short fits. */
import type { LayersModel } from '@tensorflow/tfjs';
import type { GathererGroup } from '../index.js';
import type { ExperimentContext } from '../../run/context.js';
import type { Dataset } from '../../load/dataset.js';
import type { HiddenActivations, InputDependence, LayerActivity, OtherTaskPredictions, OtherTaskSplit, PredictionArtifacts, Predictions, PredictionSplit } from './prediction.js';
import { startEngine } from '../../load/backend.js';
import { buildTfModel } from '../../engine/tf-model.js';
import { predictRows, probeLayers, type ProbedLayer } from '../../engine/predict-rows.js';
import { gatherInputDependence } from './input-dependence.js';
import { decisionThreshold } from '../task.js';
import { explicitLossOf } from '../label-counts.js';
import { neighbourBaseline, neighbourRegression } from '../neighbour-baseline.js';
import { inputEmbedding } from '../../rules/support/model.js';

/** Rows fed through the hidden layers: enough to see a unit fire, bounded for conv nets. */
const ACTIVITY_ROWS = 2000;
/** More classes than this cannot be a class index; such labels are treated as not classes. */
const MAX_CLASSES = 1000;

async function withSavedModel<T>(ctx: ExperimentContext, use: (tf: Awaited<ReturnType<typeof startEngine>>['tf'], model: LayersModel) => T | Promise<T>): Promise<T> {
  const engine = await startEngine(ctx.options.backend);
  ctx.engineUsed = engine;
  const model = await buildTfModel(engine, ctx.modelFiles(), { start: 'saved', seed: ctx.options.seed });
  try {
    return await use(engine.tf, model);
  } finally {
    model.dispose();
  }
}

/** True class index per row (−1 when the label is not a class), mapping text labels through the training set's. */
function trueClasses(dataset: Dataset, classes: number, trainTextLabels: string[] | null): Int32Array {
  const out = new Int32Array(dataset.rows).fill(-1);
  const width = dataset.labelNames.length;
  const remap = dataset.textLabels && trainTextLabels ? dataset.textLabels.map((label) => trainTextLabels.indexOf(label)) : null;
  for (let r = 0; r < dataset.rows; r++) {
    let index: number;
    if (width > 1) {
      let best = 0;
      for (let j = 1; j < width; j++) if (dataset.targets[r * width + j]! > dataset.targets[r * width + best]!) best = j;
      index = best;
    } else {
      const value = dataset.targets[r]!;
      index = remap ? remap[value] ?? -1 : Number.isInteger(value) ? value : -1;
    }
    out[r] = index >= 0 && index < classes ? index : -1;
  }
  return out;
}

function tallySplit(split: 'train' | 'test', dataset: Dataset, labels: Int32Array, outputs: { units: number; values: Float32Array }, classes: number, threshold: number): PredictionSplit {
  const { units, values } = outputs;
  const labelCounts = new Array<number>(classes).fill(0);
  const predictedCounts = new Array<number>(classes).fill(0);
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  let correct = 0;
  let skipped = 0;
  let nonFinite = 0;
  const sums = new Float64Array(units);
  const squares = new Float64Array(units);
  for (let r = 0; r < dataset.rows; r++) {
    let predicted = 0;
    if (units === 1) {
      predicted = values[r]! > threshold ? 1 : 0;
    } else {
      for (let u = 1; u < units; u++) if (values[r * units + u]! > values[r * units + predicted]!) predicted = u;
    }
    for (let u = 0; u < units; u++) {
      const v = values[r * units + u]!;
      if (!Number.isFinite(v)) nonFinite += 1;
      else {
        sums[u]! += v;
        squares[u]! += v * v;
      }
    }
    const label = labels[r]!;
    if (label < 0) {
      skipped += 1;
      continue;
    }
    labelCounts[label]! += 1;
    predictedCounts[predicted]! += 1;
    confusion[label]![predicted]! += 1;
    if (label === predicted) correct += 1;
  }
  let spread = 0;
  for (let u = 0; u < units; u++) {
    const mean = sums[u]! / Math.max(1, dataset.rows);
    const variance = Math.max(0, squares[u]! / Math.max(1, dataset.rows) - mean * mean);
    spread = Math.max(spread, Math.sqrt(variance));
  }
  return {
    split, file: dataset.file, rows: dataset.rows - skipped, skippedRows: skipped, labelCounts, predictedCounts, confusion, correct,
    nonFiniteOutputs: nonFinite, outputSpread: Number(spread.toPrecision(4)),
  };
}

/** 6 significant digits: JSON-stable across platforms, still shows a spread of 2e-4 around 0.53. */
const fact = (value: number): number => Number(value.toPrecision(6));

/**
 * Per target column facts of a multi-label or regression split. Outputs that are NaN/±Inf are counted and left
 * out, so every number stays finite JSON; a column without any finite output gets nulls.
 */
function tallyOther(kind: 'multi-label' | 'regression', split: 'train' | 'test', dataset: Dataset, outputs: { units: number; values: Float32Array }): OtherTaskSplit {
  const { units, values } = outputs;
  const rows = dataset.rows;
  let nonFinite = 0;
  for (let i = 0; i < rows * units; i++) if (!Number.isFinite(values[i]!)) nonFinite += 1;
  const result: OtherTaskSplit = { split, file: dataset.file, rows, nonFiniteOutputs: nonFinite };
  if (kind === 'multi-label') {
    let none = 0;
    let all = 0;
    for (let r = 0; r < rows; r++) {
      let present = 0;
      for (let u = 0; u < units; u++) if (values[r * units + u]! > 0.5) present += 1;
      if (present === 0) none += 1;
      if (present === units) all += 1;
    }
    result.rowsNonePredicted = none;
    result.rowsAllPredicted = all;
    result.labels = dataset.labelNames.map((column, u) => {
      let labelled = 0;
      let predicted = 0;
      let sum = 0;
      let finite = 0;
      for (let r = 0; r < rows; r++) {
        if (dataset.targets[r * units + u]! > 0.5) labelled += 1;
        const v = values[r * units + u]!;
        if (v > 0.5) predicted += 1;
        if (Number.isFinite(v)) {
          sum += v;
          finite += 1;
        }
      }
      const share = (count: number): number => (rows > 0 ? fact(count / rows) : 0);
      return { column, labelledShare: share(labelled), predictedShare: share(predicted), meanOutput: finite > 0 ? fact(sum / finite) : null };
    });
    return result;
  }
  let squaredSum = 0;
  let squaredCount = 0;
  result.targets = dataset.labelNames.map((column, u) => {
    let targetSum = 0;
    let outputSum = 0;
    let finite = 0;
    for (let r = 0; r < rows; r++) {
      targetSum += dataset.targets[r * units + u]!;
      const v = values[r * units + u]!;
      if (Number.isFinite(v)) {
        outputSum += v;
        finite += 1;
      }
    }
    const targetMean = rows > 0 ? targetSum / rows : 0;
    const outputMean = finite > 0 ? outputSum / finite : 0;
    // Two passes: a spread of 2e-4 around 0.53 must not drown in the rounding of E[x²] − E[x]².
    let targetSquares = 0;
    let outputSquares = 0;
    let errorSquares = 0;
    for (let r = 0; r < rows; r++) {
      const t = dataset.targets[r * units + u]!;
      targetSquares += (t - targetMean) ** 2;
      const v = values[r * units + u]!;
      if (Number.isFinite(v)) {
        outputSquares += (v - outputMean) ** 2;
        errorSquares += (v - t) ** 2;
      }
    }
    squaredSum += errorSquares;
    squaredCount += finite;
    return {
      column,
      targetMean: fact(targetMean),
      targetStd: rows > 0 ? fact(Math.sqrt(targetSquares / rows)) : 0,
      predictionMean: finite > 0 ? fact(outputMean) : null,
      predictionStd: finite > 0 ? fact(Math.sqrt(outputSquares / finite)) : null,
      mse: finite > 0 ? fact(errorSquares / finite) : null,
    };
  });
  result.mse = squaredCount > 0 ? fact(squaredSum / squaredCount) : null;
  return result;
}

export async function gatherPredictions(ctx: ExperimentContext): Promise<Predictions> {
  const { task } = await ctx.artifact('LabelCounts');
  const topology = await ctx.artifact('Topology');
  const train = await ctx.trainDataForModel();
  const test = await ctx.testDataForModel();
  // The named loss, not TrainingSettings (which may consult these predictions); a derived loss is never a hinge.
  const threshold = decisionThreshold(explicitLossOf(ctx) ?? '');
  const base = { outputUnits: topology.outputUnits ?? 0, outputActivation: topology.outputActivation };
  if (task.kind === 'regression' || task.kind === 'multi-label') {
    const kind = task.kind;
    const notClasses: Omit<Predictions, 'reason' | 'other'> = { applicable: false, classes: 0, classLabels: [], decision: 'argmax', splits: [], ...base };
    return withSavedModel(ctx, (tf, model): Predictions => {
      const trainOut = predictRows(tf, model, train);
      const width = train.labelNames.length;
      if (trainOut.units !== width) {
        return { ...notClasses, reason: `${kind} targets have no single predicted class, and the model's ${trainOut.units} outputs do not match the ${width} target columns` };
      }
      const splits = [tallyOther(kind, 'train', train, trainOut)];
      if (test) splits.push(tallyOther(kind, 'test', test, predictRows(tf, model, test)));
      const other: OtherTaskPredictions = { task: kind, splits };
      const result: Predictions = { ...notClasses, reason: `${kind} targets have no single predicted class`, other };
      const neighbours = kind === 'regression' && !inputEmbedding(topology) ? neighbourRegression(train.features, train.featureNames.length, train.targets, width, ctx.options.seed) : null;
      if (neighbours) result.neighbours = neighbours;
      return result;
    });
  }
  return withSavedModel(ctx, (tf, model) => {
    const trainOut = predictRows(tf, model, train);
    const units = trainOut.units;
    let labelClasses = 0;
    if (train.textLabels) labelClasses = train.textLabels.length;
    else if (train.labelNames.length > 1) labelClasses = train.labelNames.length;
    else for (let r = 0; r < train.rows; r++) {
      const v = train.targets[r]!;
      if (Number.isInteger(v) && v >= 0 && v < MAX_CLASSES) labelClasses = Math.max(labelClasses, v + 1);
    }
    const classes = units === 1 ? 2 : Math.max(units, labelClasses);
    const classLabels = Array.from({ length: classes }, (_, i) => train.textLabels?.[i] ?? train.labelNames[i] ?? String(i));
    if (train.labelNames.length === 1 && !train.textLabels) for (let i = 0; i < classes; i++) classLabels[i] = String(i);
    if (task.signed) classLabels.splice(0, 2, '-1', '1');
    const trainLabels = trueClasses(train, classes, train.textLabels);
    const splits = [tallySplit('train', train, trainLabels, trainOut, classes, threshold)];
    if (test) splits.push(tallySplit('test', test, trueClasses(test, classes, train.textLabels), predictRows(tf, model, test), classes, threshold));
    const result: Predictions = { applicable: true, classes, classLabels, decision: units === 1 ? 'threshold' : 'argmax', splits, ...base };
    // Token ids are not coordinates: nearest neighbours over them mean nothing.
    const neighbours = inputEmbedding(topology) ? null : neighbourBaseline(train.features, train.featureNames.length, trainLabels, ctx.options.seed);
    if (neighbours) result.neighbours = neighbours;
    return result;
  });
}

const RELU_FAMILY = new Set(['relu', 'relu6']);
/** Recurrent layers gate their activation (h = o · tanh(c)), so their output is not the activation's range. */
const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN', 'ConvLSTM2D', 'Bidirectional', 'RNN', 'TimeDistributed']);

function probeKind(activation: string | undefined): ProbedLayer['kind'] | null {
  if (activation === undefined) return null;
  const name = activation.toLowerCase();
  if (RELU_FAMILY.has(name)) return 'relu';
  if (name === 'sigmoid') return 'sigmoid';
  if (name === 'tanh') return 'tanh';
  return null;
}

export async function gatherHiddenActivations(ctx: ExperimentContext): Promise<HiddenActivations> {
  const train = await ctx.trainDataForModel();
  const rows = Math.min(train.rows, ACTIVITY_ROWS);
  return withSavedModel(ctx, (tf, model) => {
    const outputs = new Set(model.outputs.map((o) => o.name));
    const probes: Array<ProbedLayer & { className: string; activation: string }> = [];
    for (const layer of model.layers) {
      const config = layer.getConfig() as Record<string, unknown>;
      const className = layer.getClassName();
      if (RECURRENT.has(className)) continue;
      const declared = className === 'ReLU' ? 'relu' : typeof config.activation === 'string' ? config.activation : undefined;
      const kind = probeKind(declared);
      if (!kind) continue;
      const output = layer.output;
      if (Array.isArray(output) || outputs.has(output.name)) continue;
      probes.push({ name: layer.name, output, kind, className, activation: declared! });
    }
    const stats = probeLayers(tf, model, probes, train, rows);
    const layers: LayerActivity[] = probes.map((p, i) => ({
      layer: p.name,
      className: p.className,
      activation: p.activation,
      units: stats[i]!.units,
      rows,
      activeShare: stats[i]!.activeShare.map((v) => Number(v.toFixed(4))),
      saturatedShare: stats[i]!.saturatedShare.map((v) => Number(v.toFixed(4))),
    }));
    return { layers, rows, capped: rows < train.rows };
  });
}

export const PREDICTION_GATHERERS: GathererGroup<PredictionArtifacts> = {
  Predictions: { gather: gatherPredictions, inputs: ['model', 'trainData'] },
  HiddenActivations: { gather: gatherHiddenActivations, inputs: ['model', 'trainData'] },
  InputDependence: { gather: (ctx): Promise<InputDependence> => gatherInputDependence(ctx), inputs: ['model', 'trainData'] },
};
