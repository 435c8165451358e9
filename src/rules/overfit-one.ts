/** Fails each class whose single example the model cannot fit, with the most likely reason and the next step. */
import { z } from 'zod';
import type { Json } from '../report/types.js';
import { defineRule, type Issue } from './define-rule.js';
import { diagnoseRun, describeExample, finiteLosses, groupRuns, isFitted, START_WORDS, type Diagnosis } from './support/overfit.js';
import { round } from './support/format.js';
import type { OverfitRun, OverfitStart } from '../gather/groups/overfit.js';

interface StartVerdict {
  start: OverfitStart;
  runs: number;
  fitted: number;
  /** Steps to fit of the first run that fitted. */
  steps: number | null;
  lossStart: number | null;
  lossEnd: number | null;
  diagnosis: Diagnosis | null;
}

export const overfitOne = defineRule({
  meta: {
    id: 'overfit-one',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'Every class can be fitted from one example',
    failureTitle: 'A class cannot be fitted even from a single example',
    docs: {
      what: 'For every class, takes one example (seeded) and trains the model on it alone with the resolved optimizer, learning rate and loss, from the saved weights and from a fresh initialisation, for up to `--max-steps` updates. A fit stops once the model predicts the class with cross-entropy ≤ 0.25 (probability ≥ 0.78, a margin of ≥ 0.56 over any other class); a fit that runs out of steps still passes when its last step predicts the class and the loss has fallen by ≥ 30 % and is still falling (it learns, only slowly). Either way the fit must come through weights that see the input; regression examples pass within 5 % of the target column\'s standard deviation, or when the squared error has fallen by ≥ 75 % and is still falling at the last step (an unscaled target such as counts 0–23 needs more Adam 1e-3 steps than the budget). A fit reached only through biases, while every kernel got exactly zero gradient, does not count: such a model would fit any target whatever the input.',
      why:
        'Any working network can memorise one example; when it cannot, the fault is in the training step (NaN from log(0) or division by zero), the data, the model (it cannot represent the target, or its output cannot move) or the initialisation/optimisation (dead or identical units, a learning rate far off). ' +
        'Comparing starts narrows it down: a fresh init fits but the saved weights do not ⇒ training damaged the weights (dead units, exploded weights); neither fits ⇒ architecture, loss, data or settings. ' +
        'Default `minFitShare` 0.5: when the first fresh run fails, extra seeds run (`--repeats`); an unlucky init (dying ReLU) can fail about half the runs of a sound model, so a class fails only when fewer than half of its runs fit.',
      fix: 'Follow the hint under each failing class: lower or raise the learning rate, re-initialise dead or zero-initialised layers, unfreeze layers, or fix the output layer/loss pair (see the rules it names).',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ minFitShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { minFitShare: 0.5 },
  },
  judge({ OverfitRuns }, { minFitShare }) {
    const pending: Array<{ what: string; rest: string; hint: string; data: Json }> = [];
    for (const group of groupRuns(OverfitRuns.runs)) {
      const verdicts: StartVerdict[] = [];
      for (const [start, runs] of group.byStart) {
        const fittedRuns = runs.filter(isFitted);
        const first: OverfitRun = runs[0]!;
        const losses = finiteLosses(first);
        verdicts.push({
          start,
          runs: runs.length,
          fitted: fittedRuns.length,
          steps: fittedRuns.find((r) => r.fittedAtStep !== null)?.fittedAtStep ?? null,
          lossStart: losses.length > 0 ? round(losses[0]!, 4) : null,
          lossEnd: losses.length > 0 ? round(losses[losses.length - 1]!, 4) : null,
          diagnosis: fittedRuns.length / runs.length < minFitShare ? diagnoseRun(runs.find((r) => !isFitted(r))!, OverfitRuns) : null,
        });
      }
      const failed = verdicts.filter((v) => v.diagnosis !== null);
      if (failed.length === 0) continue;
      const passed = verdicts.filter((v) => v.diagnosis === null);
      const what = describeExample(group);
      const main = failed[0]!;
      const seeds = main.runs > 1 ? ` (${main.fitted} of ${main.runs} seeds fitted)` : '';
      const mainRuns = group.byStart.get(main.start) ?? [];
      const ran = Math.max(...mainRuns.map((r) => r.steps));
      const why = mainRuns.every((r) => r.stopReason === 'non-finite') ? 'the loss is NaN/Inf' : 'nothing more could change';
      const early = ran < OverfitRuns.maxSteps ? ` (stopped after ${ran} step${ran === 1 ? '' : 's'}: ${why})` : ` in ${ran} steps`;
      let message = `${what} was not learned ${START_WORDS[main.start]}${early}${seeds}: ${main.diagnosis!.observation}`;
      for (const other of failed.slice(1)) message += `; nor ${START_WORDS[other.start]}${other.diagnosis!.cause !== main.diagnosis!.cause ? ` (${other.diagnosis!.observation})` : ''}`;
      for (const ok of passed) message += `; ${START_WORDS[ok.start]} it was learned${ok.steps === null ? '' : ` in ${ok.steps} step${ok.steps === 1 ? '' : 's'}`}`;
      let hint = main.diagnosis!.next;
      const saved = verdicts.find((v) => v.start === 'saved');
      const fresh = verdicts.find((v) => v.start === 'fresh');
      if (saved?.diagnosis && fresh && !fresh.diagnosis) hint = `a fresh init fits but the saved weights do not: training damaged the weights (dead units, exploded weights) — retrain from a fresh init, with a lower learning rate; ${hint}`;
      else if (saved && fresh && saved.diagnosis && fresh.diagnosis) hint = `neither start fits, so the cause is the architecture, loss, data or settings: ${hint}`;
      pending.push({
        what,
        rest: message.slice(what.length),
        hint,
        data: {
          class: group.class,
          label: group.label,
          cause: main.diagnosis!.cause,
          starts: verdicts.map((v) => ({
            start: v.start, runs: v.runs, fitted: v.fitted, steps: v.steps, lossStart: v.lossStart, lossEnd: v.lossEnd,
            cause: v.diagnosis?.cause ?? null, zeroGradientLayers: v.diagnosis?.zeroLayers ?? [],
          })),
          maxSteps: OverfitRuns.maxSteps,
          minFitShare,
        },
      });
    }
    return mergeAlike(pending);
  },
});

/**
 * Classes that failed the same way become one finding ("classes 0, 1, 2 were not learned …"), so ten identical
 * failures read as one cause, not ten; the per-class numbers stay in `data.perClass` and the check's table.
 */
function mergeAlike(pending: Array<{ what: string; rest: string; hint: string; data: Json }>): Issue[] {
  const groups = new Map<string, typeof pending>();
  for (const entry of pending) {
    const key = `${entry.rest}\u0000${entry.hint}`;
    const group = groups.get(key);
    if (group) group.push(entry);
    else groups.set(key, [entry]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    if (group.length === 1) return { message: first.what + first.rest, hint: first.hint, data: first.data };
    const names = group.map((g) => g.what.replace(/^class /, ''));
    const shown = names.length > 6 ? `${names.slice(0, 6).join(', ')} and ${names.length - 6} more` : names.join(', ');
    const subject = first.what.startsWith('class ') ? `classes ${shown}` : shown;
    const firstData = first.data as Record<string, Json>;
    return {
      message: `${subject} were${first.rest.replace(/^ was/, '')}`,
      hint: first.hint,
      data: {
        classes: group.map((g) => (g.data as Record<string, Json>).class ?? null),
        cause: firstData.cause ?? null,
        perClass: group.map((g) => g.data),
        maxSteps: firstData.maxSteps ?? null,
        minFitShare: firstData.minFitShare ?? null,
      },
    };
  });
}

