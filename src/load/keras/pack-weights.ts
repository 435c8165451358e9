/** Packs weights read from a Keras file into ModelFiles' form: TF.js weight specs and one concatenated buffer. */
import { InputError } from '../../errors.js';
import { MAX_WEIGHT_VALUES, type ModelFiles, type WeightSpec } from '../model-files.js';
import type { TranslatedModel } from './translate-config.js';

interface LayerWeights {
  /** TF.js name (`<layer>/<weight>`). */
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Bytes a Keras file may have: the largest weights nndoctor accepts plus room for configs and HDF5 overhead. */
export const MAX_KERAS_FILE_BYTES = MAX_WEIGHT_VALUES * 4 + 64 * 1024 * 1024;

export function newBudget(): { values: number } {
  return { values: MAX_WEIGHT_VALUES };
}

/**
 * Reads each layer's weights, in the model's layer order, with `readLayer` (which returns them in Keras's
 * order, matched to `layer.weightNames`), and packs them.
 */
export function packWeights(
  model: TranslatedModel,
  file: string,
  readLayer: (layer: TranslatedModel['layers'][number]) => Float32ArrayWithShape[] | null,
): { weightSpecs: WeightSpec[]; weightData: ArrayBuffer } {
  const weights: LayerWeights[] = [];
  for (const layer of model.layers) {
    if (layer.weightNames.length === 0) continue;
    const read = readLayer(layer);
    if (read === null) {
      throw new InputError(`holds no weights for layer "${layer.name}" (${layer.className})`, { file, key: layer.name }, 'save the whole model (model.save), not a model whose layers were renamed or never built');
    }
    if (read.length !== layer.weightNames.length) {
      throw new InputError(`layer "${layer.name}" (${layer.className}) has ${read.length} weights in the file, but TF.js expects ${layer.weightNames.length} (${layer.weightNames.map((n) => n.split('/').pop()).join(', ')})`, { file, key: layer.name }, 'the config and the weights disagree; save the model again with model.save()');
    }
    read.forEach((w, i) => weights.push({ name: layer.weightNames[i]!, shape: w.shape, values: w.values }));
  }
  const total = weights.reduce((sum, w) => sum + w.values.length, 0);
  const data = new Float32Array(total);
  let offset = 0;
  const weightSpecs: WeightSpec[] = [];
  for (const w of weights) {
    data.set(w.values, offset);
    offset += w.values.length;
    weightSpecs.push({ name: w.name, shape: w.shape, dtype: 'float32' });
  }
  return { weightSpecs, weightData: data.buffer };
}

export interface Float32ArrayWithShape {
  shape: number[];
  values: Float32Array;
}

export type KerasModelFiles = ModelFiles & { format: 'keras-h5' | 'keras-v3' };
