/**
 * Reads a Keras 2 HDF5 model (`model.save('model.h5')`): the root attributes `model_config`, `training_config`
 * and `keras_version`, and the weights under `model_weights/<layer>/`, named by each layer group's
 * `weight_names` attribute. Layers are matched by name, never by file order.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname } from 'node:path';
import { InputError } from '../../errors.js';
import { Hdf5Reader } from './hdf5.js';
import { KerasTranslator, translateTrainingConfig, type TranslatedLayer } from './translate-config.js';
import { foldFromLogits } from './fold-from-logits.js';
import { MAX_KERAS_FILE_BYTES, newBudget, packWeights, type Float32ArrayWithShape, type KerasModelFiles } from './pack-weights.js';

/** Reads a whole file after checking its size, so a huge file is refused before it is allocated. */
export function readBoundedFile(file: string, maxBytes: number, what: string): Uint8Array {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    throw new InputError('cannot be opened', { file }, 'check the path and its permissions');
  }
  try {
    const size = fstatSync(fd).size;
    if (size > maxBytes) throw new InputError(`is ${Math.round(size / 1024 / 1024)} MB, more than nndoctor reads for ${what}`, { file }, 'check the file; it is corrupt or far too large');
    const bytes = new Uint8Array(size);
    let at = 0;
    while (at < size) {
      const n = readSync(fd, bytes, at, size - at, at);
      if (n === 0) break;
      at += n;
    }
    return at === size ? bytes : bytes.subarray(0, at);
  } finally {
    closeSync(fd);
  }
}

function parseJsonAttribute(text: string | null, file: string, key: string): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`attribute ${key} is not valid JSON (${(error as Error).message})`, { file, key }, 'the file is truncated or corrupt; save the model again');
  }
}

/** `dense/kernel:0`, `lstm/lstm_cell/kernel:0`, `kernel` → `kernel`. */
function baseName(weightName: string): string {
  return (weightName.split('/').pop() ?? weightName).replace(/:\d+$/, '');
}

export async function readKerasH5(file: string): Promise<KerasModelFiles> {
  const bytes = readBoundedFile(file, MAX_KERAS_FILE_BYTES, 'a Keras model');
  const h5 = await Hdf5Reader.open(bytes, file);
  try {
    const root = h5.group('/')!;
    const modelConfig = parseJsonAttribute(h5.stringAttribute(root, 'model_config', ''), file, 'model_config');
    if (modelConfig === null) {
      const weightsOnly = h5.stringListAttribute(root, 'layer_names', '') !== null;
      throw new InputError(weightsOnly ? 'holds only weights (model.save_weights), no model config' : 'has no model_config attribute: it is not a Keras model file', { file, key: 'model_config' }, weightsOnly ? 'save the whole model with model.save("model.h5")' : 'pass a file written by Keras model.save("model.h5")');
    }
    const translated = new KerasTranslator(file).translateModel(modelConfig, 'model_config');
    const trainingConfig = translateTrainingConfig(parseJsonAttribute(h5.stringAttribute(root, 'training_config', ''), file, 'training_config'));
    foldFromLogits(translated, trainingConfig);
    const weightsRoot = h5.group('model_weights') ? 'model_weights' : null;
    const needsWeights = translated.layers.some((l) => l.weightNames.length > 0);
    const budget = newBudget();
    let weightSpecs: KerasModelFiles['weightSpecs'] = [];
    let weightData: ArrayBuffer | null = null;
    if (weightsRoot !== null || needsWeights) {
      if (weightsRoot === null) throw new InputError('has no model_weights group', { file, key: 'model_weights' }, 'save the model with its weights: model.save("model.h5")');
      ({ weightSpecs, weightData } = packWeights(translated, file, (layer) => readLayer(h5, `${weightsRoot}/${layer.name}`, layer, budget)));
    }
    return { file, dir: dirname(file), modelTopology: translated.modelTopology, trainingConfig, weightSpecs, weightData, format: 'keras-h5' };
  } finally {
    h5.close();
  }
}

function readLayer(h5: Hdf5Reader, path: string, layer: TranslatedLayer, budget: { values: number }): Float32ArrayWithShape[] | null {
  const group = h5.group(path);
  if (!group) return null;
  const names = h5.stringListAttribute(group, 'weight_names', path) ?? [];
  const expected = layer.weightNames.map((n) => n.split('/').pop()!);
  // Keras's own loader goes by position; when every weight is named as TF.js expects, go by name instead.
  const bases = names.map(baseName);
  const byName = bases.length === expected.length && expected.every((e) => bases.filter((b) => b === e).length === 1);
  const ordered = byName ? expected.map((e) => names[bases.indexOf(e)]!) : names;
  return ordered.map((name) => h5.floatDataset(`${path}/${name}`, budget));
}
