/** Flags ReLU layers set up to die: negative biases, a learning rate far too high, or so narrow that one dead unit cuts the signal. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num, round } from './support/format.js';
import { consumersOf, effectiveActivation, hiddenWeightLayers, typicalLearningRate } from './support/model.js';

export const dyingReluRisk = defineRule({
  meta: {
    id: 'dying-relu-risk',
    category: 'model',
    defaultSeverity: 'warn',
    title: 'ReLU layers are set up to stay alive',
    failureTitle: 'ReLU layers are at risk of dying',
    docs: {
      what: 'For hidden ReLU layers (activation relu/relu6, or a ReLU/Activation layer after a linear one): a constant bias initializer below `minBias`; saved biases that are all below 4 × `minBias` times the pre-activation spread (√fanIn × RMS of the saved kernel, at least 1; −2 spreads by default, where a unit is silent for ~98 % of standardised inputs); a learning rate more than `maxLrFactor` times the optimizer\'s usual rate; or fewer than `minUnits` units. (Dead units on the real data are dead-units.)',
      why: 'A ReLU unit whose pre-activation is negative for every input outputs 0 and gets zero gradient, so it never recovers. A negative bias start pushes units there: with He-initialised weights and standardised inputs the pre-activation has a spread of about 1, so a bias of −0.5 already silences ~70 % of inputs and −1 ~84 %. Default `minBias` −0.5 (fires below it; zero or small positive biases such as 0.01 are the usual starts). A large step can push a unit\'s bias far negative in one update, the classic way ReLU networks die in their first steps: default `maxLrFactor` 20, the same bar as learning-rate-too-high (Adam 2e-2 and SGD 0.2 pass). A layer of 1–2 ReLU units after another ReLU layer (non-negative inputs) is born dead with probability about 2^−fanIn per unit and a single dead unit cuts the signal to everything after it (Lu et al. 2019, "Dying ReLU and initialization"): default `minUnits` 3.',
      fix: 'Use biasInitializer "zeros" (the default), widen narrow ReLU layers (≥ 8 units is cheap), or use leakyReLU/elu for bottlenecks; keep the learning rate in range.',
    },
    needs: ['Topology', 'TrainingSettings'],
    optionsSchema: z.object({ minBias: z.number(), minUnits: z.number().int().min(1), maxLrFactor: z.number().min(1) }).strict(),
    defaultOptions: { minBias: -0.5, minUnits: 3, maxLrFactor: 20 },
  },
  judge({ Topology, TrainingSettings }, { minBias, minUnits, maxLrFactor }) {
    const consumers = consumersOf(Topology);
    const relu = hiddenWeightLayers(Topology).filter((l) => /^relu6?$/.test(effectiveActivation(l, consumers)));
    const negative = relu.filter((l) => /^constant$/i.test(l.biasInitializer ?? '') && typeof l.biasInitializerValue === 'number' && l.biasInitializerValue < minBias);
    const declaredNames = new Set(negative.map((l) => l.name));
    const saved = relu.flatMap((l) => {
      if (declaredNames.has(l.name)) return [];
      const bias = Topology.savedBiases?.find((b) => b.layer === l.name);
      const kernel = Topology.savedKernels.find((k) => k.layer === l.name);
      if (!bias || !kernel || kernel.shape.length < 2) return [];
      // Pre-activation spread for unit-variance inputs: sqrt(fanIn) × RMS of the kernel; a bias is only "very
      // negative" relative to that, so trained layers with large weights are not flagged.
      const fanIn = kernel.shape.slice(0, -1).reduce((a, b) => a * b, 1);
      const spread = Math.sqrt(fanIn) * Math.sqrt(kernel.std ** 2 + kernel.mean ** 2);
      // Saved weights may be trained, so the bar is 4× stricter than for a declared start: with the default −0.5 a
      // unit must sit 2 spreads below zero (silent for ~98 % of inputs), for every unit of the layer.
      const limit = 4 * minBias * Math.max(1, spread);
      return bias.max < limit ? [{ layer: l.name, maxBias: bias.max, limit }] : [];
    });
    const narrow = relu.filter((l) => l.units !== undefined && l.units < minUnits);
    const issues: Issue[] = [];
    if (negative.length > 0) {
      issues.push({
        message: `ReLU layer${negative.length === 1 ? '' : 's'} ${negative.map((l) => `${l.name} (bias starts at ${num(l.biasInitializerValue!)})`).join(', ')} start${negative.length === 1 ? 's' : ''} with a bias below ${minBias}: most units output 0 and get no gradient`,
        hint: 'use biasInitializer "zeros" (the default) on ReLU layers',
        data: { minBias, layers: negative.map((l) => ({ layer: l.name, bias: l.biasInitializerValue! })) },
      });
    }
    if (saved.length > 0) {
      issues.push({
        message: `every saved bias of ReLU layer${saved.length === 1 ? '' : 's'} ${saved.map((s) => `${s.layer} (at most ${num(s.maxBias)})`).join(', ')} is far below zero: the units output 0 for typical inputs and get no gradient`,
        hint: 're-initialise those biases to zeros (or retrain with a lower learning rate); see dead-units for the units that are dead on the data',
        data: { minBias, layers: saved.map((s) => ({ layer: s.layer, maxBias: round(s.maxBias), limit: round(s.limit) })) },
      });
    }
    const { optimizer, learningRate } = TrainingSettings;
    const typical = typicalLearningRate(optimizer);
    const factor = typical !== undefined ? learningRate / typical : 0;
    // Same relative epsilon as learning-rate-too-high, so a rate exactly on the threshold passes.
    if (relu.length > 0 && factor > maxLrFactor * (1 + 1e-9)) {
      issues.push({
        message: `${relu.length} ReLU layer${relu.length === 1 ? '' : 's'} (${relu.map((l) => l.name).join(', ')}) trained at learning rate ${num(learningRate)}, ${num(factor)}× ${optimizer}'s usual ${num(typical!)}: one large step can push units into the dead region for good`,
        hint: `lower the learning rate to about ${num(typical!)}, or use activation "leakyRelu"/"elu"`,
        data: { learningRate, optimizer, typical: typical!, factor: round(factor), maxLrFactor, layers: relu.map((l) => l.name) },
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
