/** Gathers the Topology artifact from a Keras-style model config (as in model.json), without TF.js. */
import type { LayerInfo, SavedKernelStats, Topology } from './artifacts.js';
import { DTYPE_BYTES, nonFiniteWeights, type ModelFiles } from '../load/model-files.js';
import { InputError } from '../errors.js';

type Config = Record<string, unknown>;

/** Layers that pass activations through unchanged in shape and kind; they do not end the output chain. */
const PASS_THROUGH = new Set(['Dropout', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'SpatialDropout1D', 'SpatialDropout2D', 'ActivityRegularization']);

function initializerName(value: unknown): { name?: string; value?: number; args?: Record<string, number | string | boolean | null> } {
  if (typeof value === 'string') return { name: value };
  if (typeof value === 'object' && value !== null) {
    const v = value as { class_name?: unknown; config?: { value?: unknown } };
    const name = typeof v.class_name === 'string' ? v.class_name : undefined;
    const constant = typeof v.config?.value === 'number' ? v.config.value : undefined;
    // Primitive arguments only (stddev, minval, scale, …); the seed says nothing about the values drawn.
    const args: Record<string, number | string | boolean | null> = {};
    for (const [key, arg] of Object.entries((v.config ?? {}) as Record<string, unknown>)) {
      if (key === 'seed') continue;
      if (typeof arg === 'number' || typeof arg === 'string' || typeof arg === 'boolean' || arg === null) args[key] = arg;
    }
    return { ...(name !== undefined ? { name } : {}), ...(constant !== undefined ? { value: constant } : {}), ...(Object.keys(args).length > 0 ? { args } : {}) };
  }
  return {};
}

function activationName(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && typeof (value as Config).class_name === 'string') return String((value as Config).class_name);
  return undefined;
}

function layerList(modelTopology: Config, file: string): Array<{ className: string; config: Config; inbound: string[] }> {
  const config = modelTopology.config as Config | unknown[];
  const rawLayers = Array.isArray(config) ? config : (config as Config).layers;
  if (!Array.isArray(rawLayers)) throw new InputError('`modelTopology.config.layers` is not a list', { file, key: 'modelTopology.config.layers' }, 'pass a model.json written by model.save()');
  const sequential = modelTopology.class_name === 'Sequential';
  const out: Array<{ className: string; config: Config; inbound: string[] }> = [];
  /** Nested Sequential name → the name of its last layer, for inbound references after it. */
  const renamed = new Map<string, string>();
  rawLayers.forEach((raw: unknown, i: number) => {
    if (typeof raw !== 'object' || raw === null) throw new InputError(`layer ${i} is not an object`, { file, key: `modelTopology.config.layers[${i}]` }, 'save the model again');
    const layer = raw as Config;
    const className = layer.class_name;
    const layerConfig = layer.config;
    if (typeof className !== 'string' || typeof layerConfig !== 'object' || layerConfig === null) {
      throw new InputError(`layer ${i} has no class_name/config`, { file, key: `modelTopology.config.layers[${i}]` }, 'save the model again');
    }
    let inbound: string[] = [];
    if (sequential) {
      const previous = out[out.length - 1];
      inbound = previous ? [String(previous.config.name)] : [];
    } else if (Array.isArray(layer.inbound_nodes)) {
      inbound = collectInboundNames(layer.inbound_nodes).map((name) => renamed.get(name) ?? name);
    }
    const inner = nestedSequentialLayers(className, layerConfig as Config);
    if (!inner) {
      out.push({ className, config: layerConfig as Config, inbound });
      return;
    }
    // A Sequential used as a layer (a Keras "base" or "encoder") is a chain of layers: the static rules see them
    // one by one, frozen when the container is, and later references to the container point at its last layer.
    const frozen = (layerConfig as Config).trainable === false;
    inner.forEach((child, k) => {
      const config = frozen ? { ...child.config, trainable: false } : child.config;
      out.push({ className: child.className, config, inbound: k === 0 ? inbound : [String(inner[k - 1]!.config.name)] });
    });
    renamed.set(String((layerConfig as Config).name), String(inner[inner.length - 1]!.config.name));
  });
  return out;
}

/** The layers of a nested Sequential (recursively flattened), or null for any other layer. */
function nestedSequentialLayers(className: string, config: Config): Array<{ className: string; config: Config }> | null {
  if (className !== 'Sequential') return null;
  const raw = Array.isArray(config.layers) ? config.layers : null;
  if (!raw || raw.length === 0) return null;
  const out: Array<{ className: string; config: Config }> = [];
  for (const item of raw as unknown[]) {
    if (typeof item !== 'object' || item === null) return null;
    const child = item as Config;
    if (typeof child.class_name !== 'string' || typeof child.config !== 'object' || child.config === null) return null;
    if (child.class_name === 'InputLayer') continue;
    const deeper = nestedSequentialLayers(child.class_name, child.config as Config);
    if (deeper) out.push(...((child.config as Config).trainable === false ? deeper.map((d) => ({ ...d, config: { ...d.config, trainable: false } })) : deeper));
    else out.push({ className: child.class_name, config: child.config as Config });
  }
  return out.length > 0 ? out : null;
}

/** Keras 2 / TF.js form: [[["name", 0, 0, {}], …]]; Keras 3 form: [{args: [{config: {keras_history: ["name", 0, 0]}}]}]. */
function collectInboundNames(nodes: unknown[]): string[] {
  const names: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (typeof value[0] === 'string' && typeof value[1] === 'number') names.push(value[0]);
      else value.forEach(visit);
    } else if (typeof value === 'object' && value !== null) {
      const history = (value as Config).keras_history;
      if (Array.isArray(history) && typeof history[0] === 'string') names.push(history[0]);
      else Object.values(value as Config).forEach(visit);
    }
  };
  nodes.forEach(visit);
  return [...new Set(names)];
}

function outputLayerName(modelTopology: Config, layers: LayerInfo[]): string {
  const config = modelTopology.config as Config;
  const outputs = !Array.isArray(config) ? config.output_layers : undefined;
  if (Array.isArray(outputs) && outputs.length > 0) {
    const first = outputs[0];
    if (Array.isArray(first) && typeof first[0] === 'string') return first[0];
    if (typeof first === 'string') return first;
  }
  return layers[layers.length - 1]?.name ?? '';
}

export function topologyFromModelFiles(files: ModelFiles, format: Topology['format'] = 'tfjs-layers'): Topology {
  const raw = layerList(files.modelTopology, files.file);
  const layers: LayerInfo[] = raw.map(({ className, config, inbound }, i) => {
    const kernel = initializerName(config.kernel_initializer ?? config.depthwise_initializer);
    const batchInputShape = (config.batch_input_shape ?? config.batchInputShape ?? config.batch_shape) as Array<number | null> | undefined;
    const info: LayerInfo = {
      name: typeof config.name === 'string' ? config.name : `layer_${i}`,
      className,
      trainable: config.trainable !== false,
      inbound,
    };
    if (typeof config.units === 'number') info.units = config.units;
    if (typeof config.filters === 'number') info.filters = config.filters;
    const activation = activationName(config.activation);
    if (activation !== undefined) info.activation = activation;
    else if (className === 'Softmax') info.activation = 'softmax';
    else if (className === 'ReLU') info.activation = 'relu';
    else if (className === 'LeakyReLU' || className === 'PReLU' || className === 'ELU') info.activation = className.toLowerCase();
    if (kernel.name !== undefined) info.kernelInitializer = kernel.name;
    if (kernel.value !== undefined) info.kernelInitializerValue = kernel.value;
    if (kernel.args !== undefined) info.kernelInitializerArgs = kernel.args;
    const bias = initializerName(config.bias_initializer);
    if (bias.name !== undefined) info.biasInitializer = bias.name;
    if (bias.value !== undefined) info.biasInitializerValue = bias.value;
    if (typeof config.use_bias === 'boolean') info.useBias = config.use_bias;
    if (typeof config.rate === 'number') info.rate = config.rate;
    if (typeof config.dropout === 'number' && config.dropout > 0) info.dropout = config.dropout;
    if (typeof config.recurrent_dropout === 'number' && config.recurrent_dropout > 0) info.recurrentDropout = config.recurrent_dropout;
    if (className === 'Embedding' && typeof config.input_dim === 'number') info.inputDim = config.input_dim;
    if (Array.isArray(batchInputShape)) info.batchInputShape = batchInputShape;
    if (typeof config.dtype === 'string') info.dtype = config.dtype;
    return info;
  });
  if (layers.length === 0) throw new InputError('the model has no layers', { file: files.file, key: 'modelTopology.config.layers' }, 'save a model with at least one layer');
  const outputLayer = outputLayerName(files.modelTopology, layers);
  const byName = new Map(layers.map((l) => [l.name, l]));
  // Walk back from the output through pass-through and activation layers to the layer that sets the units.
  let outputActivation: string | undefined;
  let outputUnits: number | null = null;
  let cursor = byName.get(outputLayer);
  const seen = new Set<string>();
  while (cursor && !seen.has(cursor.name)) {
    seen.add(cursor.name);
    if (outputActivation === undefined && cursor.activation !== undefined) outputActivation = cursor.activation;
    if (cursor.units !== undefined || cursor.filters !== undefined) {
      outputUnits = cursor.units ?? cursor.filters ?? null;
      if (outputActivation === undefined) outputActivation = 'linear';
      break;
    }
    if (!(PASS_THROUGH.has(cursor.className) || cursor.className === 'Activation' || cursor.className === 'Softmax' || cursor.className === 'ReLU' || cursor.className === 'Flatten' || cursor.className === 'Reshape')) break;
    cursor = cursor.inbound.length === 1 ? byName.get(cursor.inbound[0]!) : undefined;
  }
  const first = layers.find((l) => l.batchInputShape) ;
  const inputShape = first?.batchInputShape ? first.batchInputShape.slice(1) : [];
  const inputDtype = layers.find((l) => l.className === 'InputLayer')?.dtype ?? first?.dtype ?? 'float32';
  const { savedKernels, savedBiases, savedParameters } = kernelStats(files, layers);
  return {
    file: files.file,
    format,
    modelClass: String(files.modelTopology.class_name),
    layers,
    outputLayer,
    outputUnits,
    outputActivation: outputActivation ?? 'linear',
    inputShape,
    inputDtype,
    hasWeights: files.weightData !== null,
    savedParameters,
    savedKernels,
    savedBiases,
    nonFiniteWeights: nonFiniteWeights(files),
  };
}

function kernelStats(files: ModelFiles, layers: LayerInfo[]): { savedKernels: SavedKernelStats[]; savedBiases: SavedKernelStats[]; savedParameters: number } {
  const savedKernels: SavedKernelStats[] = [];
  const savedBiases: SavedKernelStats[] = [];
  let savedParameters = 0;
  if (!files.weightData) return { savedKernels, savedBiases, savedParameters };
  const layerNames = layers.map((l) => l.name).sort((a, b) => b.length - a.length);
  let offset = 0;
  for (const spec of files.weightSpecs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    savedParameters += count;
    const bytes = count * DTYPE_BYTES[spec.dtype];
    const base = spec.name.split('/').pop() ?? spec.name;
    const isKernel = /kernel/.test(base) && count > 1;
    const isBias = /bias/.test(base) && count >= 1;
    if (spec.dtype === 'float32' && (isKernel || isBias)) {
      const values = offset % 4 === 0 ? new Float32Array(files.weightData, offset, count) : new Float32Array(files.weightData.slice(offset, offset + bytes));
      let min = Infinity;
      let max = -Infinity;
      let sum = 0;
      let nonFinite = 0;
      for (let i = 0; i < count; i++) {
        const v = values[i]!;
        if (!Number.isFinite(v)) { nonFinite += 1; continue; }
        if (v < min) min = v;
        if (v > max) max = v;
        sum += v;
      }
      const finite = count - nonFinite;
      const mean = finite > 0 ? sum / finite : 0;
      let squares = 0;
      for (let i = 0; i < count; i++) {
        const v = values[i]!;
        if (Number.isFinite(v)) squares += (v - mean) * (v - mean);
      }
      const layer = layerNames.find((name) => spec.name === name || spec.name.startsWith(`${name}/`)) ?? spec.name.split('/')[0] ?? spec.name;
      (isKernel ? savedKernels : savedBiases).push({
        layer, weight: spec.name, shape: spec.shape, count,
        allEqual: finite > 0 && min === max,
        min: finite > 0 ? min : 0, max: finite > 0 ? max : 0, mean, std: finite > 0 ? Math.sqrt(squares / finite) : 0, nonFinite,
      });
    }
    offset += bytes;
  }
  return { savedKernels, savedBiases, savedParameters };
}
