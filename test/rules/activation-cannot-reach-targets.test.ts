import { activationCannotReachTargets } from '../../src/rules/activation-cannot-reach-targets.js';
import { testRule } from '../helpers/rule-tester.js';
import { classLabels, mlp, multiColumnTargets, regressionTargets } from '../helpers/model-builders.js';

const out = (activation: string, units = 1) => mlp(5, [{ units: 8, activation: 'tanh' }, { units, activation }]);

testRule(activationCannotReachTargets, {
  valid: [
    { name: 'standardised targets under a linear output', artifacts: { Topology: out('linear'), LabelCounts: regressionTargets(-2.7, 3.1) } },
    { name: 'targets in [−1, 1] under tanh', artifacts: { Topology: out('tanh'), LabelCounts: regressionTargets(-1, 1) } },
    { name: 'targets in [0, 1] under sigmoid', artifacts: { Topology: out('sigmoid'), LabelCounts: regressionTargets(0, 1) } },
    { name: 'targets overshooting 1 by exactly the 0.001 tolerance', artifacts: { Topology: out('sigmoid'), LabelCounts: regressionTargets(0, 1.001) }, onThreshold: true },
    { name: 'non-negative targets under ReLU', artifacts: { Topology: out('relu'), LabelCounts: regressionTargets(0, 250) } },
    { name: 'class indices 0..2 under a 3-unit softmax (indices, not values)', artifacts: { Topology: out('softmax', 3), LabelCounts: classLabels() } },
    { name: 'binary labels 0/1 under one sigmoid unit', artifacts: { Topology: out('sigmoid'), LabelCounts: classLabels({ 0: 10, 1: 10 }) } },
    { name: 'multi-label 0/1 columns under sigmoid', artifacts: { Topology: out('sigmoid', 3), LabelCounts: multiColumnTargets(['a', 'b', 'c'], 30, 10) } },
  ],
  invalid: [
    {
      name: 'negative targets under sigmoid',
      artifacts: { Topology: out('sigmoid'), LabelCounts: regressionTargets(-2.5, 2.5) },
      issues: [{ message: /range -2\.5\.\.2\.5 but the sigmoid output .* \[0, 1\]/, hint: /linear/, data: { targetMin: -2.5, rangeMin: 0, rangeMax: 1 } }],
    },
    {
      name: 'negative targets under ReLU',
      artifacts: { Topology: out('relu'), LabelCounts: regressionTargets(-1.2, 4) },
      issues: [{ data: { activation: 'relu', rangeMax: null } }],
    },
    {
      name: 'targets up to 5 under tanh',
      artifacts: { Topology: out('tanh'), LabelCounts: regressionTargets(-1, 5) },
      issues: [{ hint: /above 1/, data: { targetMax: 5 } }],
    },
    {
      name: 'labels −1/1 under one sigmoid unit',
      artifacts: { Topology: out('sigmoid'), LabelCounts: classLabels({ '-1': 10, 1: 10 }) },
      issues: [{ hint: /−1\/\+1 class codes: write them as 0\/1 \(−1 → 0\) for a sigmoid output/, data: { targetMin: -1 } }],
    },
    {
      name: 'targets at 1.0011 under sigmoid',
      artifacts: { Topology: out('sigmoid'), LabelCounts: regressionTargets(0, 1.0011) },
      issues: [{ data: { tolerance: 0.001 } }],
    },
  ],
});
