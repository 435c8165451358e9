/** Pure helpers over Topology and TrainingSettings shared by the lint-config rules (layer kinds, ranges, rates). */
import type { LayerInfo, Topology } from '../../gather/artifacts.js';

/** Layers with a kernel: they set the width of what follows. */
export function isWeightLayer(layer: LayerInfo): boolean {
  return layer.units !== undefined || layer.filters !== undefined || /^(DepthwiseConv\dD|Dense|Conv\dD(Transpose)?|SeparableConv\dD|LocallyConnected\dD)$/.test(layer.className);
}

/** The activation a layer applies, normalised (`linear` for weight layers that declare none). */
export function activationOf(layer: LayerInfo): string | undefined {
  if (layer.activation !== undefined) return normaliseActivation(layer.activation);
  return isWeightLayer(layer) ? 'linear' : undefined;
}

export function normaliseActivation(name: string): string {
  const lower = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const aliases: Record<string, string> = { none: 'linear', identity: 'linear', hardsigmoid: 'hardsigmoid', relu6: 'relu6', leakyrelu: 'leakyrelu', thresholdedrelu: 'thresholdedrelu' };
  return aliases[lower] ?? lower;
}

/** Activations that squash into a bounded range and saturate (gradients vanish at the ends). */
export const SATURATING = new Set(['sigmoid', 'tanh', 'hardsigmoid', 'softsign']);

/** Output range of an activation; null bounds are unbounded. Unknown activations return null (not judged). */
export function activationRange(activation: string): { min: number | null; max: number | null } | null {
  switch (normaliseActivation(activation)) {
    case 'sigmoid': case 'softmax': case 'hardsigmoid': return { min: 0, max: 1 };
    case 'tanh': case 'softsign': return { min: -1, max: 1 };
    case 'relu': case 'softplus': case 'exponential': case 'exp': return { min: 0, max: null };
    case 'relu6': return { min: 0, max: 6 };
    case 'elu': return { min: -1, max: null };
    case 'selu': return { min: -1.7581, max: null };
    case 'linear': case 'leakyrelu': case 'prelu': case 'swish': case 'gelu': case 'mish': case 'silu': return { min: null, max: null };
    default: return null;
  }
}

/** Activations whose outputs are probabilities, as TF.js cross-entropy losses expect. */
export function isProbabilityActivation(activation: string): boolean {
  const a = normaliseActivation(activation);
  return a === 'softmax' || a === 'sigmoid' || a === 'hardsigmoid';
}

/**
 * Layers that apply a non-linearity of their own without weights. LayerNormalization counts (it divides by each
 * sample's own spread); BatchNormalization does not (at inference it is an affine map).
 */
export function isNonlinearLayer(layer: LayerInfo): boolean {
  if (/^(MaxPooling\dD|GlobalMaxPooling\dD|ReLU|LeakyReLU|PReLU|ELU|ThresholdedReLU|Softmax|Maximum|Minimum|Multiply|Attention|MultiHeadAttention|LayerNormalization|GroupNormalization|UnitNormalization)$/.test(layer.className)) return true;
  const activation = activationOf(layer);
  return activation !== undefined && activation !== 'linear';
}

/** Layers whose consumers see the outputs of the layers they consume (no weights, no non-linearity of their own). */
export function isTransparentLayer(layer: LayerInfo): boolean {
  return !isWeightLayer(layer) && !isNonlinearLayer(layer);
}

/** The layers with their inbound links; a topology recorded without any links is read as a Sequential chain. */
export function linkedLayers(topology: Topology): LayerInfo[] {
  if (topology.layers.some((l) => l.inbound.length > 0)) return topology.layers;
  return topology.layers.map((l, i) => (i === 0 ? l : { ...l, inbound: [topology.layers[i - 1]!.name] }));
}

export function layersByName(topology: Topology): Map<string, LayerInfo> {
  return new Map(linkedLayers(topology).map((l) => [l.name, l]));
}

export function consumersOf(topology: Topology): Map<string, LayerInfo[]> {
  const out = new Map<string, LayerInfo[]>();
  for (const layer of linkedLayers(topology)) {
    for (const name of layer.inbound) {
      if (!out.has(name)) out.set(name, []);
      out.get(name)!.push(layer);
    }
  }
  return out;
}

/**
 * The Embedding layer the model input feeds directly, if any: its features are token ids (integers below its
 * inputDim), not magnitudes.
 */
export function inputEmbedding(topology: Topology): LayerInfo | undefined {
  const layers = linkedLayers(topology);
  const first = layers[0];
  const firstUsers = first?.className === 'InputLayer' ? consumersOf(topology).get(first.name) ?? [] : first ? [first] : [];
  return firstUsers.find((l) => l.className === 'Embedding');
}

/** The weight layer that produces the model output (walking back through activations, dropout, reshapes). */
export function outputWeightLayer(topology: Topology): LayerInfo | undefined {
  const byName = layersByName(topology);
  let cursor = byName.get(topology.outputLayer);
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor.name)) {
    seen.add(cursor.name);
    if (isWeightLayer(cursor)) return cursor;
    cursor = cursor.inbound.length === 1 ? byName.get(cursor.inbound[0]!) : undefined;
  }
  return undefined;
}

/** Weight layers other than the one producing the output. */
export function hiddenWeightLayers(topology: Topology): LayerInfo[] {
  const output = outputWeightLayer(topology);
  return linkedLayers(topology).filter((l) => isWeightLayer(l) && l.name !== output?.name);
}

/**
 * Each optimizer's usual working learning rate: Keras/TF.js defaults and the values their papers use
 * (Adam, Adamax and Nadam 1e-3 / 2e-3, RMSprop 1e-3, SGD and momentum 1e-2, Adagrad 1e-2, Adadelta 1.0).
 */
export const TYPICAL_LEARNING_RATES: Record<string, number> = {
  adam: 1e-3, adamw: 1e-3, adamax: 2e-3, nadam: 1e-3, rmsprop: 1e-3, sgd: 1e-2, momentum: 1e-2, adagrad: 1e-2, adadelta: 1.0,
};

export function typicalLearningRate(optimizer: string): number | undefined {
  return TYPICAL_LEARNING_RATES[optimizer.toLowerCase().replace(/[^a-z]/g, '')];
}

export type LossKind = 'categorical' | 'sparse' | 'binary' | 'logits' | 'regression' | 'other';

/** Groups TF.js/Keras loss names (camelCase or snake_case) by what targets and outputs they expect. */
export function lossKind(loss: string): LossKind {
  const l = loss.toLowerCase().replace(/[^a-z]/g, '');
  if (l === 'sparsecategoricalcrossentropy') return 'sparse';
  if (l === 'categoricalcrossentropy' || l === 'kldivergence' || l === 'kld' || l === 'kullbackleiblerdivergence') return 'categorical';
  if (l === 'binarycrossentropy' || l === 'logloss') return 'binary';
  // tf.losses.softmaxCrossEntropy / sigmoidCrossEntropy apply the activation themselves: they take logits.
  if (l === 'softmaxcrossentropy' || l === 'sigmoidcrossentropy') return 'logits';
  if (/^(meansquarederror|mse|meanabsoluteerror|mae|meanabsolutepercentageerror|mape|meansquaredlogarithmicerror|msle|huber|huberloss|logcosh|cosinesimilarity|cosineproximity)$/.test(l)) return 'regression';
  return 'other';
}

/**
 * The non-linearity a weight layer's outputs go through before anything else uses them: its own activation, or the
 * first activation layer met while following its single consumer through transparent layers (Dense → BN → ReLU).
 */
export function effectiveActivation(layer: LayerInfo, consumers: Map<string, LayerInfo[]>): string {
  const own = activationOf(layer) ?? 'linear';
  if (own !== 'linear') return own;
  let cursor = layer;
  for (let steps = 0; steps < 50; steps++) {
    const next = consumers.get(cursor.name) ?? [];
    if (next.length !== 1) return 'linear';
    cursor = next[0]!;
    if (isWeightLayer(cursor)) return 'linear';
    if (/Normalization$/.test(cursor.className)) continue;
    if (cursor.className === 'ReLU') return 'relu';
    if (isNonlinearLayer(cursor)) return activationOf(cursor) ?? cursor.className.toLowerCase();
  }
  return 'linear';
}

/** Layers that normalise activations or add skip connections, which make deep stacks trainable. */
export function isNormalisationOrSkip(layer: LayerInfo): boolean {
  return /^(BatchNormalization|LayerNormalization|GroupNormalization|UnitNormalization|Add|Concatenate|Average|Subtract)$/.test(layer.className);
}

export function isRecurrent(layer: LayerInfo): boolean {
  return /(LSTM|GRU|RNN)/.test(layer.className);
}

/** Units of a probed layer that never activated on the probed rows (`activeShare` 0). */
export function deadUnitCount(layer: { activeShare: readonly number[] }): number {
  let dead = 0;
  for (const share of layer.activeShare) if (share === 0) dead += 1;
  return dead;
}
