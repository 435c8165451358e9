/** learning-curve: fresh trainings on growing subsets; training vs test error per size, capacity, bias/variance. */
import { defineCheck } from './define-check.js';
import { round } from '../rules/support/format.js';
import { capacityEstimate, CAPACITY_ERROR, curvePoints, type Spread } from '../rules/support/learning-curve.js';
import type { Json } from '../report/types.js';

const rounded = (s: Spread | null): Json => (s === null ? null : { mean: round(s.mean, 4), min: round(s.min, 4), max: round(s.max, 4) });

export const learningCurveCheck = defineCheck({
  meta: {
    id: 'learning-curve',
    title: 'Learning curve',
    description: 'Trains from a fresh initialisation on growing subsets of the training data (1 row, then geometric steps to all of it) and compares training and test error per size.',
    inputs: ['model', 'trainData'],
  },
  rules: ['cannot-fit-tiny', 'high-bias', 'high-variance'],
  summary: {
    needs: ['LearningCurveRuns'],
    summarize({ LearningCurveRuns }) {
      const curve = LearningCurveRuns!;
      return {
        errorMetric: curve.errorMetric,
        loss: curve.loss,
        classes: curve.classes,
        poolRows: curve.poolRows,
        testRows: curve.testRows,
        testFrom: curve.testFrom,
        holdoutShare: curve.holdoutShare,
        repeats: curve.repeats,
        batchSize: curve.batchSize,
        stepBudget: curve.stepBudget,
        quick: curve.quick,
        baselineError: round(curve.baselineError, 4),
        capacity: { threshold: CAPACITY_ERROR, size: capacityEstimate(curve) },
        points: curvePoints(curve).map((p) => ({
          size: p.size,
          repeats: p.repeats,
          trainError: rounded(p.trainError),
          testError: rounded(p.testError),
          trainLoss: rounded(p.trainLoss),
          testLoss: rounded(p.testLoss),
          nonFinite: p.nonFinite,
          steps: Math.round(p.steps),
          stoppedBy: p.stoppedBy as Json,
        })),
      };
    },
  },
});
