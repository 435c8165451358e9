/** Builders for LearningCurveRuns artifacts in rule tests: a curve from per-size train/test errors. */
import type { LearningCurveRun, LearningCurveRuns } from '../../src/gather/groups/learning-curve.js';

export interface CurveSpec {
  /** size → [train errors per repeat, test errors per repeat] (null = non-finite). */
  points: Record<number, [Array<number | null>, Array<number | null>]>;
  errorMetric?: LearningCurveRuns['errorMetric'];
  baselineError?: number;
  poolRows?: number;
  stoppedBy?: LearningCurveRun['stoppedBy'];
  /** Relative fall of the loss over the last fifth of training (default 0.01: levelled off). */
  recentLossDrop?: number;
  epochsFromUser?: boolean;
  quick?: boolean;
}

export function makeCurve(spec: CurveSpec): LearningCurveRuns {
  const sizes = Object.keys(spec.points).map(Number).sort((a, b) => a - b);
  const runs: LearningCurveRun[] = [];
  for (const size of sizes) {
    const [train, test] = spec.points[size]!;
    train.forEach((trainError, repeat) => {
      runs.push({
        size, repeat, classesPresent: Math.min(size, 10), epochs: 20, maxEpochs: 20, steps: 400, stoppedBy: spec.stoppedBy ?? 'target-loss', lossTrend: { first: 2.3, fifthBeforeEnd: 1, last: 1 - (spec.recentLossDrop ?? 0.01) },
        trainLoss: trainError === null ? null : trainError, trainError, testLoss: test[repeat] ?? null, testError: test[repeat] ?? null,
      });
    });
  }
  return {
    errorMetric: spec.errorMetric ?? 'errorRate', loss: 'sparseCategoricalCrossentropy', classes: spec.errorMetric === 'meanSquaredError' ? null : 10,
    poolRows: spec.poolRows ?? sizes[sizes.length - 1]!, testRows: 450, testFrom: 'test-file', holdoutShare: null,
    sizes, repeats: Math.max(...Object.values(spec.points).map((p) => p[0].length)), batchSize: 32, stepBudget: 400, epochsFromUser: spec.epochsFromUser ?? false, quick: spec.quick ?? false,
    baselineError: spec.baselineError ?? 0.9, runs,
  };
}
