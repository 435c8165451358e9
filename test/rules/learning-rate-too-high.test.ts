import { learningRateTooHigh } from '../../src/rules/learning-rate-too-high.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeSettings } from '../helpers/builders.js';
import type { TrainingSettings } from '../../src/gather/artifacts.js';

const lr = (optimizer: string, learningRate: number, from: TrainingSettings['sources']['learningRate'] = 'model.json'): TrainingSettings => {
  const settings = makeSettings({ optimizer, learningRate });
  settings.sources = { ...settings.sources, learningRate: from };
  return settings;
};

testRule(learningRateTooHigh, {
  valid: [
    { name: 'adam 1e-3', artifacts: { TrainingSettings: lr('adam', 1e-3) } },
    { name: 'adam 3e-4', artifacts: { TrainingSettings: lr('adam', 3e-4) } },
    { name: 'adam 3e-3', artifacts: { TrainingSettings: lr('adam', 3e-3) } },
    { name: 'adam 2e-2 (exactly 20×)', artifacts: { TrainingSettings: lr('adam', 2e-2) }, onThreshold: true },
    { name: 'sgd 0.2 (exactly 20×)', artifacts: { TrainingSettings: lr('sgd', 0.2) }, onThreshold: true },
    { name: 'momentum 0.05', artifacts: { TrainingSettings: lr('momentum', 0.05) } },
    { name: 'sgd 0.01 with momentum 0.9 (the usual pair)', artifacts: { TrainingSettings: { ...lr('sgd', 0.01), momentum: 0.9 } } },
    { name: 'sgd 0.02 with momentum 0.99 (exactly 20× at that momentum)', artifacts: { TrainingSettings: { ...lr('sgd', 0.02), momentum: 0.99 } }, onThreshold: true },
    { name: 'rmsprop 1e-3', artifacts: { TrainingSettings: lr('rmsprop', 1e-3) } },
    { name: 'adagrad 0.1', artifacts: { TrainingSettings: lr('adagrad', 0.1) } },
    { name: 'adadelta 1.0', artifacts: { TrainingSettings: lr('adadelta', 1.0) } },
    { name: 'an unknown optimizer at 5', artifacts: { TrainingSettings: lr('ftrl', 5) } },
    { name: 'a negative rate (learning-rate-too-low reports it)', artifacts: { TrainingSettings: lr('adam', -1) } },
  ],
  invalid: [
    {
      name: 'sgd 0.05 with momentum 0.999: steps 100× those of momentum 0.9',
      artifacts: { TrainingSettings: { ...lr('sgd', 0.05, 'nndoctor.json'), momentum: 0.999 } },
      issues: [{
        message: /learning rate 0\.05 with momentum 0\.999 \(from nndoctor\.json\) takes steps 100× larger than with the usual momentum 0\.9: 500× sgd's usual 0\.01 at that momentum/,
        hint: /use momentum 0\.9 with learningRate 0\.01, or keep momentum 0\.999 and lower learningRate to 1(\.00)?e-4/,
        data: { optimizer: 'sgd', learningRate: 0.05, momentum: 0.999, momentumFactor: 100, factor: 500, maxFactor: 20 },
      }],
    },
    {
      name: 'adam 0.5 from nndoctor.json',
      artifacts: { TrainingSettings: lr('adam', 0.5, 'nndoctor.json') },
      issues: [{ message: /learning rate 0\.5 \(from nndoctor\.json\) is 500× adam's usual 0\.001/, hint: /learningRate 0\.001/, data: { factor: 500, typical: 0.001, from: 'nndoctor.json' } }],
    },
    { name: 'adam 0.021', artifacts: { TrainingSettings: lr('adam', 0.021) }, issues: [{ data: { factor: 21 } }] },
    { name: 'sgd 1.0', artifacts: { TrainingSettings: lr('sgd', 1.0, 'flag') }, issues: [{ data: { typical: 0.01, factor: 100 } }] },
    { name: 'rmsprop 0.1', artifacts: { TrainingSettings: lr('rmsprop', 0.1) }, issues: [{ data: { factor: 100 } }] },
    { name: 'adadelta 25', artifacts: { TrainingSettings: lr('adadelta', 25) }, issues: [{ data: { factor: 25 } }] },
    { name: 'adam 3e-3 with maxFactor 2', artifacts: { TrainingSettings: lr('adam', 3e-3) }, options: { maxFactor: 2 }, issues: [{ data: { maxFactor: 2 } }] },
  ],
});
