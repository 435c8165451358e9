/**
 * Reads a TF.js Layers `model.json` and its weight shards, read-only and validated: manifest paths stay inside
 * the model's folder (symlinks included), byte lengths match shapes × dtypes, sizes are bounded before any
 * allocation, and weights are finite.
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { InputError } from '../errors.js';
import { foldFromLogits } from './keras/fold-from-logits.js';
import { KerasTranslator, translateTrainingConfig, type TranslatedModel } from './keras/translate-config.js';

export const DTYPE_BYTES = { float32: 4, int32: 4, bool: 1 } as const;
export type WeightDtype = keyof typeof DTYPE_BYTES;

/** 256 M values (1 GiB of float32): far above any model nndoctor is meant for, far below what would exhaust memory. */
export const MAX_WEIGHT_VALUES = 256 * 1024 * 1024;
const MAX_MODEL_JSON_BYTES = 64 * 1024 * 1024;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: WeightDtype;
}

/** How `tensorflowjs_converter --quantize_uint8/uint16/float16` stores a weight: q × scale + min, or IEEE half floats. */
interface Quantization {
  dtype: 'uint8' | 'uint16' | 'float16';
  scale: number;
  min: number;
}
const QUANTIZED_BYTES = { uint8: 1, uint16: 2, float16: 2 } as const;

/** A manifest entry as stored on disk: optimizer slots are marked, quantized weights carry their encoding. */
type StoredSpec = WeightSpec & { optimizer?: boolean; quantization?: Quantization };

function valuesOf(spec: WeightSpec): number {
  return spec.shape.reduce((a, b) => a * b, 1);
}

/** Bytes the weight takes in its shard. */
function storedBytes(spec: StoredSpec): number {
  return valuesOf(spec) * (spec.quantization ? QUANTIZED_BYTES[spec.quantization.dtype] : DTYPE_BYTES[spec.dtype]);
}

export interface ModelFiles {
  /** The model.json path as the user gave it (or resolved from a folder). */
  file: string;
  dir: string;
  modelTopology: Record<string, unknown>;
  /** The saved `trainingConfig`, when the model was saved with one. */
  trainingConfig: Record<string, unknown> | null;
  weightSpecs: WeightSpec[];
  /** Concatenated shard bytes in manifest order; null for a topology-only model.json. */
  weightData: ArrayBuffer | null;
  /** The file format read; absent means a TF.js model.json (`tfjs-layers`). */
  format?: 'tfjs-layers' | 'keras-h5' | 'keras-v3';
}

/** A model path is a model.json, a folder holding model.json (or model/model.json), or a Keras file. */
export function resolveModelPath(path: string): string {
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new InputError('does not exist', { file: path }, 'pass --model with a model.json, the folder holding it, or a .h5/.keras file');
  }
  if (!stats.isDirectory()) return path;
  for (const candidate of ['model.json', join('model', 'model.json'), 'model.h5', 'model.keras']) {
    const full = join(path, candidate);
    try {
      if (statSync(full).isFile()) return full;
    } catch {
      // try the next conventional name
    }
  }
  throw new InputError('holds no model.json, model/model.json, model.h5 or model.keras', { file: path }, 'pass --model with the model file itself');
}

function fail(file: string, problem: string, fix: string, key?: string): never {
  throw new InputError(problem, key ? { file, key } : { file }, fix);
}

const RESAVE = 'save the model again with model.save("file://…")';

export function parseWeightSpecs(manifest: unknown, file: string): { groups: Array<{ paths: string[]; specs: StoredSpec[] }>; totalBytes: number } {
  if (!Array.isArray(manifest)) fail(file, '`weightsManifest` is not a list', RESAVE, 'weightsManifest');
  const groups: Array<{ paths: string[]; specs: StoredSpec[] }> = [];
  let totalValues = 0;
  let totalBytes = 0;
  manifest.forEach((group: unknown, g: number) => {
    const key = `weightsManifest[${g}]`;
    if (typeof group !== 'object' || group === null) fail(file, 'manifest group is not an object', RESAVE, key);
    const { paths, weights } = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(paths) || !paths.every((p) => typeof p === 'string' && p.length > 0)) fail(file, '`paths` must be a list of file names', RESAVE, `${key}.paths`);
    if (!Array.isArray(weights)) fail(file, '`weights` must be a list', RESAVE, `${key}.weights`);
    const specs = weights.map((w: unknown, i: number): StoredSpec => {
      const wkey = `${key}.weights[${i}]`;
      if (typeof w !== 'object' || w === null) fail(file, 'weight entry is not an object', RESAVE, wkey);
      const { name, shape, dtype, quantization, group: weightGroup } = w as Record<string, unknown>;
      if (typeof name !== 'string' || name.length === 0) fail(file, 'weight has no name', RESAVE, `${wkey}.name`);
      if (typeof dtype !== 'string' || !(dtype in DTYPE_BYTES)) fail(file, `weight "${name}" has unsupported dtype ${JSON.stringify(dtype)}`, 'use float32, int32 or bool weights', `${wkey}.dtype`);
      const quantized = quantization === undefined ? undefined : parseQuantization(quantization, dtype as WeightDtype, name, file, `${wkey}.quantization`);
      if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) fail(file, `weight "${name}" has an invalid shape ${JSON.stringify(shape)}`, RESAVE, `${wkey}.shape`);
      let values = 1;
      for (const d of shape as number[]) {
        values *= d;
        if (values > MAX_WEIGHT_VALUES) fail(file, `weight "${name}" declares shape ${JSON.stringify(shape)}, more than the ${MAX_WEIGHT_VALUES} values nndoctor accepts`, 'check the model file; it is corrupt or far too large', `${wkey}.shape`);
      }
      totalValues += values;
      if (totalValues > MAX_WEIGHT_VALUES) fail(file, `weights total more than ${MAX_WEIGHT_VALUES} values`, 'check the model file; it is corrupt or far too large', `${wkey}.shape`);
      totalBytes += values * (quantized ? QUANTIZED_BYTES[quantized.dtype] : DTYPE_BYTES[dtype as WeightDtype]);
      return { name, shape: shape as number[], dtype: dtype as WeightDtype, ...(weightGroup === 'optimizer' ? { optimizer: true } : {}), ...(quantized ? { quantization: quantized } : {}) };
    });
    groups.push({ paths: paths as string[], specs });
  });
  return { groups, totalBytes };
}

function parseQuantization(raw: unknown, dtype: WeightDtype, name: string, file: string, key: string): Quantization {
  const { dtype: stored, scale, min } = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  if (stored !== 'uint8' && stored !== 'uint16' && stored !== 'float16') fail(file, `weight "${name}" is quantized as ${JSON.stringify(stored)}; TF.js writes uint8, uint16 or float16`, RESAVE, `${key}.dtype`);
  if (stored === 'float16') {
    if (dtype !== 'float32') fail(file, `weight "${name}" is ${dtype} stored as float16, which TF.js cannot read`, RESAVE, key);
    return { dtype: stored, scale: 1, min: 0 };
  }
  if (typeof scale !== 'number' || typeof min !== 'number' || !Number.isFinite(scale) || !Number.isFinite(min)) fail(file, `weight "${name}" is quantized as ${stored} without a finite scale and min`, RESAVE, key);
  if (dtype === 'bool') fail(file, `weight "${name}" is bool stored as ${stored}, which TF.js cannot read`, RESAVE, key);
  return { dtype: stored, scale, min };
}

/** Resolves a manifest path and refuses anything that leaves the model's folder, by name or by symlink. */
export function resolveShardPath(dir: string, shard: string, file: string, key: string): string {
  if (isAbsolute(shard) || /^[a-zA-Z]+:\/\//.test(shard) || shard.includes('\0')) {
    fail(file, `weight path "${shard}" is absolute or a URL`, 'weight paths must be file names relative to the model folder', key);
  }
  const full = resolve(dir, shard);
  const rel = relative(resolve(dir), full);
  if (rel.startsWith('..') || isAbsolute(rel)) fail(file, `weight path "${shard}" points outside the model folder`, 'weight paths must stay inside the model folder', key);
  let real: string;
  try {
    real = realpathSync(full);
  } catch {
    fail(file, `weight file "${shard}" is missing`, 'copy every weight shard next to model.json', key);
  }
  const realDir = realpathSync(dir);
  if (!(real === realDir || real.startsWith(realDir + sep))) fail(file, `weight path "${shard}" is a link that leads outside the model folder`, 'copy the shard into the model folder instead of linking to it', key);
  return real;
}

export function readModelFiles(path: string): ModelFiles {
  const file = path;
  const dir = dirname(file);
  let size: number;
  let isFile: boolean;
  try {
    const stats = statSync(file);
    size = stats.size;
    isFile = stats.isFile();
  } catch {
    fail(file, 'does not exist', 'pass --model with a model.json or its folder');
  }
  // A device or FIFO would make readFileSync wait or read forever.
  if (!isFile) fail(file, 'is not a regular file (a device, pipe or socket)', 'pass --model with a model.json or its folder');
  if (size > MAX_MODEL_JSON_BYTES) fail(file, `is ${Math.round(size / 1024 / 1024)} MB, too large for a model.json`, 'check that this is a TF.js model.json');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  } catch (error) {
    fail(file, `is not valid JSON (${(error as Error).message})`, 'the file may be truncated; save the model again');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail(file, 'is not a JSON object', 'pass a TF.js model.json');
  // Code that walks the topology recurses; a hostile nesting depth would overflow the stack (a crash, not exit 2).
  if (jsonDepthExceeds(json, MAX_JSON_DEPTH)) fail(file, `nests JSON deeper than ${MAX_JSON_DEPTH} levels`, 'pass a model.json written by model.save()');
  const model = json as Record<string, unknown>;
  if (model.format !== undefined && model.format !== 'layers-model') {
    fail(file, `has format ${JSON.stringify(model.format)}; nndoctor needs a Layers model ("layers-model")`, 'save the model with tf.LayersModel.save(); a graph model cannot be trained', 'format');
  }
  const topology = model.modelTopology;
  if (typeof topology !== 'object' || topology === null || Array.isArray(topology)) fail(file, 'has no `modelTopology` object', 'pass a model.json written by model.save()', 'modelTopology');
  const top = topology as Record<string, unknown>;
  // Some writers nest the Keras model config under `model_config`.
  const nested = typeof top.model_config === 'object' && top.model_config !== null;
  const savedTopology = (nested ? top.model_config : top) as Record<string, unknown>;
  if (typeof savedTopology.class_name !== 'string' || typeof savedTopology.config !== 'object' || savedTopology.config === null) {
    fail(file, '`modelTopology` has no class_name/config', 'pass a model.json written by model.save()', 'modelTopology');
  }
  // tensorflowjs_converter copies a Keras 3 config as Keras 3 writes it, which TF.js cannot build (tfjs#8328,
  // #8494): it goes through the same translation as a .keras file. Keras 2 and TF.js configs are used as saved.
  const keras3: TranslatedModel | null = isKeras3Topology(model, top, savedTopology) ? new KerasTranslator(file).translateModel(savedTopology, nested ? 'modelTopology.model_config' : 'modelTopology') : null;
  const modelTopology = keras3 ? keras3.modelTopology : savedTopology;
  // A Keras-written `training_config` (the converter copies the .h5's) is read as the .h5 reader reads it:
  // TF 2.11+'s "Custom>Adam", Keras 3's wrappers, float32 learning rates. TF.js's own `trainingConfig` as saved.
  const trainingConfig = (isObject(model.trainingConfig) ? model.trainingConfig : isObject(top.training_config) ? translateTrainingConfig(top.training_config) : null) as Record<string, unknown> | null;
  assertKnownLayers(modelTopology, file);
  // A Keras-written trainingConfig can say `from_logits: true` (TF.js losses cannot): fold it into the output
  // activation exactly as for .h5/.keras files, in this in-memory copy only.
  foldFromLogits({ modelTopology }, trainingConfig);
  if (model.weightsManifest === undefined) {
    return { file, dir, modelTopology, trainingConfig, weightSpecs: [], weightData: null };
  }
  const { groups, totalBytes } = parseWeightSpecs(model.weightsManifest, file);
  // Every shard is located and sized before the weight buffer is allocated: a manifest that declares far more
  // bytes than its shards hold is refused without allocating what it declares.
  const shardFiles = groups.map((group, g) => {
    const groupBytes = group.specs.reduce((sum, s) => sum + storedBytes(s), 0);
    let onDisk = 0;
    const reals = group.paths.map((shard, p) => {
      const key = `weightsManifest[${g}].paths[${p}]`;
      const real = resolveShardPath(dir, shard, file, key);
      const stats = statSync(real);
      if (!stats.isFile()) fail(file, `weight path "${shard}" is not a regular file`, 'copy every weight shard next to model.json', key);
      onDisk += stats.size;
      return real;
    });
    if (onDisk !== groupBytes) {
      fail(file, `weight shards of group ${g} hold ${onDisk} bytes but their weights declare ${groupBytes}`, 'a shard is truncated or from another save; save the model again', `weightsManifest[${g}]`);
    }
    return reals;
  });
  const data = new Uint8Array(totalBytes);
  let offset = 0;
  groups.forEach((group, g) => {
    const groupBytes = group.specs.reduce((sum, s) => sum + storedBytes(s), 0);
    let groupRead = 0;
    group.paths.forEach((shard, p) => {
      const key = `weightsManifest[${g}].paths[${p}]`;
      const real = shardFiles[g]![p]!;
      const fd = openSync(real, 'r');
      try {
        const shardSize = fstatSync(fd).size;
        if (groupRead + shardSize > groupBytes) {
          fail(file, `weight shard "${shard}" has ${shardSize} bytes, more than the ${groupBytes - groupRead} its weights declare`, 'the shard does not belong to this model.json; save the model again', key);
        }
        let at = 0;
        while (at < shardSize) {
          const n = readSync(fd, data, offset + at, shardSize - at, at);
          if (n === 0) break;
          at += n;
        }
        offset += at;
        groupRead += at;
      } finally {
        closeSync(fd);
      }
    });
    if (groupRead !== groupBytes) {
      fail(file, `weight shards of group ${g} hold ${groupRead} bytes but their weights declare ${groupBytes}`, 'a shard is truncated or from another save; save the model again', `weightsManifest[${g}]`);
    }
  });
  const weights = withoutOptimizerWeights(dequantized(groups.flatMap((g) => g.specs), data));
  if (keras3) weights.weightSpecs = keras3WeightNames(keras3, weights.weightSpecs, file);
  return { file, dir, modelTopology, trainingConfig, ...weights };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A Keras 3 topology: `keras_version` (or `generatedBy: "keras v3…"`) 3 or later, or, without a version, what only
 * Keras 3 writes: an InputLayer's `batch_shape`, dtype policy objects, `{args, kwargs}` inbound nodes. Keras 2.13+
 * also writes `module`/`registered_name` wrappers, which TF.js ignores, so they do not count.
 */
function isKeras3Topology(model: Record<string, unknown>, top: Record<string, unknown>, saved: Record<string, unknown>): boolean {
  const version = typeof top.keras_version === 'string' ? /^(\d+)\./.exec(top.keras_version) : typeof model.generatedBy === 'string' ? /^keras v?(\d+)\./i.exec(model.generatedBy) : null;
  if (version && Number(version[1]) >= 3) return true;
  const config = saved.config;
  const layers: unknown[] = Array.isArray(config) ? config : isObject(config) && Array.isArray(config.layers) ? config.layers : [];
  return layers.some((layer) => {
    if (!isObject(layer) || !isObject(layer.config)) return false;
    const { batch_shape: batchShape, dtype } = layer.config;
    return batchShape !== undefined
      || (isObject(dtype) && typeof dtype.class_name === 'string' && /DTypePolicy$/.test(dtype.class_name))
      || (Array.isArray(layer.inbound_nodes) && layer.inbound_nodes.some((node) => isObject(node) && 'args' in node));
  });
}

/**
 * TF.js finds each weight by `<layer>/<weight>`. Under Keras 3 the converter names a weight by its variable path,
 * which can carry the model's name (`sequential/dense/kernel`, tfjs#8321) or an RNN cell (`lstm/lstm_cell/kernel`),
 * or by its index (`dense/0`). Each name is matched to the last layer it names and the weight it ends with.
 */
function keras3WeightNames(model: TranslatedModel, specs: WeightSpec[], file: string): WeightSpec[] {
  const byLayer = new Map(model.layers.map((l) => [l.name, l.weightNames]));
  const taken = new Set<string>();
  const renamed = specs.map((spec) => {
    const parts = spec.name.replace(/:\d+$/, '').split('/');
    const weight = parts[parts.length - 1]!;
    let target: string | undefined;
    for (let at = parts.length - 2; at >= 0 && target === undefined; at--) {
      const names = byLayer.get(parts[at]!);
      if (names) target = /^\d+$/.test(weight) ? names[Number(weight)] : names.find((n) => n === `${parts[at]}/${weight}`);
    }
    if (target === undefined) fail(file, `weight "${spec.name}" is not a weight of any layer in the model config`, 'the weights come from another model; convert the model again with tensorflowjs_converter', 'weightsManifest');
    if (taken.has(target)) fail(file, `holds weight "${target}" twice (as "${spec.name}" and another name)`, 'convert the model again with tensorflowjs_converter', 'weightsManifest');
    taken.add(target);
    return { ...spec, name: target };
  });
  const missing = model.layers.flatMap((l) => l.weightNames).filter((n) => !taken.has(n));
  if (missing.length > 0) fail(file, `holds no weight for ${missing.slice(0, 3).join(', ')}${missing.length > 3 ? ` and ${missing.length - 3} more` : ''}`, 'convert the whole model again with tensorflowjs_converter', 'weightsManifest');
  return renamed;
}

/** Quantized weights decoded as TF.js decodes them (q × scale + min, rounded for int32; half floats widened). */
function dequantized(specs: StoredSpec[], data: Uint8Array): { specs: StoredSpec[]; data: Uint8Array } {
  if (!specs.some((s) => s.quantization)) return { specs, data };
  const out = new Uint8Array(specs.reduce((sum, s) => sum + valuesOf(s) * DTYPE_BYTES[s.dtype], 0));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const target = new DataView(out.buffer);
  let from = 0;
  let to = 0;
  for (const spec of specs) {
    const count = valuesOf(spec);
    const q = spec.quantization;
    if (!q) {
      out.set(data.subarray(from, from + count * DTYPE_BYTES[spec.dtype]), to);
    } else {
      for (let i = 0; i < count; i++) {
        const stored = q.dtype === 'uint8' ? view.getUint8(from + i) : view.getUint16(from + 2 * i, true);
        if (q.dtype === 'float16') target.setFloat32(to + 4 * i, halfToFloat(stored), true);
        else if (spec.dtype === 'int32') target.setInt32(to + 4 * i, Math.round(stored * q.scale + q.min), true);
        else target.setFloat32(to + 4 * i, stored * q.scale + q.min, true);
      }
    }
    from += storedBytes(spec);
    to += count * DTYPE_BYTES[spec.dtype];
  }
  return { specs: specs.map(({ quantization: _, ...rest }) => rest), data: out };
}

/** IEEE 754 half precision bits → number. */
export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/**
 * `model.save(…, {includeOptimizer: true})` appends the optimizer's slots (`iter`, Adam's moments, momentum) to the
 * manifest with `group: "optimizer"`. nndoctor trains with fresh optimizers, and TF.js would take those entries for
 * model weights, so they are dropped here.
 */
function withoutOptimizerWeights({ specs, data }: { specs: StoredSpec[]; data: Uint8Array }): { weightSpecs: WeightSpec[]; weightData: ArrayBuffer } {
  if (!specs.some((s) => s.optimizer)) return { weightSpecs: specs.map(({ name, shape, dtype }) => ({ name, shape, dtype })), weightData: data.buffer as ArrayBuffer };
  const bytesOf = (s: WeightSpec): number => valuesOf(s) * DTYPE_BYTES[s.dtype];
  const kept = specs.filter((s) => !s.optimizer);
  const out = new Uint8Array(kept.reduce((sum, s) => sum + bytesOf(s), 0));
  let from = 0;
  let to = 0;
  for (const spec of specs) {
    const bytes = bytesOf(spec);
    if (!spec.optimizer) {
      out.set(data.subarray(from, from + bytes), to);
      to += bytes;
    }
    from += bytes;
  }
  return { weightSpecs: kept.map(({ name, shape, dtype }) => ({ name, shape, dtype })), weightData: out.buffer };
}

const MAX_JSON_DEPTH = 200;

/** Iterative depth check (the check itself must not recurse). */
function jsonDepthExceeds(root: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= limit) return true;
    for (const child of Array.isArray(value) ? value : Object.values(value)) if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * Layer classes TF.js can deserialize (its SerializationMap in tfjs-layers 4.22). A class outside this list
 * (a custom layer, or one TF.js lacks) cannot be built or trained, so it is an input error, found without TF.js.
 */
export const KNOWN_LAYER_CLASSES: ReadonlySet<string> = new Set([
  'Activation', 'Add', 'AlphaDropout', 'Average', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D',
  'BatchNormalization', 'Bidirectional', 'CategoryEncoding', 'CenterCrop', 'Concatenate', 'Conv1D', 'Conv2D',
  'Conv2DTranspose', 'Conv3D', 'Conv3DTranspose', 'ConvLSTM2D', 'Cropping2D', 'Dense', 'DepthwiseConv2D', 'Dot',
  'Dropout', 'ELU', 'Embedding', 'Flatten', 'Functional', 'GRU', 'GaussianDropout', 'GaussianNoise',
  'GlobalAveragePooling1D', 'GlobalAveragePooling2D', 'GlobalMaxPooling1D', 'GlobalMaxPooling2D', 'InputLayer',
  'LSTM', 'LayerNormalization', 'LeakyReLU', 'Masking', 'MaxPooling1D', 'MaxPooling2D', 'MaxPooling3D', 'Maximum',
  'Minimum', 'Model', 'Multiply', 'PReLU', 'Permute', 'RNN', 'RandomWidth', 'ReLU', 'RepeatVector', 'Rescaling',
  'Reshape', 'Resizing', 'SeparableConv2D', 'Sequential', 'SimpleRNN', 'Softmax', 'SpatialDropout1D',
  'ThresholdedReLU', 'TimeDistributed', 'UpSampling2D', 'ZeroPadding2D',
]);

/** Walks the layer list (and nested models and wrapped layers) and refuses a class TF.js does not know. */
function assertKnownLayers(modelTopology: Record<string, unknown>, file: string): void {
  const visit = (layers: unknown, key: string, depth: number): void => {
    if (!Array.isArray(layers) || depth > 32) return;
    layers.forEach((layer: unknown, i: number) => {
      if (typeof layer !== 'object' || layer === null) return;
      const { class_name: className, config } = layer as { class_name?: unknown; config?: unknown };
      const here = `${key}[${i}]`;
      if (typeof className === 'string' && !KNOWN_LAYER_CLASSES.has(className)) {
        fail(file, `layer ${i} has class "${className.slice(0, 60)}", which TF.js does not know`, 'replace custom layers with built-in ones before saving (nndoctor cannot run custom layer code)', `${here}.class_name`);
      }
      if (typeof config !== 'object' || config === null) return;
      const inner = config as { layers?: unknown; layer?: unknown };
      if (inner.layers !== undefined) visit(inner.layers, `${here}.config.layers`, depth + 1);
      if (typeof inner.layer === 'object' && inner.layer !== null) visit([inner.layer], `${here}.config.layer`, depth + 1);
    });
  };
  const config = modelTopology.config;
  if (Array.isArray(config)) visit(config, 'modelTopology.config', 0);
  else if (typeof config === 'object' && config !== null) visit((config as { layers?: unknown }).layers, 'modelTopology.config.layers', 0);
}

/** Scans already made, per weight buffer: the topology and every build from the saved weights ask again. */
const nonFiniteScans = new WeakMap<ArrayBuffer, Array<{ weight: string; count: number }>>();

/**
 * The float32 weights holding NaN/Inf values, with how many each holds. A model that diverged before it was saved
 * still loads (the nan-weights rule reports it, and checks that need its weights are skipped).
 */
export function nonFiniteWeights(files: Pick<ModelFiles, 'weightSpecs' | 'weightData'>): Array<{ weight: string; count: number }> {
  if (!files.weightData) return [];
  const known = nonFiniteScans.get(files.weightData);
  if (known) return known;
  const out: Array<{ weight: string; count: number }> = [];
  let offset = 0;
  for (const spec of files.weightSpecs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.dtype === 'float32') {
      const values = offset % 4 === 0 ? new Float32Array(files.weightData, offset, count) : new Float32Array(files.weightData.slice(offset, offset + count * 4));
      let bad = 0;
      for (let i = 0; i < count; i++) if (!Number.isFinite(values[i]!)) bad += 1;
      if (bad > 0) out.push({ weight: spec.name, count: bad });
    }
    offset += count * DTYPE_BYTES[spec.dtype];
  }
  nonFiniteScans.set(files.weightData, out);
  return out;
}

/** Float32 view of one weight in the concatenated buffer. */
export function weightValues(files: ModelFiles, name: string): Float32Array | null {
  if (!files.weightData) return null;
  let offset = 0;
  for (const spec of files.weightSpecs) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    if (spec.name === name) {
      if (spec.dtype !== 'float32') return null;
      return offset % 4 === 0 ? new Float32Array(files.weightData, offset, count) : new Float32Array(files.weightData.slice(offset, offset + count * 4));
    }
    offset += count * DTYPE_BYTES[spec.dtype];
  }
  return null;
}
