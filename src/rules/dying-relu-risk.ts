/** Flags ReLU layers set up to die: negative bias initialisation, or so narrow that one dead unit cuts the signal. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num } from './support/format.js';
import { consumersOf, effectiveActivation, hiddenWeightLayers } from './support/model.js';

export const dyingReluRisk = defineRule({
  meta: {
    id: 'dying-relu-risk',
    category: 'model',
    defaultSeverity: 'warn',
    title: 'ReLU layers are set up to stay alive',
    failureTitle: 'ReLU layers are at risk of dying',
    docs: {
      what: 'For hidden ReLU layers (activation relu/relu6, or a ReLU/Activation layer after a linear one): a constant bias initializer below `minBias`, or fewer than `minUnits` units. (A learning rate far above the optimizer\'s range, the other classic cause, is learning-rate-too-high; dead units on real data are dead-units.)',
      why: 'A ReLU unit whose pre-activation is negative for every input outputs 0 and gets zero gradient, so it never recovers. A negative bias start pushes units there: with He-initialised weights and standardised inputs the pre-activation has a spread of about 1, so a bias of −0.5 already silences ~70 % of inputs and −1 ~84 %. Default `minBias` −0.5 (fires below it; zero or small positive biases such as 0.01 are the usual starts). A layer of 1–2 ReLU units after another ReLU layer (non-negative inputs) is born dead with probability about 2^−fanIn per unit and a single dead unit cuts the signal to everything after it (Lu et al. 2019, "Dying ReLU and initialization"): default `minUnits` 3.',
      fix: 'Use biasInitializer "zeros" (the default), widen narrow ReLU layers (≥ 8 units is cheap), or use leakyReLU/elu for bottlenecks; keep the learning rate in range.',
    },
    needs: ['Topology'],
    optionsSchema: z.object({ minBias: z.number(), minUnits: z.number().int().min(1) }).strict(),
    defaultOptions: { minBias: -0.5, minUnits: 3 },
  },
  judge({ Topology }, { minBias, minUnits }) {
    const consumers = consumersOf(Topology);
    const relu = hiddenWeightLayers(Topology).filter((l) => /^relu6?$/.test(effectiveActivation(l, consumers)));
    const negative = relu.filter((l) => /^constant$/i.test(l.biasInitializer ?? '') && typeof l.biasInitializerValue === 'number' && l.biasInitializerValue < minBias);
    const narrow = relu.filter((l) => l.units !== undefined && l.units < minUnits);
    const issues: Issue[] = [];
    if (negative.length > 0) {
      issues.push({
        message: `ReLU layer${negative.length === 1 ? '' : 's'} ${negative.map((l) => `${l.name} (bias starts at ${num(l.biasInitializerValue!)})`).join(', ')} start${negative.length === 1 ? 's' : ''} with a bias below ${minBias}: most units output 0 and get no gradient`,
        hint: 'use biasInitializer "zeros" (the default) on ReLU layers',
        data: { minBias, layers: negative.map((l) => ({ layer: l.name, bias: l.biasInitializerValue! })) },
      });
    }
    if (narrow.length > 0) {
      issues.push({
        message: `ReLU layer${narrow.length === 1 ? '' : 's'} ${narrow.map((l) => `${l.name} (${l.units} unit${l.units === 1 ? '' : 's'})`).join(', ')} ${narrow.length === 1 ? 'has' : 'have'} fewer than ${minUnits} units: one dead unit cuts the signal to every later layer`,
        hint: 'widen the layer (e.g. units: 8) or use activation "leakyRelu"/"elu" there',
        data: { minUnits, layers: narrow.map((l) => ({ layer: l.name, units: l.units! })) },
      });
    }
    return issues;
  },
});
