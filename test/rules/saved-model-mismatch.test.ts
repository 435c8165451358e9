import { savedModelMismatch } from '../../src/rules/saved-model-mismatch.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeActivations, makeInputDependence, makeLayerActivity, makePredictions, makeSplit } from '../helpers/prediction-builders.js';
import { makeOverfitRun, makeOverfitRuns } from '../helpers/overfit-builders.js';

/** 3 classes × 100 training rows, `right` of each class predicted correctly, the rest spread over the other two. */
const saved = (right: number) => makePredictions(makeSplit([0, 1, 2].map((c) => [0, 1, 2].map((p) => (p === c ? right : (100 - right) / 2)))));
const probe = (accuracy: number) => makeInputDependence({ loss: 0.3, accuracy }, { loss: 1.1, accuracy: 0.34 });

testRule(savedModelMismatch, {
  valid: [
    { name: 'a healthy saved model above its probe', artifacts: { Predictions: saved(96), InputDependence: probe(0.9) } },
    { name: 'a saved model exactly minGap below the probe', artifacts: { Predictions: saved(60), InputDependence: probe(0.9) }, onThreshold: true },
    { name: 'a hard task the probe cannot learn either', artifacts: { Predictions: saved(40), InputDependence: probe(0.6) } },
    {
      name: 'a model that never learned (dead units: the same output for every row)',
      artifacts: { Predictions: makePredictions({ ...makeSplit([[100, 0, 0], [100, 0, 0], [100, 0, 0]]), outputSpread: 0 }), InputDependence: probe(0.95) },
    },
    {
      name: 'saved weights that cannot learn one example (overfit-one from the saved start failed)',
      artifacts: { Predictions: saved(46), InputDependence: probe(0.9), ...makeOverfitRuns([makeOverfitRun({ start: 'saved', losses: [1.2, 1.2, 1.2] }), makeOverfitRun({ start: 'fresh', losses: [1.1, 0.2], fittedAtStep: 1 })]) },
    },
    {
      name: 'a ReLU layer mostly dead',
      artifacts: { Predictions: saved(46), InputDependence: probe(0.9), HiddenActivations: makeActivations(makeLayerActivity({ activeShare: [0, 0, 0, 0.5] })) },
    },
    {
      name: 'more classes in the labels than output units (output-units-mismatch reports it)',
      artifacts: { Predictions: { ...saved(46), outputUnits: 2 }, InputDependence: probe(0.9) },
    },
    {
      name: 'a saturated model whose outputs barely vary',
      artifacts: { Predictions: makePredictions({ ...makeSplit([[20, 40, 40], [40, 20, 40], [40, 40, 20]]), outputSpread: 0.04 }), InputDependence: probe(0.9) },
    },
    {
      name: 'classes renamed (class-order-mismatch reports it)',
      artifacts: { Predictions: makePredictions(makeSplit([[2, 96, 2], [2, 2, 96], [96, 2, 2]])), InputDependence: probe(0.95) },
    },
  ],
  invalid: [
    {
      name: 'CSV columns in another order than the model was trained on',
      artifacts: { Predictions: saved(46), InputDependence: probe(0.906) },
      issues: [{
        message: /the saved model is right on 46\.0% of the 300 rows of train\.csv, the data it was presumably trained on, while a fresh copy trained for 80 steps on 120 of those rows is right on 90\.6% of held-out ones: it was trained on other inputs/,
        hint: /columns in the order, scaling and encoding/,
        data: { savedAccuracy: 0.46, probeAccuracy: 0.906, gap: 0.446, minGap: 0.3, minProbeAccuracy: 0.7, rows: 300 },
      }],
    },
  ],
});
