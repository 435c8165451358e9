import { learningRateTooLow } from '../../src/rules/learning-rate-too-low.js';
import { testRule } from '../helpers/rule-tester.js';
import { makeSettings } from '../helpers/builders.js';
import type { TrainingSettings } from '../../src/gather/artifacts.js';

const lr = (optimizer: string, learningRate: number, from: TrainingSettings['sources']['learningRate'] = 'model.json'): TrainingSettings => {
  const settings = makeSettings({ optimizer, learningRate });
  settings.sources = { ...settings.sources, learningRate: from };
  return settings;
};

testRule(learningRateTooLow, {
  valid: [
    { name: 'adam 1e-3', artifacts: { TrainingSettings: lr('adam', 1e-3) } },
    { name: 'adam 3e-4', artifacts: { TrainingSettings: lr('adam', 3e-4) } },
    { name: 'adam 1e-4', artifacts: { TrainingSettings: lr('adam', 1e-4) } },
    { name: 'adam 3e-5', artifacts: { TrainingSettings: lr('adam', 3e-5) } },
    { name: 'adam 2e-5 (exactly 50× below)', artifacts: { TrainingSettings: lr('adam', 2e-5) }, onThreshold: true },
    { name: 'sgd 2e-4 (exactly 50× below)', artifacts: { TrainingSettings: lr('sgd', 2e-4) }, onThreshold: true },
    { name: 'adadelta 1.0', artifacts: { TrainingSettings: lr('adadelta', 1.0) } },
    { name: 'an unknown optimizer at 1e-9', artifacts: { TrainingSettings: lr('ftrl', 1e-9) } },
  ],
  invalid: [
    {
      name: 'adam 1e-7 in the saved model',
      artifacts: { TrainingSettings: lr('adam', 1e-7) },
      issues: [{ message: /learning rate 1\.00e-7 \(from model\.json\) is 10000× below adam's usual 0\.001/, hint: /learningRate 0\.001/, data: { factor: 10000, from: 'model.json' } }],
    },
    { name: 'adam 1e-5', artifacts: { TrainingSettings: lr('adam', 1e-5) }, issues: [{ message: /100× below/, data: { factor: 100, minFactor: 50 } }] },
    { name: 'sgd 1e-4', artifacts: { TrainingSettings: lr('sgd', 1e-4) }, issues: [{ data: { factor: 100 } }] },
    { name: 'sgd 1e-6', artifacts: { TrainingSettings: lr('sgd', 1e-6) }, issues: [{ data: { typical: 0.01 } }] },
    { name: 'adadelta 1e-3', artifacts: { TrainingSettings: lr('adadelta', 1e-3) }, issues: [{ data: { factor: 1000 } }] },
    { name: 'a rate of 0', artifacts: { TrainingSettings: lr('adam', 0, 'nndoctor.json') }, issues: [{ message: /never moves the weights/, data: { learningRate: 0, from: 'nndoctor.json' } }] },
    { name: 'a negative rate', artifacts: { TrainingSettings: lr('sgd', -0.01, 'flag') }, issues: [{ message: /negative/, hint: /0\.01/ }] },
    { name: 'a negative rate for an unknown optimizer', artifacts: { TrainingSettings: lr('ftrl', -1) }, issues: [{ message: /negative/ }] },
    { name: 'adam 1e-4 with minFactor 5', artifacts: { TrainingSettings: lr('adam', 1e-4) }, options: { minFactor: 5 }, issues: [{ data: { minFactor: 5 } }] },
  ],
});
