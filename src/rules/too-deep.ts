/** Flags long plain stacks (no normalisation, no skip connections), above all of saturating activations. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { consumersOf, effectiveActivation, hiddenWeightLayers, isNormalisationOrSkip, isRecurrent, isWeightLayer, SATURATING } from './support/model.js';

export const tooDeep = defineRule({
  meta: {
    id: 'too-deep',
    category: 'model',
    defaultSeverity: 'warn',
    title: 'Depth is trainable',
    failureTitle: 'A deep plain stack that is hard to train',
    docs: {
      what: 'In a model without normalisation layers (BatchNormalization, LayerNormalization) and without skip connections (Add, Concatenate): counts hidden weight layers with saturating activations (sigmoid, tanh, hard sigmoid, softsign; recurrent layers excluded), and all weight layers.',
      why: 'Each sigmoid multiplies the backward signal by at most 0.25 and each saturated tanh by almost 0, so gradients reaching the first layers of a plain saturating stack vanish (Glorot & Bengio 2010 saw deep sigmoid nets stall with only 4–5 hidden layers); even ReLU stacks without normalisation or skips train worse as they grow (He et al. 2016: a 56-layer plain net is worse than a 20-layer one). Default `maxSaturatingLayers` 5: up to five sigmoid/tanh hidden layers with Glorot initialisation still train on small data; beyond that, start simpler. Default `maxPlainLayers` 20: VGG-19 (19 weight layers, no normalisation) is about the deepest plain network known to train.',
      fix: 'Start with 1–2 hidden layers and grow only if learning-curve shows high bias; use ReLU instead of sigmoid/tanh in hidden layers; add BatchNormalization between layers or residual (Add) connections for deep models.',
    },
    needs: ['Topology'],
    optionsSchema: z.object({ maxSaturatingLayers: z.number().int().min(0), maxPlainLayers: z.number().int().min(1) }).strict(),
    defaultOptions: { maxSaturatingLayers: 5, maxPlainLayers: 20 },
  },
  judge({ Topology }, { maxSaturatingLayers, maxPlainLayers }) {
    if (Topology.layers.some(isNormalisationOrSkip)) return [];
    const consumers = consumersOf(Topology);
    const saturating = hiddenWeightLayers(Topology).filter((l) => !isRecurrent(l) && SATURATING.has(effectiveActivation(l, consumers)));
    const weightLayers = Topology.layers.filter(isWeightLayer).length;
    if (saturating.length > maxSaturatingLayers) {
      const kinds = [...new Set(saturating.map((l) => effectiveActivation(l, consumers)))].join('/');
      return [{
        message: `${saturating.length} hidden layers use ${kinds} with no normalisation or skip connections (more than ${maxSaturatingLayers}): gradients vanish before they reach the first layers`,
        hint: 'start with 1–2 hidden layers; use activation "relu" in hidden layers, or add batchNormalization layers between them',
        data: { saturatingLayers: saturating.length, maxSaturatingLayers, weightLayers, layers: saturating.map((l) => l.name) },
      }];
    }
    if (weightLayers > maxPlainLayers) {
      return [{
        message: `${weightLayers} weight layers in a plain stack with no normalisation or skip connections (more than ${maxPlainLayers})`,
        hint: 'start with a shallower model, or add batchNormalization layers and residual (add) connections',
        data: { weightLayers, maxPlainLayers },
      }];
    }
    return [];
  },
});
