import { deadUnits } from '../../src/rules/dead-units.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeActivations, makeLayerActivity } from '../helpers/prediction-builders.js';

const shares = (dead: number, alive: number): number[] => [...new Array<number>(dead).fill(0), ...new Array<number>(alive).fill(0.4)];

testRule(deadUnits, {
  valid: [
    { name: 'a healthy layer (1 of 16 dead)', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: shares(1, 15) })) } },
    { name: 'exactly half of a layer dead (maxDeadShare 0.5)', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: shares(8, 8) })) }, onThreshold: true },
    { name: 'rarely active units (alive, just sparse)', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: new Array<number>(8).fill(0.01) })) } },
    { name: 'sigmoid layers (not ReLU)', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ saturatedShare: [1, 1, 1] })) } },
    { name: 'a model without hidden ReLU layers', artifacts: { HiddenActivations: makeActivations() } },
  ],
  invalid: [
    {
      name: 'a layer whose units are all dead',
      artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: shares(16, 0) })) },
      issues: [{ message: /all 16 units of dense_1 \(relu\) are dead .* every row gets the same prediction/, hint: /learning rate/, data: { dead: 16, units: 16, allDead: true } }],
    },
    {
      name: '9 of 16 dead',
      artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: shares(9, 7) })) },
      issues: [{ message: /9 of 16 units of dense_1 .* never activate/, data: { deadShare: 0.5625, allDead: false } }],
    },
    {
      name: 'the second layer only, with a stricter maxDeadShare',
      options: { maxDeadShare: 0.2 },
      artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: shares(1, 9) }), makeLayerActivity({ layer: 'dense_2', activeShare: shares(3, 5) })) },
      issues: [{ data: { layer: 'dense_2', dead: 3 } }],
    },
  ],
});
