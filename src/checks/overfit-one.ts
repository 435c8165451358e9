/** overfit-one: fit one example per class from the saved weights and a fresh init; say which classes fail and why. */
import { defineCheck } from './define-check.js';
import { finiteLosses, groupRuns, isFitted } from '../rules/support/overfit.js';
import { round } from '../rules/support/format.js';
import type { Json } from '../report/types.js';

export const overfitOneCheck = defineCheck({
  meta: {
    id: 'overfit-one',
    title: 'Fit one example per class',
    description: 'For every class, trains the model on one example of it (from the saved weights and from a fresh initialisation) and checks that it learns to predict it; diagnoses NaN/flat/rising losses and zero or exploding gradients.',
    inputs: ['model', 'trainData'],
  },
  rules: ['overfit-one', 'nan-loss', 'loss-at-init', 'loss-not-decreasing', 'loss-diverging', 'loss-oscillating', 'vanishing-gradients', 'exploding-gradients'],
  summary: {
    needs: ['OverfitRuns'],
    summarize({ OverfitRuns }) {
      const o = OverfitRuns!;
      const examples = groupRuns(o.runs).map((group) => {
        const starts: Record<string, Json> = {};
        for (const [start, runs] of group.byStart) {
          const fitted = runs.filter(isFitted);
          const shown = fitted[0] ?? runs[0]!;
          const losses = finiteLosses(shown);
          const predicted = shown.predicted?.[shown.predicted.length - 1];
          starts[start] = {
            // As the overfit-one rule's default (minFitShare 0.5): at least half of the seeds fitted.
            fitted: fitted.length * 2 >= runs.length,
            reached: fitted.some((r) => r.fittedAtStep !== null),
            runs: runs.length,
            fittedRuns: fitted.length,
            steps: fitted.find((r) => r.fittedAtStep !== null)?.fittedAtStep ?? null,
            stepsRun: runs.reduce((n, r) => n + r.steps, 0),
            lossStart: losses.length > 0 ? round(losses[0]!, 4) : null,
            lossEnd: losses.length > 0 ? round(losses[losses.length - 1]!, 4) : null,
            predicted: predicted === undefined ? null : o.encoding === 'multi-label' ? predicted : (o.classLabels[predicted] ?? String(predicted)),
            stopReason: shown.stopReason,
          };
        }
        const first = group.byStart.values().next().value![0]!;
        return { class: group.class, label: group.label, row: first.row, line: first.line, starts } as Json;
      });
      const initial = o.runs.filter((r) => r.start === 'fresh' && r.repeat === 0).map((r) => r.losses[0]).filter((l): l is number => typeof l === 'number');
      return {
        task: o.taskKind,
        encoding: o.encoding,
        classes: o.classes,
        loss: o.loss,
        optimizer: o.optimizer,
        learningRate: o.learningRate,
        maxSteps: o.maxSteps,
        starts: o.starts,
        repeats: o.repeats,
        quick: o.quick,
        fitted: examples.filter((e) => Object.values((e as { starts: Record<string, { fitted: boolean }> }).starts).every((s) => s.fitted)).length,
        fittedPerStart: Object.fromEntries(o.starts.map((start) => [start, examples.filter((e) => (e as { starts: Record<string, { fitted: boolean }> }).starts[start]?.fitted === true).length])),
        examples,
        missingClasses: o.missingClasses,
        initialLoss: initial.length > 0 ? round(initial.reduce((a, b) => a + b, 0) / initial.length, 4) : null,
        uniformLoss: o.classes !== null && o.classes > 1 ? round(o.loss === 'binaryCrossentropy' ? Math.log(2) : Math.log(o.classes), 4) : null,
        totalSteps: o.runs.reduce((n, r) => n + r.steps, 0),
      };
    },
  },
});
