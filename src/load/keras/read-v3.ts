/**
 * Reads a Keras 3 `.keras` archive: a zip holding `config.json` (with `compile_config`), `metadata.json` and
 * `model.weights.h5`, whose weights sit under `layers/<snake_case class name>[_n]/vars/<i>` (RNN cells under
 * `…/cell/vars/<i>`), numbered as Keras 3's saving library numbers them.
 */
import { dirname } from 'node:path';
import { unzipSync } from 'fflate';
import { InputError } from '../../errors.js';
import { Hdf5Reader } from './hdf5.js';
import { readBoundedFile } from './read-h5.js';
import { KerasTranslator, toSnakeCase, translateTrainingConfig, type TranslatedLayer } from './translate-config.js';
import { foldFromLogits } from './fold-from-logits.js';
import { MAX_KERAS_FILE_BYTES, newBudget, packWeights, type Float32ArrayWithShape, type KerasModelFiles } from './pack-weights.js';

const MAX_JSON_BYTES = 64 * 1024 * 1024;
const WANTED: Record<string, number> = { 'config.json': MAX_JSON_BYTES, 'metadata.json': MAX_JSON_BYTES, 'model.weights.h5': MAX_KERAS_FILE_BYTES };
const RESAVE = 'save the model again with model.save("model.keras")';

function isUnsafeEntry(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name) || name.includes('\0') || name.split(/[\\/]/).includes('..');
}

function unzip(file: string): Record<string, Uint8Array> {
  const bytes = readBoundedFile(file, MAX_KERAS_FILE_BYTES + 2 * MAX_JSON_BYTES, 'a Keras model');
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        if (isUnsafeEntry(entry.name)) throw new InputError(`holds an entry "${entry.name}" that points outside the archive`, { file, key: entry.name }, 'this is not an archive Keras writes; do not use it');
        const limit = WANTED[entry.name];
        if (limit === undefined) return false;
        if (entry.originalSize > limit) throw new InputError(`entry ${entry.name} declares ${entry.originalSize} bytes, more than nndoctor reads`, { file, key: entry.name }, 'check the file; it is corrupt or far too large');
        return true;
      },
    });
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`is not a readable zip archive (${(error as Error).message})`, { file }, `the file is truncated or not a .keras model; ${RESAVE}`);
  }
  return entries;
}

function parseJson(bytes: Uint8Array | undefined, file: string, name: string): unknown {
  if (!bytes) return null;
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InputError(`${name} is not valid JSON (${(error as Error).message})`, { file, key: name }, RESAVE);
  }
}

export async function readKerasV3(file: string): Promise<KerasModelFiles> {
  const entries = unzip(file);
  const config = parseJson(entries['config.json'], file, 'config.json');
  if (config === null) throw new InputError('has no config.json: it is not a Keras 3 model archive', { file, key: 'config.json' }, 'pass a file written by Keras 3 model.save("model.keras")');
  const translated = new KerasTranslator(file).translateModel(config, 'config.json');
  const compile = typeof config === 'object' && config !== null ? (config as Record<string, unknown>).compile_config : undefined;
  const trainingConfig = translateTrainingConfig(compile);
  foldFromLogits(translated, trainingConfig);
  const needsWeights = translated.layers.some((l) => l.weightNames.length > 0);
  const weightBytes = entries['model.weights.h5'];
  const base = { file, dir: dirname(file), modelTopology: translated.modelTopology, trainingConfig, format: 'keras-v3' as const };
  if (!weightBytes) {
    if (needsWeights) throw new InputError('has no model.weights.h5', { file, key: 'model.weights.h5' }, RESAVE);
    return { ...base, weightSpecs: [], weightData: null };
  }
  const h5 = await Hdf5Reader.open(weightBytes, `${file}!model.weights.h5`);
  try {
    const paths = layerPaths(translated.layers);
    const budget = newBudget();
    const { weightSpecs, weightData } = packWeights(translated, file, (layer) => readLayer(h5, paths.get(layer)!, layer, budget));
    return { ...base, weightSpecs, weightData };
  } finally {
    h5.close();
  }
}

/** Keras 3 addresses a layer's weights by its class name and a per-class counter, in layer order. */
function layerPaths(layers: TranslatedLayer[]): Map<TranslatedLayer, string> {
  const used = new Map<string, number>();
  const out = new Map<TranslatedLayer, string>();
  for (const layer of layers) {
    const name = toSnakeCase(layer.className);
    const n = used.get(name);
    used.set(name, n === undefined ? 0 : n + 1);
    out.set(layer, n === undefined ? `layers/${name}` : `layers/${name}_${n + 1}`);
  }
  return out;
}

const RNN_CLASSES = new Set(['LSTM', 'GRU', 'SimpleRNN']);

function readLayer(h5: Hdf5Reader, path: string, layer: TranslatedLayer, budget: { values: number }): Float32ArrayWithShape[] | null {
  const candidates = [path, `layers/${layer.name}`, path.replace(/^layers\//, '_layer_checkpoint_dependencies/')];
  for (const candidate of candidates) {
    const varsPath = RNN_CLASSES.has(layer.className) ? `${candidate}/cell/vars` : `${candidate}/vars`;
    const vars = h5.group(varsPath);
    if (!vars) continue;
    // Newer Keras writes the layer's name on its vars group; a different name means this is another layer's.
    const owner = h5.stringAttribute(vars, 'name', varsPath);
    if (owner !== null && owner !== layer.name && !(RNN_CLASSES.has(layer.className))) continue;
    const keys = h5.keys(vars, varsPath);
    const count = keys.filter((k) => /^\d+$/.test(k)).length;
    const out: Float32ArrayWithShape[] = [];
    for (let i = 0; i < count; i++) out.push(h5.floatDataset(`${varsPath}/${i}`, budget));
    return out;
  }
  return null;
}
