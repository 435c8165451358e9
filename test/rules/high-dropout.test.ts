import { highDropout } from '../../src/rules/high-dropout.js';
import { testRule } from '../helpers/rule-tester.js';
import { mlp } from '../helpers/model-builders.js';

const withDropout = (rate: number, className = 'Dropout') => mlp(4, [{ units: 16, activation: 'relu' }, { className, rate }, { units: 3, activation: 'softmax' }]);

testRule(highDropout, {
  valid: [
    { name: 'dropout 0.2', artifacts: { Topology: withDropout(0.2) } },
    { name: 'dropout exactly 0.5', artifacts: { Topology: withDropout(0.5) }, onThreshold: true },
    { name: 'GRU with recurrentDropout 0.2', artifacts: { Topology: mlp(4, [{ className: 'GRU', units: 8, recurrentDropout: 0.2 }, { units: 3, activation: 'softmax' }]) } },
    { name: 'no dropout', artifacts: { Topology: mlp(4, [{ units: 3, activation: 'softmax' }]) } },
  ],
  invalid: [
    {
      name: 'dropout 0.8',
      artifacts: { Topology: withDropout(0.8) },
      issues: [{ message: /layer_1 drops 80% of its inputs on every step \(more than 0\.5\)/, hint: /0\.1–0\.3/, data: { maxRate: 0.5, layers: [{ layer: 'layer_1', rate: 0.8, option: 'rate' }] } }],
    },
    { name: 'SpatialDropout1D 0.6', artifacts: { Topology: withDropout(0.6, 'SpatialDropout1D') }, issues: [{ data: { layers: [{ layer: 'layer_1', rate: 0.6, option: 'rate' }] } }] },
    {
      name: 'LSTM with dropout and recurrentDropout 0.9',
      artifacts: { Topology: mlp(4, [{ className: 'LSTM', units: 8, dropout: 0.9, recurrentDropout: 0.9 }, { units: 3, activation: 'softmax' }]) },
      issues: [{ message: /layer_0 drops 90% of its inputs, layer_0 drops 90% of its recurrent state on every step/, hint: /dropout of layer_0, recurrentDropout of layer_0/, data: { layers: [{ layer: 'layer_0', rate: 0.9, option: 'dropout' }, { layer: 'layer_0', rate: 0.9, option: 'recurrentDropout' }] } }],
    },
    { name: 'dropout 0.4 with maxRate 0.3', artifacts: { Topology: withDropout(0.4) }, options: { maxRate: 0.3 }, issues: [{ data: { maxRate: 0.3 } }] },
  ],
});
