/** Flags layers that change the output after its final softmax/sigmoid (Dropout, BatchNormalization, a second softmax). */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { activationOf, isProbabilityActivation, isWeightLayer, layersByName } from './support/model.js';
import type { LayerInfo, Topology } from '../gather/artifacts.js';

/** Layers that only reshape or pass values through unchanged. */
const HARMLESS = /^(Flatten|Reshape|InputLayer|ActivityRegularization|Permute)$/;

/**
 * The layer whose softmax/sigmoid produces the probabilities, and the value-changing layers that follow it on the
 * path to the output; null when the output path has no probability activation followed by such a layer.
 */
export function layersAfterProbabilities(Topology: Topology): { producer: LayerInfo; activation: string; after: LayerInfo[] } | null {
  const byName = layersByName(Topology);
  // The output chain, from the output back to (and including) the last weight layer.
  const chain: LayerInfo[] = [];
  let cursor = byName.get(Topology.outputLayer);
  while (cursor && !chain.includes(cursor)) {
    chain.push(cursor);
    if (isWeightLayer(cursor)) break;
    cursor = cursor.inbound.length === 1 ? byName.get(cursor.inbound[0]!) : undefined;
  }
  // The first probability activation in forward order is the deepest one in the chain.
  let probabilityAt = -1;
  for (let i = chain.length - 1; i >= 0; i--) {
    const activation = activationOf(chain[i]!) ?? (chain[i]!.className === 'Softmax' ? 'softmax' : undefined);
    if (activation !== undefined && isProbabilityActivation(activation)) { probabilityAt = i; break; }
  }
  if (probabilityAt <= 0) return null;
  const producer = chain[probabilityAt]!;
  const after = chain.slice(0, probabilityAt).reverse().filter((l) => !HARMLESS.test(l.className) && !(l.className === 'Activation' && activationOf(l) === 'linear'));
  return after.length === 0 ? null : { producer, activation: activationOf(producer) ?? 'softmax', after };
}

export const layerAfterOutput = defineRule({
  meta: {
    id: 'layer-after-output',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Nothing follows the output activation',
    failureTitle: 'A layer changes the output after its final activation',
    docs: {
      what: 'Walks back from the model output to the last weight layer and reports any layer placed after the first softmax/sigmoid on that path that changes values: Dropout (any kind), noise layers, BatchNormalization, a second Softmax or Activation. Flatten/Reshape and linear Activation layers are ignored.',
      why: 'The loss sees what comes after the probabilities: Dropout after a softmax zeroes some class probabilities and scales the rest by 1/(1−rate) above 1 during training, so cross-entropy gets log(0) or targets it can never match; BatchNormalization rescales probabilities into unbounded values; a second softmax squashes them towards uniform (softmax(p) of values in [0, 1] is at most e/(e+C−1)) and makes the gradient tiny. There is no threshold.',
      fix: 'Make the softmax/sigmoid the very last operation: move Dropout/BatchNormalization before the output Dense layer, and apply softmax once (either `activation: "softmax"` on the Dense layer or a Softmax layer, not both).',
    },
    needs: ['Topology'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology }) {
    const found = layersAfterProbabilities(Topology);
    if (!found) return [];
    const { producer, activation: producerActivation, after } = found;
    return [{
      message: `${after.map((l) => `${l.name} (${l.className}${l.rate !== undefined ? ` ${l.rate}` : ''}${l.className === 'Activation' || l.className === 'Softmax' ? ` ${activationOf(l) ?? 'softmax'}` : ''})`).join(', ')} come${after.length === 1 ? 's' : ''} after the ${producerActivation} of ${producer.name}: the loss no longer sees probabilities`,
      hint: `move ${after.map((l) => l.name).join(', ')} before ${producer.name}${after.some((l) => l.className === 'Softmax' || l.className === 'Activation') ? ', and apply the output activation only once' : ''}`,
      data: { outputActivationLayer: producer.name, activation: producerActivation, after: after.map((l) => ({ layer: l.name, className: l.className })) },
    }];
  },
});
