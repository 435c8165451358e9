/**
 * Builds a TF.js LayersModel from ModelFiles: from the saved weights, or freshly initialised with the layers'
 * own initializers. Initializers and dropout get seeds derived from the run seed, so runs are reproducible.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import { InputError, NoSavedWeightsError, NonFiniteWeightsError } from '../errors.js';
import type { Engine } from '../load/backend.js';
import { nonFiniteWeights, type ModelFiles } from '../load/model-files.js';

const SEEDED_INITIALIZERS = new Set(['GlorotUniform', 'GlorotNormal', 'HeNormal', 'HeUniform', 'LeCunNormal', 'LeCunUniform', 'LecunNormal', 'LecunUniform', 'RandomNormal', 'RandomUniform', 'TruncatedNormal', 'VarianceScaling', 'Orthogonal']);

/** Deep-copies a topology and sets `seed` on every random initializer and dropout layer, derived from `seed`. */
export function seedTopology(topology: Record<string, unknown>, seed: number): Record<string, unknown> {
  let counter = 0;
  const visit = (value: unknown, key?: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => visit(v));
    if (typeof value !== 'object' || value === null) return value;
    const obj = value as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) copy[k] = visit(v, k);
    const isInitializer = key !== undefined && key.endsWith('_initializer') && typeof obj.class_name === 'string' && SEEDED_INITIALIZERS.has(obj.class_name);
    if (isInitializer) {
      const config = { ...((copy.config as Record<string, unknown> | undefined) ?? {}) };
      counter += 1;
      config.seed = (seed * 1009 + counter * 7919) % 2147483647;
      copy.config = config;
    }
    if (typeof obj.class_name === 'string' && /Dropout$/.test(obj.class_name) && typeof copy.config === 'object' && copy.config !== null) {
      counter += 1;
      copy.config = { ...(copy.config as Record<string, unknown>), seed: (seed * 1009 + counter * 7919) % 2147483647 };
    }
    return copy;
  };
  return visit(topology) as Record<string, unknown>;
}

/** Turns TF.js's deserialisation errors ("Unknown layer: Foo") into an InputError naming the model file. */
function modelError(files: ModelFiles, error: unknown): InputError {
  const message = (error as Error).message ?? String(error);
  const unknown = /Unknown (layer|activation|initializer|regularizer|constraint|loss|optimizer)[^:]*: (\S+)/i.exec(message);
  if (unknown) {
    return new InputError(`uses ${unknown[1]!.toLowerCase()} "${unknown[2]!.replace(/\.$/, '')}", which TF.js does not know`, { file: files.file, key: 'modelTopology' }, 'replace it with a built-in layer, or register the custom class before exporting the model');
  }
  return new InputError(`cannot be built by TF.js: ${message.split('\n')[0]}`, { file: files.file, key: 'modelTopology' }, 'check that the model was saved by model.save() from a compatible TF.js/Keras version');
}

export interface BuildModelOptions {
  /** `saved` loads the weights in the file; `fresh` initialises every layer anew. */
  start: 'saved' | 'fresh';
  seed: number;
}

/**
 * A fresh start re-initialises what training would change: layers frozen in a model with saved weights are a
 * pretrained part that fine-tuning keeps (frozen-layers accepts them), so they keep their saved weights. Frozen
 * at a random initialisation they would make a healthy fine-tuned model look unable to fit a tiny set.
 */
async function keepFrozenLayersPretrained(engine: Engine, files: ModelFiles, fresh: LayersModel): Promise<void> {
  const { tf } = engine;
  const saved = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: files.modelTopology as never, weightSpecs: files.weightSpecs, weightData: files.weightData! }));
  try {
    fresh.layers.forEach((layer, i) => {
      if (layer.trainable || layer.weights.length === 0) return;
      // getWeights hands out the saved layer's own variables (freed with it); setWeights copies their values.
      layer.setWeights(saved.layers[i]!.getWeights());
    });
  } finally {
    saved.dispose();
  }
}

/**
 * TF.js draws a seeded Dropout layer's mask from the same seed on every call, so a seeded layer would drop the same
 * units at every step: training would fit one fixed sub-network that the full network at inference does not match
 * (a healthy dropout model then "cannot fit" 3 rows). Each call here advances the seed, so masks vary per step and
 * stay reproducible for a given run seed.
 */
function varyDropoutMasks(model: LayersModel): void {
  for (const layer of model.layers) {
    const seeded = layer as unknown as { seed?: number; call: (inputs: unknown, kwargs: unknown) => unknown };
    if (!/Dropout$/.test(layer.getClassName()) || typeof seeded.seed !== 'number') continue;
    const base = seeded.seed;
    const call = seeded.call;
    let calls = 0;
    seeded.call = (inputs, kwargs) => {
      seeded.seed = (base + 7919 * calls++) % 2147483647;
      return call.call(layer, inputs, kwargs);
    };
  }
}

export async function buildTfModel(engine: Engine, files: ModelFiles, options: BuildModelOptions): Promise<LayersModel> {
  const { tf } = engine;
  const modelTopology = seedTopology(files.modelTopology, options.seed) as unknown as import('@tensorflow/tfjs').io.ModelArtifacts['modelTopology'];
  // TF.js prints advice while building some layers (e.g. an orthogonal initializer on a large LSTM kernel): it goes
  // into the report's warnings, once, instead of onto stderr every time a model is built.
  const print = console.warn;
  console.warn = (...parts: unknown[]) => {
    const line = `TF.js: ${parts.map(String).join(' ')}`;
    if (!engine.warnings.includes(line)) engine.warnings.push(line);
  };
  try {
    if (options.start === 'saved') {
      if (!files.weightData) throw new NoSavedWeightsError(files.file);
      if (nonFiniteWeights(files).length > 0) throw new NonFiniteWeightsError(files.file);
      const saved = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology, weightSpecs: files.weightSpecs, weightData: files.weightData }));
      varyDropoutMasks(saved);
      return saved;
    }
    const fresh = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology }));
    if (files.weightData && fresh.layers.some((l) => !l.trainable && l.weights.length > 0)) await keepFrozenLayersPretrained(engine, files, fresh);
    varyDropoutMasks(fresh);
    return fresh;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw modelError(files, error);
  } finally {
    console.warn = print;
  }
}
