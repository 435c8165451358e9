/**
 * Translates a Keras 2 or Keras 3 model config into the Keras-2-style config TF.js Layers deserialises, and
 * names each layer's weights the way TF.js does; anything TF.js cannot represent is an InputError naming the layer.
 *
 * What it maps (Keras → TF.js):
 *
 * | Keras                                                        | TF.js config                                   |
 * |--------------------------------------------------------------|------------------------------------------------|
 * | `{module, class_name, config, registered_name, build_config}` | `{class_name, config}` (wrappers dropped)      |
 * | `batch_shape` (Keras 3 InputLayer)                           | `batch_input_shape`                            |
 * | dtype policy `{class_name: "DTypePolicy", config: {name}}`   | the dtype string (only float32 for layers)     |
 * | Sequential's leading `InputLayer`                            | `batch_input_shape`/`dtype` of the first layer |
 * | Keras 3 `inbound_nodes: [{args, kwargs}]` (`keras_history`)  | `[[[name, node, tensor, {}], …]]`              |
 * | `input_layers`/`output_layers` given as one `[name, 0, 0]`   | a list of them                                 |
 * | initializer `LecunNormal`/`LecunUniform`                     | `LeCunNormal`/`LeCunUniform`                   |
 * | regularizer `L1`/`L2`                                        | `L1L2` with the other term 0                   |
 * | activation `silu`, `hard_sigmoid`, `log_softmax`             | `swish`, `hardSigmoid`, `logSoftmax`           |
 * | LeakyReLU `negative_slope`                                   | `alpha`                                        |
 * | BatchNormalization `axis: [n]`                               | `axis: n`                                      |
 * | `dtype: "float32"` on a layer that is not an input           | dropped (TF.js's default)                      |
 * | model class `Functional` (Keras 2.4+, Keras 3)               | `Model`, as TF.js saves functional models      |
 * | loss with `from_logits=True` on a linear Dense/Conv output   | that output's activation set to softmax/sigmoid (`foldFromLogits` in ./fold-from-logits.ts) |
 * | options TF.js lacks, at their no-op value (`groups: 1`, `synchronized: false`, `lora_rank: null`, `time_major: false`, `keepdims: false`, `use_cudnn`, `zero_output_for_mask`, `sparse/ragged/optional: false`, `quantization_config: null`) | dropped |
 *
 * Refused (exit 2, naming the layer): layer classes outside `LAYERS` below (Lambda, custom and subclassed
 * layers, nested models, layers TF.js lacks), the same options at any other value (e.g. `groups: 2`, GRU
 * `reset_after: true`), activations TF.js lacks, non-float32 dtype policies (mixed precision) and tensors passed
 * as keyword arguments.
 */
import { InputError } from '../../errors.js';

type Config = Record<string, unknown>;

export interface TranslatedLayer {
  name: string;
  className: string;
  /** TF.js weight names (`<layer>/<weight>`) in Keras's variable order (trainable, then non-trainable). */
  weightNames: string[];
}

export interface TranslatedModel {
  /** `{class_name, config}` that `tf.models.modelFromJSON` / `tf.loadLayersModel` accept. */
  modelTopology: Config;
  /** Every layer in config order (for Sequential, without the folded InputLayer). */
  layers: TranslatedLayer[];
}

interface LayerRule {
  /** Weight suffixes in Keras's order, given the translated config. */
  weights?: (config: Config) => string[];
  /** Options TF.js does not have: kept out of the config when at an allowed value, refused otherwise. */
  tfjsLacks?: Record<string, readonly unknown[] | 'any'>;
  /** Class-specific rewrites, after the generic ones. */
  rewrite?: (config: Config, fail: (what: string) => never) => void;
}

const bias = (c: Config): string[] => (c.use_bias === false ? [] : ['bias']);
const kernelBias = (c: Config): string[] => ['kernel', ...bias(c)];
const recurrent = (c: Config): string[] => ['kernel', 'recurrent_kernel', ...bias(c)];
const gammaBeta = (c: Config): string[] => [...(c.scale === false ? [] : ['gamma']), ...(c.center === false ? [] : ['beta'])];
const RNN_LACKS = { time_major: [false], zero_output_for_mask: 'any', use_cudnn: 'any' } as const;

/** Every Keras layer class nndoctor reads, and how it maps; a class not listed here is refused. */
export const LAYERS: Readonly<Record<string, LayerRule>> = {
  InputLayer: {},
  Dense: { weights: kernelBias, tfjsLacks: { lora_rank: [null], lora_alpha: [null], quantization_config: [null] } },
  Conv1D: { weights: kernelBias, tfjsLacks: { groups: [1] } },
  Conv2D: { weights: kernelBias, tfjsLacks: { groups: [1] } },
  Conv3D: { weights: kernelBias, tfjsLacks: { groups: [1] } },
  Conv2DTranspose: { weights: kernelBias, tfjsLacks: { groups: [1], output_padding: [null] } },
  DepthwiseConv2D: { weights: (c) => ['depthwise_kernel', ...bias(c)] },
  SeparableConv2D: { weights: (c) => ['depthwise_kernel', 'pointwise_kernel', ...bias(c)] },
  MaxPooling1D: {}, MaxPooling2D: {}, MaxPooling3D: {}, AveragePooling1D: {}, AveragePooling2D: {}, AveragePooling3D: {},
  GlobalMaxPooling1D: { tfjsLacks: { keepdims: [false] } },
  GlobalMaxPooling2D: { tfjsLacks: { keepdims: [false] } },
  GlobalAveragePooling1D: { tfjsLacks: { keepdims: [false] } },
  GlobalAveragePooling2D: { tfjsLacks: { keepdims: [false] } },
  ZeroPadding2D: {}, Cropping2D: {}, UpSampling2D: {},
  Flatten: {}, Reshape: {}, Permute: {}, RepeatVector: {},
  Dropout: {}, SpatialDropout1D: {}, GaussianNoise: {}, GaussianDropout: {}, AlphaDropout: {},
  Activation: {},
  ReLU: {
    rewrite: (c, fail) => {
      if (typeof c.negative_slope === 'number' && c.negative_slope !== 0) fail(`option negative_slope=${c.negative_slope}, which TF.js's ReLU lacks`);
      if (typeof c.threshold === 'number' && c.threshold !== 0) fail(`option threshold=${c.threshold}, which TF.js's ReLU lacks`);
      delete c.negative_slope;
      delete c.threshold;
    },
  },
  LeakyReLU: {
    rewrite: (c) => {
      if (c.negative_slope !== undefined) { c.alpha = c.negative_slope; delete c.negative_slope; }
    },
  },
  PReLU: { weights: () => ['alpha'] },
  ELU: {}, Softmax: {}, ThresholdedReLU: {},
  BatchNormalization: {
    weights: (c) => [...gammaBeta(c), 'moving_mean', 'moving_variance'],
    tfjsLacks: { synchronized: [false], renorm: [false], virtual_batch_size: [null], adjustment: [null], fused: 'any' },
    rewrite: (c, fail) => {
      if (Array.isArray(c.axis)) {
        if (c.axis.length !== 1) fail(`normalises over several axes (${JSON.stringify(c.axis)}), which TF.js's BatchNormalization cannot`);
        c.axis = c.axis[0];
      }
    },
  },
  LayerNormalization: { weights: gammaBeta, tfjsLacks: { rms_scaling: [false] } },
  Embedding: { weights: () => ['embeddings'], tfjsLacks: { lora_rank: [null], lora_alpha: [null], sparse: [false], quantization_config: [null] } },
  Masking: {},
  LSTM: { weights: recurrent, tfjsLacks: RNN_LACKS },
  SimpleRNN: { weights: recurrent, tfjsLacks: RNN_LACKS },
  GRU: { weights: recurrent, tfjsLacks: { ...RNN_LACKS, reset_after: [false] } },
  Concatenate: {}, Add: {}, Multiply: {}, Average: {}, Maximum: {}, Minimum: {}, Dot: {},
};

/** Options TF.js lacks on every layer, dropped at their no-op value. */
const COMMON_LACKS: Record<string, readonly unknown[] | 'any'> = {
  ragged: [false], sparse: [false], optional: [false], autocast: 'any', input_dtype: 'any',
};

const ACTIVATIONS: Record<string, string> = {
  linear: 'linear', relu: 'relu', relu6: 'relu6', elu: 'elu', selu: 'selu', sigmoid: 'sigmoid', tanh: 'tanh',
  softmax: 'softmax', softplus: 'softplus', softsign: 'softsign', swish: 'swish', silu: 'swish', mish: 'mish',
  gelu: 'gelu', hard_sigmoid: 'hardSigmoid', log_softmax: 'logSoftmax',
};
const INITIALIZERS: Record<string, string> = { LecunNormal: 'LeCunNormal', LecunUniform: 'LeCunUniform' };
const NESTED_MODELS = new Set(['Sequential', 'Functional', 'Model']);
const EXPORT_FIX = 'export the model to TF.js with tensorflowjs_converter, or replace the layer with built-in layers and save the model again';

/** `Conv2D` → `conv2d`, `BatchNormalization` → `batch_normalization`: Keras 3's `naming.to_snake_case`. */
export function toSnakeCase(name: string): string {
  return name.replace(/\W+/g, '').replace(/(.)([A-Z][a-z]+)/g, '$1_$2').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
}

function isObject(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops Keras 3's serialisation wrapper keys (`module`, `registered_name`, …) from a `{class_name, config}` object. */
function unwrap(value: Config): Config {
  return { class_name: value.class_name, config: value.config ?? {} };
}

export class KerasTranslator {
  constructor(private readonly file: string) {}

  private fail(key: string, problem: string, fix: string = EXPORT_FIX): never {
    throw new InputError(problem, { file: this.file, key }, fix);
  }

  translateModel(raw: unknown, key = 'model_config'): TranslatedModel {
    if (!isObject(raw) || typeof raw.class_name !== 'string') this.fail(key, 'the model config has no class_name', 'save the model again with model.save()');
    const className = raw.class_name;
    if (className === 'Sequential') return this.sequential(raw.config, `${key}.config`);
    if (className === 'Functional' || className === 'Model') return this.functional(raw.config, `${key}.config`);
    return this.fail(`${key}.class_name`, `the model is a subclassed or custom model (${className}); TF.js can only rebuild Sequential and Functional models`, 'rebuild it as a Sequential or Functional model, or export it to TF.js with tensorflowjs_converter');
  }

  private sequential(config: unknown, key: string): TranslatedModel {
    const rawLayers = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
    if (!Array.isArray(rawLayers)) this.fail(`${key}.layers`, 'the Sequential config has no layer list', 'save the model again with model.save()');
    const layers: Config[] = [];
    const infos: TranslatedLayer[] = [];
    let pendingInput: Config | null = null;
    rawLayers.forEach((raw: unknown, i: number) => {
      const { layer, info } = this.layer(raw, `${key}.layers[${i}]`);
      if (info.className === 'InputLayer') {
        if (i !== 0) this.fail(`${key}.layers[${i}]`, `InputLayer "${info.name}" is not the first layer of the Sequential model`, 'save the model again with model.save()');
        pendingInput = layer.config as Config;
        return;
      }
      if (pendingInput) {
        // TF.js's own Sequential saves carry the input shape on the first layer, not as an InputLayer.
        const first = layer.config as Config;
        if (first.batch_input_shape === undefined && pendingInput.batch_input_shape !== undefined) first.batch_input_shape = pendingInput.batch_input_shape;
        if (typeof pendingInput.dtype === 'string' && (first.dtype === undefined || first.dtype === 'float32')) first.dtype = pendingInput.dtype;
        pendingInput = null;
      }
      layers.push(layer);
      infos.push(info);
    });
    const name = isObject(config) && typeof config.name === 'string' ? config.name : 'sequential';
    return { modelTopology: { class_name: 'Sequential', config: { name, layers } }, layers: infos };
  }

  private functional(config: unknown, key: string): TranslatedModel {
    if (!isObject(config) || !Array.isArray(config.layers)) this.fail(`${key}.layers`, 'the Functional config has no layer list', 'save the model again with model.save()');
    const layers: Config[] = [];
    const infos: TranslatedLayer[] = [];
    config.layers.forEach((raw: unknown, i: number) => {
      const lkey = `${key}.layers[${i}]`;
      const { layer, info } = this.layer(raw, lkey);
      const entry = raw as Config;
      layer.name = typeof entry.name === 'string' ? entry.name : info.name;
      layer.inbound_nodes = this.inboundNodes(entry.inbound_nodes, `${lkey}.inbound_nodes`, info.name);
      layers.push(layer);
      infos.push(info);
    });
    const name = typeof config.name === 'string' ? config.name : 'model';
    return {
      modelTopology: {
        class_name: 'Model',
        config: { name, layers, input_layers: this.endpoints(config.input_layers, `${key}.input_layers`), output_layers: this.endpoints(config.output_layers, `${key}.output_layers`) },
      },
      layers: infos,
    };
  }

  /** `[name, node, tensor]` or a list (or dict) of them → a list of `[name, node, tensor]`. */
  private endpoints(value: unknown, key: string): unknown[] {
    if (Array.isArray(value) && typeof value[0] === 'string') return [value.slice(0, 3)];
    const list = Array.isArray(value) ? value : isObject(value) ? Object.values(value) : null;
    if (!list || !list.every((v) => Array.isArray(v) && typeof v[0] === 'string')) this.fail(key, 'is not a list of [layer, node, tensor]', 'save the model again with model.save()');
    return list.map((v) => (v as unknown[]).slice(0, 3));
  }

  /** Keras 2 nodes pass through; Keras 3 `{args, kwargs}` nodes become Keras 2 lists. */
  private inboundNodes(nodes: unknown, key: string, layerName: string): unknown[] {
    if (nodes === undefined) return [];
    if (!Array.isArray(nodes)) this.fail(key, 'is not a list', 'save the model again with model.save()');
    return nodes.map((node: unknown, n: number) => {
      if (Array.isArray(node)) return node;
      if (!isObject(node)) this.fail(`${key}[${n}]`, 'is neither a Keras 2 nor a Keras 3 node', 'save the model again with model.save()');
      const tensorsIn = (value: unknown): unknown[] => {
        if (Array.isArray(value)) return value.flatMap(tensorsIn);
        if (!isObject(value)) return [];
        const history = isObject(value.config) ? value.config.keras_history : undefined;
        if (value.class_name === '__keras_tensor__' && Array.isArray(history)) return [[history[0], history[1], history[2], {}]];
        return Object.values(value).flatMap(tensorsIn);
      };
      if (tensorsIn(node.kwargs).length > 0) {
        this.fail(`${key}[${n}].kwargs`, `layer "${layerName}" is called with tensors as keyword arguments (e.g. mask or initial_state), which TF.js cannot load`, EXPORT_FIX);
      }
      return tensorsIn(node.args);
    });
  }

  private layer(raw: unknown, key: string): { layer: Config; info: TranslatedLayer } {
    if (!isObject(raw) || typeof raw.class_name !== 'string' || !isObject(raw.config)) this.fail(key, 'layer has no class_name/config', 'save the model again with model.save()');
    const className = raw.class_name;
    const name = typeof raw.config.name === 'string' ? raw.config.name : typeof raw.name === 'string' ? raw.name : key;
    const rule = LAYERS[className];
    if (!rule) {
      if (className === 'Lambda') this.fail(key, `layer "${name}" is a Lambda layer: its Python code cannot run in TF.js`, 'replace the Lambda with built-in layers and save the model again, or export the model to TF.js with tensorflowjs_converter and reimplement the Lambda as a custom TF.js layer');
      if (NESTED_MODELS.has(className)) this.fail(key, `layer "${name}" is a nested ${className} model, which nndoctor cannot load from a Keras file`, 'flatten the nested model into its parent (add its layers directly) and save again, or export the model to TF.js with tensorflowjs_converter');
      const custom = (typeof raw.registered_name === 'string' && raw.registered_name.includes('>')) || (typeof raw.module === 'string' && !raw.module.startsWith('keras'));
      // Wrappers such as Bidirectional exist in TF.js but nest a layer config this reader does not translate.
      this.fail(key, `layer "${name}" (${className}) is ${custom ? 'a custom layer' : 'not a layer nndoctor reads from Keras files'}`, EXPORT_FIX);
    }
    const fail = (what: string): never => this.fail(`${key}.config`, `layer "${name}" (${className}) uses ${what}`, 'change that option in Keras and save again, or export the model to TF.js with tensorflowjs_converter');
    const config = this.layerConfig(raw.config, className, rule, fail);
    if (rule.rewrite) rule.rewrite(config, fail);
    // Keras writes `dtype: float32` on every layer, TF.js only on the input; float32 is TF.js's default anyway.
    if (config.dtype === 'float32' && className !== 'InputLayer' && config.batch_input_shape === undefined) delete config.dtype;
    const weightNames = (rule.weights?.(config) ?? []).map((w) => `${name}/${w}`);
    return { layer: { class_name: className, config }, info: { name, className, weightNames } };
  }

  private layerConfig(raw: Config, className: string, rule: LayerRule, fail: (what: string) => never): Config {
    const config: Config = {};
    const lacks = { ...COMMON_LACKS, ...(rule.tfjsLacks ?? {}) };
    for (const [k, v] of Object.entries(raw)) {
      const allowed = lacks[k];
      if (allowed !== undefined) {
        if (allowed !== 'any' && !allowed.some((a) => a === v)) fail(`option ${k}=${JSON.stringify(v)}, which TF.js lacks`);
        continue;
      }
      if (k === 'batch_shape') { config.batch_input_shape = v; continue; }
      if (k === 'dtype') { config.dtype = this.dtype(v, className, fail); continue; }
      if (k === 'activation' || k === 'recurrent_activation') { config[k] = this.activation(v, fail); continue; }
      config[k] = this.value(v, k);
    }
    return config;
  }

  private dtype(value: unknown, className: string, fail: (what: string) => never): string {
    const name = isObject(value) ? (isObject(value.config) ? value.config.name : undefined) : value;
    if (name === null || name === undefined) return 'float32';
    if (typeof name !== 'string') return fail(`an unreadable dtype ${JSON.stringify(value)}`);
    if (name === 'float32') return name;
    if (className === 'InputLayer' && (name === 'int32' || name === 'bool')) return name;
    if (className === 'InputLayer' && /^u?int(8|16|64)$/.test(name)) return 'int32';
    return fail(`dtype policy "${name}"; TF.js computes in float32 (train in float32, or drop the mixed-precision policy before saving)`);
  }

  private activation(value: unknown, fail: (what: string) => never): unknown {
    if (value === null || value === undefined) return value;
    const name = typeof value === 'string' ? value : isObject(value) && typeof value.class_name === 'string' ? (isObject(value.config) && typeof value.config.name === 'string' ? value.config.name : value.class_name) : undefined;
    if (name === undefined) return fail(`an unreadable activation ${JSON.stringify(value)}`);
    const mapped = ACTIVATIONS[name] ?? ACTIVATIONS[toSnakeCase(name)];
    if (!mapped) return fail(`activation "${name}", which TF.js does not have`);
    return mapped;
  }

  /** Initializers, regularizers and constraints: unwrap Keras 3 wrappers and rename what TF.js spells differently. */
  private value(value: unknown, key: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.value(v, key));
    if (!isObject(value)) return value;
    if (typeof value.class_name === 'string' && 'config' in value) {
      const obj = unwrap(value);
      let className = String(obj.class_name);
      let config = isObject(obj.config) ? { ...obj.config } : {};
      if (key.endsWith('_initializer')) className = INITIALIZERS[className] ?? className;
      if (key.endsWith('_regularizer') && (className === 'L1' || className === 'L2')) {
        config = { l1: className === 'L1' ? config.l1 ?? 0.01 : 0, l2: className === 'L2' ? config.l2 ?? 0.01 : 0 };
        className = 'L1L2';
      }
      const out: Config = {};
      for (const [k, v] of Object.entries(config)) out[k] = this.value(v, k);
      return { class_name: className, config: out };
    }
    const out: Config = {};
    for (const [k, v] of Object.entries(value)) out[k] = this.value(v, k);
    return out;
  }
}

/** Rounds a value Keras stored as float32 (0.0010000000474974513) to the decimal the user wrote (0.001). */
export function tidyFloat32(value: number): number {
  if (!Number.isFinite(value) || Math.fround(value) !== value) return value;
  for (let digits = 1; digits <= 9; digits++) {
    const short = Number(value.toPrecision(digits));
    if (Math.fround(short) === value) return short;
  }
  return value;
}

/**
 * Keras 2 `training_config` or Keras 3 `compile_config` → the `{loss, metrics, optimizer_config}` shape that
 * settings resolution reads (`fromSavedTrainingConfig`), with wrappers dropped and float32 hyperparameters tidied.
 */
export function translateTrainingConfig(raw: unknown): Config | null {
  if (!isObject(raw)) return null;
  const out: Config = {};
  const loss = raw.loss;
  if (typeof loss === 'string') out.loss = loss;
  else if (isObject(loss) && typeof loss.class_name === 'string') out.loss = unwrap(loss);
  else if (loss !== undefined && loss !== null) out.loss = loss;
  if (raw.metrics !== undefined) out.metrics = raw.metrics;
  const optimizer = raw.optimizer_config ?? raw.optimizer;
  if (typeof optimizer === 'string') out.optimizer_config = { class_name: optimizer, config: {} };
  else if (isObject(optimizer) && typeof optimizer.class_name === 'string') {
    // TF 2.11+ writes the new optimizers as "Custom>Adam".
    const className = optimizer.class_name.replace(/^Custom>/, '');
    const config: Config = {};
    for (const [k, v] of Object.entries(isObject(optimizer.config) ? optimizer.config : {})) config[k] = typeof v === 'number' ? tidyFloat32(v) : v;
    out.optimizer_config = { class_name: className, config };
  }
  return out;
}
