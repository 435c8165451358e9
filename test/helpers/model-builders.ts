/** Builders for the lint-config rule tests: small Sequential topologies and target statistics. */
import type { LabelCounts, LayerInfo, Topology } from '../../src/gather/artifacts.js';
import { makeLabelCounts, makeLabelTable, makeLayer, makeTopology } from './builders.js';

export type DenseArgs = Partial<LayerInfo> & { units: number };

/** A Sequential Dense stack; the first layer declares the input shape. */
export function mlp(inputs: number, layers: Array<DenseArgs | (Partial<LayerInfo> & { className: string })>, overrides: Partial<Topology> = {}): Topology {
  const built = layers.map((args, i) => {
    const className = 'className' in args && args.className ? args.className : 'Dense';
    const layer = makeLayer({ name: `layer_${i}`, className, ...args });
    if (className === 'Dense' && layer.activation === undefined) layer.activation = 'linear';
    if (i === 0) layer.batchInputShape = [null, inputs];
    return layer;
  });
  return makeTopology(built, overrides);
}

/** Iris-like classification labels: 3 balanced classes unless counts are given. */
export function classLabels(counts: Record<string, number> = { 0: 50, 1: 50, 2: 50 }): LabelCounts {
  return makeLabelCounts(counts);
}

/** A single real-valued target column with the given range. */
export function regressionTargets(min: number, max: number): LabelCounts {
  return {
    train: makeLabelTable({ [String(min)]: 1, [String(max)]: 1, '0.5': 98 }, { columns: ['target'], nonInteger: 100, min, max }),
    task: { kind: 'regression', classes: null, reason: 'test' },
  };
}

/** Multi-column 0/1 targets; `notOne` rows do not sum to one. */
export function multiColumnTargets(columns: string[], rows: number, notOne: number, kind: 'one-hot' | 'multi-label' = notOne > 0 ? 'multi-label' : 'one-hot'): LabelCounts {
  const classes = Object.fromEntries(columns.map((c) => [c, Math.round(rows / columns.length)]));
  return {
    train: makeLabelTable(classes, { kind: 'multi', columns, rows, numeric: true, nonInteger: 0, nonIntegerExamples: [], min: 0, max: 1, rowSums: { min: notOne > 0 ? 0 : 1, max: notOne > 0 ? 2 : 1, notOne } }),
    task: { kind, classes: columns.length, reason: 'test' },
  };
}
