/** Flags weight layers whose linear output feeds another weight layer, so the two collapse into one linear map. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { activationOf, consumersOf, hiddenWeightLayers, isTransparentLayer, isWeightLayer } from './support/model.js';
import type { LayerInfo } from '../gather/artifacts.js';

/** The first weight layer reached from `layer` through transparent layers only (no activation on the way). */
function linearSuccessor(layer: LayerInfo, consumers: Map<string, LayerInfo[]>): LayerInfo | undefined {
  const queue = [...(consumers.get(layer.name) ?? [])];
  const seen = new Set<string>();
  while (queue.length > 0) {
    const next = queue.shift()!;
    if (seen.has(next.name)) continue;
    seen.add(next.name);
    if (isWeightLayer(next)) return next;
    if (isTransparentLayer(next)) queue.push(...(consumers.get(next.name) ?? []));
  }
  return undefined;
}

export const missingNonlinearity = defineRule({
  meta: {
    id: 'missing-nonlinearity',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Hidden layers have a non-linearity',
    failureTitle: 'Weight layers are stacked with no non-linearity between them',
    docs: {
      what: 'For every hidden weight layer (Dense, Conv, …) whose activation is linear (Keras\'s and TF.js\'s default when `activation` is left out): follows its output through layers that add no non-linearity (Dropout, BatchNormalization, Flatten, Reshape, Add, …) and reports it when the path reaches another weight layer before any activation (an activation argument, or an Activation/ReLU/LeakyReLU/Softmax/MaxPooling layer).',
      why: 'Two linear maps in a row are one linear map: W2(W1x + b1) + b2 = Wx + b. However many such layers are stacked, the network can only draw straight class boundaries, so it cannot fit data a linear model cannot (overfit-one and learning-curve then show high bias). Forgetting `activation` is the usual cause. There is no threshold: one missing activation already removes a layer\'s worth of capacity.',
      fix: 'Add an activation to each hidden layer, e.g. `tf.layers.dense({units: 16, activation: "relu"})`, or put an Activation/ReLU layer after it (after BatchNormalization when there is one).',
    },
    needs: ['Topology'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology }) {
    const consumers = consumersOf(Topology);
    const pairs = hiddenWeightLayers(Topology).flatMap((layer) => {
      if (activationOf(layer) !== 'linear') return [];
      const next = linearSuccessor(layer, consumers);
      return next ? [{ layer: layer.name, className: layer.className, next: next.name }] : [];
    });
    if (pairs.length === 0) return [];
    return [{
      message: `${pairs.map((p) => `${p.layer} (${p.className}, linear) feeds ${p.next}`).join('; ')} with no activation in between: the stack is one linear map`,
      hint: `add an activation, e.g. activation: "relu" on ${pairs.map((p) => p.layer).join(', ')}`,
      data: { layers: pairs },
    }];
  },
});
