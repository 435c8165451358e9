import { saturatedActivations } from '../../src/rules/saturated-activations.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeActivations, makeLayerActivity } from '../helpers/prediction-builders.js';

const shares = (pinned: number, free: number): number[] => [...new Array<number>(pinned).fill(0.99), ...new Array<number>(free).fill(0.1)];

testRule(saturatedActivations, {
  valid: [
    { name: 'a healthy sigmoid layer', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ saturatedShare: shares(1, 15) })) } },
    { name: 'exactly half the units pinned (maxSaturatedShare 0.5)', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ saturatedShare: shares(4, 4) })) }, onThreshold: true },
    { name: 'units pinned on exactly 90 % of rows (minPinnedShare 0.9)', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ saturatedShare: new Array<number>(8).fill(0.9) })) }, onThreshold: true },
    { name: 'ReLU layers', artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activeShare: [0, 0, 0] })) } },
  ],
  invalid: [
    {
      name: 'every sigmoid unit pinned',
      artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ saturatedShare: shares(16, 0) })) },
      issues: [{ message: /16 of 16 sigmoid units of dense_1 sit at their limits/, hint: /scale the inputs/, data: { saturated: 16, saturatedShare: 1 } }],
    },
    {
      name: 'a tanh layer, 5 of 8 pinned',
      artifacts: { HiddenActivations: makeActivations(makeLayerActivity({ activation: 'tanh', saturatedShare: shares(5, 3) })) },
      issues: [{ message: /5 of 8 tanh units/ }],
    },
  ],
});
