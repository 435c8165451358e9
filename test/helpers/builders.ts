/** Small builders for artifacts used by rule tests (cf. Lighthouse's createTestTrace). */
import type { LabelCounts, LabelTable, Task, Topology, LayerInfo, TrainingSettings } from '../../src/gather/artifacts.js';

export function makeLabelTable(counts: Record<string, number>, overrides: Partial<LabelTable> = {}): LabelTable {
  const labels = Object.keys(counts);
  const numeric = labels.every((l) => Number.isFinite(Number(l)));
  const values = labels.map(Number);
  const nonIntegerLabels = labels.filter((l) => numeric && !Number.isInteger(Number(l)));
  return {
    file: 'train.csv',
    rows: Object.values(counts).reduce((a, b) => a + b, 0),
    columns: ['label'],
    kind: 'single',
    classes: labels.map((label) => ({ label, count: counts[label]! })),
    missing: 0,
    numeric,
    nonInteger: nonIntegerLabels.reduce((sum, l) => sum + counts[l]!, 0),
    nonIntegerExamples: nonIntegerLabels.slice(0, 5),
    min: numeric ? Math.min(...values) : null,
    max: numeric ? Math.max(...values) : null,
    ...overrides,
  };
}

export function makeLabelCounts(train: Record<string, number>, extra: { test?: Record<string, number>; task?: Partial<Task>; expectedClasses?: LabelCounts['expectedClasses'] } = {}): LabelCounts {
  const trainTable = makeLabelTable(train);
  const result: LabelCounts = {
    train: trainTable,
    task: { kind: 'classification', classes: trainTable.classes.length, reason: 'test', ...(extra.task ?? {}) },
  };
  if (extra.test) result.test = makeLabelTable(extra.test, { file: 'test.csv' });
  if (extra.expectedClasses) result.expectedClasses = extra.expectedClasses;
  return result;
}

export function makeLayer(partial: Partial<LayerInfo> & { name: string; className: string }): LayerInfo {
  return { trainable: true, inbound: [], ...partial };
}

export function makeTopology(layers: LayerInfo[], overrides: Partial<Topology> = {}): Topology {
  const last = [...layers].reverse().find((l) => l.units !== undefined);
  return {
    file: 'model.json',
    format: 'tfjs-layers',
    modelClass: 'Sequential',
    layers,
    outputLayer: layers[layers.length - 1]?.name ?? '',
    outputUnits: last?.units ?? null,
    outputActivation: last?.activation ?? 'linear',
    inputShape: layers[0]?.batchInputShape?.slice(1) ?? [4],
    inputDtype: 'float32',
    hasWeights: false,
    savedParameters: 0,
    savedKernels: [],
    ...overrides,
  };
}

export function makeSettings(overrides: Partial<Omit<TrainingSettings, 'sources'>> = {}): TrainingSettings {
  return {
    optimizer: 'adam', learningRate: 1e-3, momentum: null, loss: 'sparseCategoricalCrossentropy', batchSize: 32, epochs: 20,
    sources: { optimizer: 'default', learningRate: 'default', momentum: 'default', loss: 'derived', batchSize: 'default', epochs: 'default' },
    ...overrides,
  };
}
