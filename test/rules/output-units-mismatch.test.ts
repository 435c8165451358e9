import { outputUnitsMismatch } from '../../src/rules/output-units-mismatch.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeLabelCounts, makeLabelTable } from '../helpers/builders.js';
import { classLabels, mlp, multiColumnTargets, regressionTargets } from '../helpers/model-builders.js';

const softmax = (units: number) => mlp(4, [{ units: 8, activation: 'relu' }, { units, activation: 'softmax' }]);

testRule(outputUnitsMismatch, {
  noThreshold: true,
  valid: [
    // The labels need renumbering, not the output layer: label-out-of-range reports it with the mapping.
    { name: 'labels 1..10 (1-based) with 10 units', artifacts: { Topology: softmax(10), LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 10 }, (_, i) => [String(i + 1), 10]))) } },
    { name: 'labels 2 and 4 with one sigmoid unit', artifacts: { Topology: mlp(4, [{ units: 1, activation: 'sigmoid' }]), LabelCounts: makeLabelCounts({ 2: 5, 4: 3 }) } },
    { name: 'iris with 3 softmax units', artifacts: { Topology: softmax(3), LabelCounts: classLabels() } },
    { name: 'binary labels with one sigmoid unit', artifacts: { Topology: mlp(4, [{ units: 1, activation: 'sigmoid' }]), LabelCounts: classLabels({ 0: 60, 1: 40 }) } },
    { name: 'a regression target with one linear unit', artifacts: { Topology: mlp(5, [{ units: 8, activation: 'tanh' }, { units: 1 }]), LabelCounts: regressionTargets(-2.5, 2.5) } },
    { name: 'three multi-label columns with 3 sigmoid units', artifacts: { Topology: mlp(5, [{ units: 3, activation: 'sigmoid' }]), LabelCounts: multiColumnTargets(['y0', 'y1', 'y2'], 300, 120) } },
    { name: 'text labels (3 species) with 3 units', artifacts: { Topology: softmax(3), LabelCounts: makeLabelCounts({ setosa: 50, versicolor: 50, virginica: 50 }) } },
    {
      name: 'a continuous target under a 4-unit softmax (no class count follows; label-out-of-range reports it)',
      artifacts: { Topology: softmax(4), LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 60 }, (_, i) => [String(i / 7 - 3), 2]))) },
    },
    { name: 'a model without known output units', artifacts: { Topology: mlp(4, [{ units: 3 }], { outputUnits: null }), LabelCounts: classLabels() } },
  ],
  invalid: [
    {
      name: 'iris (3 classes) with 2 softmax units',
      artifacts: { Topology: softmax(2), LabelCounts: classLabels() },
      issues: [{ message: /has 2 units but the targets need 3/, hint: /3 units/, data: { outputUnits: 2, needed: 3 } }],
    },
    {
      name: 'labels 1..11 (1-based) with 10 units: more label values than units',
      artifacts: { Topology: softmax(10), LabelCounts: makeLabelCounts(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String(i + 1), 10]))) },
      issues: [{ message: /need 12/, hint: /1-based/, data: { needed: 12 } }],
    },
    {
      name: 'more units than classes',
      artifacts: { Topology: softmax(10), LabelCounts: classLabels() },
      issues: [{ data: { outputUnits: 10, needed: 3 } }],
    },
    {
      name: '--classes 5 with 3 units',
      artifacts: { Topology: softmax(3), LabelCounts: makeLabelCounts({ 0: 5, 1: 5, 2: 5 }, { expectedClasses: { count: 5, from: 'flag' } }) },
      issues: [{ message: /--classes/, data: { needed: 5 } }],
    },
    {
      name: 'one-hot targets in 4 columns with 3 units',
      artifacts: { Topology: softmax(3), LabelCounts: multiColumnTargets(['a', 'b', 'c', 'd'], 100, 0) },
      issues: [{ message: /4 target columns/, data: { needed: 4 } }],
    },
    {
      name: 'a single regression target with 3 output units',
      artifacts: { Topology: mlp(5, [{ units: 3 }]), LabelCounts: { train: makeLabelTable({ '0.5': 10, '1.5': 10 }), task: { kind: 'regression', classes: null, reason: 'test' } } },
      issues: [{ data: { outputUnits: 3, needed: 1 } }],
    },
  ],
});
