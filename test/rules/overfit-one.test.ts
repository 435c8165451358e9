import { testRule } from '../helpers/rule-tester.js';
import { overfitOne } from '../../src/rules/overfit-one.js';
import { descending, healthyRun, makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

/** A regression run (no predicted class; max absolute error per step instead). */
const regressionRun = (losses: number[]) => ({ ...makeOverfitRun({ class: null, losses }), predicted: undefined, targetScores: undefined, maxAbsErrors: losses.map((l) => Math.sqrt(l)) });
const regressionRuns = (losses: number[]) => makeOverfitRuns([regressionRun(losses)], { taskKind: 'regression', encoding: 'regression', classes: null, classLabels: [] });
const flat = (cls: number, start: 'saved' | 'fresh', repeat = 0) => makeOverfitRun({ class: cls, start, repeat, losses: new Array(401).fill(2.3) });
const deadBelow = (cls: number, start: 'saved' | 'fresh') => makeOverfitRun({
  class: cls, start, losses: descending(1.1, 1.0, 400),
  zero: new Array(401).fill([[1, 1], [1, 0]]),
});

testRule(overfitOne, {
  valid: [
    { name: 'every class fitted from both starts', artifacts: makeOverfitRuns([0, 1, 2].flatMap((c) => [healthyRun(c, 'saved'), healthyRun(c, 'fresh')])) },
    { name: 'a class fitted by 2 of 3 seeds', artifacts: makeOverfitRuns([flat(0, 'fresh', 0), { ...healthyRun(0), repeat: 1 }, { ...healthyRun(0), repeat: 2 }]) },
    { name: 'a slow fit that predicts the class at the end with the loss still falling', artifacts: makeOverfitRuns([makeOverfitRun({ class: 2, losses: descending(2.33, 1.07, 400), predicted: [...new Array(200).fill(0), ...new Array(201).fill(2)] })]) },
    { name: 'a regression fit of an unscaled target, error more than halved and still falling', artifacts: regressionRuns(descending(225, 39, 400)) },
    { name: 'a class fitted by exactly half the seeds', artifacts: makeOverfitRuns([flat(0, 'fresh', 0), { ...healthyRun(0), repeat: 1 }]), onThreshold: true },
  ],
  invalid: [
    {
      name: 'a flat loss with gradients everywhere (learning rate too low)',
      artifacts: makeOverfitRuns([flat(3, 'fresh')], { learningRate: 1e-6 }),
      issues: [{ message: /class 3 was not learned from a fresh initialisation in 400 steps: loss flat \(2\.3 → 2\.3\)/, hint: /learning rate 1e-6 is too low for adam: try 0\.001/, data: { class: 3, cause: 'loss-flat' } }],
    },
    {
      name: 'a flat loss with gradients everywhere at the usual learning rate (the output cannot get closer)',
      artifacts: makeOverfitRuns([flat(3, 'fresh')]),
      issues: [{ hint: /learning rate 0\.001 is usual for adam, so the output cannot get closer to the target/, data: { cause: 'loss-flat' } }],
    },
    {
      name: 'a NaN loss before any update',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 1, losses: [null, null, null], nonFiniteLossStep: 0 })]),
      issues: [{ message: /loss was NaN\/Inf before any update/, hint: /see loss-activation-mismatch, nan-in-data/ }],
    },
    {
      name: 'saved fails with dead layers while fresh fits',
      artifacts: makeOverfitRuns([deadBelow(1, 'saved'), healthyRun(1, 'fresh')]),
      issues: [{ message: /from the saved weights.*moved only by biases.*dense_1.*from a fresh initialisation it was learned in 40 steps/, hint: /training damaged the weights.*ReLU units are dead/, data: { cause: 'bias-only', starts: { 0: { start: 'saved', fitted: 0, zeroGradientLayers: ['dense_1'] }, 1: { start: 'fresh', fitted: 1, steps: 40 } } } }],
    },
    {
      name: 'a target reached only through the output bias',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: descending(1.1, 0.2, 40), fittedAtStep: 40, zero: new Array(41).fill([[1, 1], [1, 0]]) })]),
      issues: [{ message: /reached the target at step 40 only through biases/, data: { cause: 'bias-only' } }],
    },
    {
      name: 'a NaN loss',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 2, losses: [1.1, 5, 80, null], nonFiniteLossStep: 3 })]),
      options: { minFitShare: 1 },
      issues: [{ message: /loss became NaN\/Inf at step 3/, hint: /lower the learning rate \(try 1e-4\)/, data: { cause: 'non-finite' } }],
    },
    {
      name: 'a rising loss',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: descending(1.1, 3, 400) })]),
      issues: [{ message: /loss rose 1\.1 → 3/, hint: /too high/, data: { cause: 'loss-rising' } }],
    },
    {
      name: 'zero gradients everywhere (output stuck)',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: new Array(17).fill(15.9), zero: new Array(17).fill([[1, 1], [1, 1]]), layerNorms: new Array(17).fill([0, 0]), predicted: new Array(17).fill(1), targetScores: new Array(17).fill(0) })]),
      issues: [{ message: /gradients exactly zero in every layer; output stuck \(always class 1/, hint: /softmax on one unit/, data: { cause: 'gradients-zero' } }],
    },
    {
      name: 'frozen layers',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: [1.1, 1.1, 1.1, 1.1, 1.1], trainableParameters: 0, layers: [] })]),
      issues: [{ message: /stopped after 4 steps.*every layer is frozen/, hint: /trainable: true/, data: { cause: 'frozen' } }],
    },
    {
      name: 'a slow fit that does not predict the class yet',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: 0, losses: descending(1.1, 0.6, 400) })]),
      issues: [{ message: /loss fell 1\.1 → 0\.6 but not to the target/, hint: /raise the learning rate \(try 0\.01\)/, data: { cause: 'too-slow' } }],
    },
    {
      name: 'a regression fit stuck at the floor of an output that cannot reach the target',
      artifacts: regressionRuns([...descending(16, 1.05, 100), ...new Array(301).fill(1)]),
      issues: [{ message: /^row 2 was not learned/ }],
    },
    {
      name: 'a regression target thousands away from the untrained output',
      artifacts: regressionRuns(descending(2.5e7, 2.49e7, 300)),
      issues: [{ message: /the untrained output is 5,?000 away from the target/, hint: /standardise the regression targets/ }],
    },
    {
      name: 'a regression fit that falls by less than 75 %',
      artifacts: regressionRuns(descending(30, 25, 400)),
      issues: [{ message: /^row 2 was not learned/ }],
    },
    {
      name: 'a regression example',
      artifacts: makeOverfitRuns([makeOverfitRun({ class: null, losses: descending(2, 1.9, 400) })], { taskKind: 'regression', encoding: 'regression', classes: null, classLabels: [] }),
      issues: [{ message: /^row 2 was not learned/ }],
    },
  ],
});
