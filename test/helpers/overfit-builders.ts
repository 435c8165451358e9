/** Builders of literal OverfitRuns artifacts for the overfit-one rule tests (no training). */
import type { OverfitRun, OverfitRuns } from '../../src/gather/groups/overfit.js';

export interface RunSpec {
  losses: Array<number | null>;
  class?: number | null;
  start?: 'saved' | 'fresh';
  repeat?: number;
  /** Per step, per layer gradient norm (all of it on the kernel; the bias gets 0). Default: 1 everywhere. */
  layerNorms?: number[][];
  /** Per step, per layer share of zero gradient values, for [kernel, bias]. Default: 0. */
  zero?: Array<Array<[number, number]>>;
  layers?: string[];
  fittedAtStep?: number | null;
  predicted?: number[];
  targetScores?: number[];
  trainableParameters?: number;
  nonFiniteLossStep?: number | null;
  nonFiniteGradStep?: number | null;
}

/** One run with kernel+bias per layer; the layer norm equals `layerNorms`. */
export function makeOverfitRun(spec: RunSpec): OverfitRun {
  const layers = spec.layers ?? ['dense_1', 'dense_2'];
  const steps = spec.losses.length;
  const weights = layers.flatMap((layer) => [{ layer, name: 'kernel', size: 16 }, { layer, name: 'bias', size: 4 }]);
  const gradNorms = Array.from({ length: steps }, (_, s) => layers.flatMap((_, l) => {
    const norm = spec.layerNorms?.[s]?.[l] ?? 1;
    return [norm, 0];
  }));
  const zeroGradFractions = Array.from({ length: steps }, (_, s) => layers.flatMap((_, l) => spec.zero?.[s]?.[l] ?? [0, 0]));
  const cls = spec.class === undefined ? 0 : spec.class;
  const fittedAtStep = spec.fittedAtStep === undefined ? null : spec.fittedAtStep;
  return {
    class: cls,
    label: cls === null ? 'row 2' : String(cls),
    row: 0,
    line: 2,
    start: spec.start ?? 'fresh',
    repeat: spec.repeat ?? 0,
    seed: 42 + 1000 * (spec.repeat ?? 0),
    weights,
    trainableParameters: spec.trainableParameters ?? weights.reduce((n, w) => n + w.size, 0),
    frozenParameters: 0,
    losses: spec.losses,
    predicted: spec.predicted ?? spec.losses.map(() => (fittedAtStep !== null ? cls ?? 0 : 1)),
    targetScores: spec.targetScores ?? spec.losses.map((l) => (l === null ? 0 : Number(Math.exp(-l).toPrecision(4)))),
    gradNorms,
    zeroGradFractions,
    nonFiniteLossStep: spec.nonFiniteLossStep ?? null,
    nonFiniteGradStep: spec.nonFiniteGradStep ?? null,
    fittedAtStep,
    steps: Math.max(0, steps - 1),
    stopReason: fittedAtStep !== null ? 'fitted' : 'max-steps',
  };
}

export function makeOverfitRuns(runs: OverfitRun[], overrides: Partial<OverfitRuns> = {}): { OverfitRuns: OverfitRuns } {
  return {
    OverfitRuns: {
      taskKind: 'classification',
      encoding: 'sparse',
      classes: 3,
      classLabels: ['0', '1', '2'],
      outputUnits: 3,
      outputActivation: 'softmax',
      loss: 'sparseCategoricalCrossentropy',
      optimizer: 'adam',
      learningRate: 0.001,
      maxSteps: 400,
      fitLoss: 0.25,
      tolerance: null,
      starts: [...new Set(runs.map((r) => r.start))],
      repeats: 3,
      quick: false,
      missingClasses: [],
      layerActivations: { dense_1: 'relu', dense_2: 'softmax' },
      runs,
      initialLoss: null,
      ...overrides,
    },
  };
}

/** A descending loss curve from `from` to `to` over `steps` + 1 entries. */
export function descending(from: number, to: number, steps: number): number[] {
  return Array.from({ length: steps + 1 }, (_, i) => Number((from + ((to - from) * i) / steps).toPrecision(6)));
}

/** A healthy fit: loss falls from ln 3 to 0.2 and the target is reached at the last step. */
export function healthyRun(cls: number, start: 'saved' | 'fresh' = 'fresh'): OverfitRun {
  return makeOverfitRun({ class: cls, start, losses: descending(1.1, 0.2, 40), fittedAtStep: 40 });
}
