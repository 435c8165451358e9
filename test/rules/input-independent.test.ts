import { inputIndependent } from '../../src/rules/input-independent.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeInputDependence } from '../helpers/prediction-builders.js';
import { mlp } from '../helpers/model-builders.js';

testRule(inputIndependent, {
  valid: [
    { name: 'iris: real inputs cut the loss from 1.10 to 0.25', artifacts: { InputDependence: makeInputDependence({ loss: 0.25, accuracy: 0.93 }, { loss: 1.1, accuracy: 0.33 }) } },
    { name: 'a 5 % improvement exactly (minImprovement 0.05)', artifacts: { InputDependence: makeInputDependence({ loss: 0.95 }, { loss: 1 }) }, onThreshold: true },
    { name: 'weakly informative features (8 % better than zeros)', artifacts: { InputDependence: makeInputDependence({ loss: 0.92 }, { loss: 1 }) } },
    { name: 'an overfitted probe: worse loss but 63 % vs 50 % accuracy (inputs help)', artifacts: { InputDependence: { ...makeInputDependence({ loss: 1.09, accuracy: 0.633 }, { loss: 0.693, accuracy: 0.5 }), majorityShare: 0.5 } } },
    {
      name: 'saturated outputs: loss unchanged but 91 % vs 25 % accurate on 208 held-out rows',
      artifacts: { InputDependence: makeInputDependence({ loss: 1.3948, accuracy: 0.913 }, { loss: 1.3863, accuracy: 0.25 }, { evalRows: 208, majorityShare: 0.25 }) },
    },
    {
      name: 'heavy dropout: the loss falls 4 % but accuracy rises from 20 % to 52 % on 300 rows',
      artifacts: { InputDependence: makeInputDependence({ loss: 1.5423, accuracy: 0.52 }, { loss: 1.6095, accuracy: 0.2 }, { evalRows: 300, majorityShare: 0.2 }) },
    },
    { name: 'a regression probe that blew up (loss 8333 vs 0.98): inconclusive', artifacts: { InputDependence: makeInputDependence({ loss: 8332.7 }, { loss: 0.98182 }, { evalRows: 240, majorityShare: null }) } },
    { name: 'not applicable (too few rows)', artifacts: { InputDependence: { ...makeInputDependence({ loss: 1 }, { loss: 1 }), applicable: false } } },
  ],
  invalid: [
    {
      name: 'shuffled labels: the real inputs do no better than zeros',
      artifacts: { InputDependence: makeInputDependence({ loss: 1.13, accuracy: 0.3 }, { loss: 1.1, accuracy: 0.33 }) },
      issues: [{ message: /held-out loss is 1\.13 with the real inputs and 1\.1 with all-zero inputs \(accuracy 30\.0% vs 33\.0%\): the inputs do not help at all/, hint: /aligned/, data: { improvement: -0.02727, minImprovement: 0.05 } }],
    },
    {
      name: 'a linear model (logistic regression) on classes that are not linearly separable',
      artifacts: { InputDependence: makeInputDependence({ loss: 0.7, accuracy: 0.45 }, { loss: 0.693, accuracy: 0.5 }), Topology: mlp(2, [{ units: 2, activation: 'softmax' }]) },
      issues: [{ hint: /no non-linear hidden layer, so it can only draw straight class boundaries/ }],
    },
    {
      name: 'an MLP with a ReLU hidden layer keeps the alignment hint',
      artifacts: { InputDependence: makeInputDependence({ loss: 1.13 }, { loss: 1.1 }), Topology: mlp(4, [{ units: 8, activation: 'relu' }, { units: 3, activation: 'softmax' }]) },
      issues: [{ hint: /^check that labels are aligned/ }],
    },
    {
      name: 'shuffled labels whose 21 held-out rows happen to be 48 % vs 33 % accurate (loss unchanged)',
      artifacts: { InputDependence: { ...makeInputDependence({ loss: 1.07, accuracy: 0.476 }, { loss: 1.0986, accuracy: 0.333 }), majorityShare: 0.333 } },
      issues: [{ message: /cut the loss by only 2\.6%/ }],
    },
    {
      name: 'an 8 % improvement with a stricter minImprovement 0.1',
      options: { minImprovement: 0.1 },
      artifacts: { InputDependence: makeInputDependence({ loss: 0.92 }, { loss: 1 }) },
      issues: [{ message: /cut the loss by only 8\.0%/ }],
    },
    {
      name: 'a 3 % improvement',
      artifacts: { InputDependence: makeInputDependence({ loss: 0.97 }, { loss: 1 }) },
      issues: [{ message: /cut the loss by only 3\.0%/ }],
    },
    {
      name: 'a softmax over one unit: identical losses',
      artifacts: { InputDependence: makeInputDependence({ loss: 7.97, accuracy: 0.5 }, { loss: 7.97, accuracy: 0.5 }) },
      issues: [{ data: { improvement: 0 } }],
    },
  ],
});
