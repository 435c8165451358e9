/** Reads any supported model file into ModelFiles: a TF.js Layers model.json, a Keras 2 `.h5` or a Keras 3 `.keras`. */
import { readModelFiles, resolveModelPath, type ModelFiles } from './model-files.js';

const KERAS_H5 = /\.(h5|hdf5)$/i;
const KERAS_V3 = /\.keras$/i;

/** Whether a (resolved) model path is a Keras file, which only `loadModel` can read. */
export function isKerasFile(file: string): boolean {
  return KERAS_H5.test(file) || KERAS_V3.test(file);
}

/** Reads a model of any supported format; Keras files need the asynchronous h5wasm, so this is async. */
export async function loadModel(path: string): Promise<ModelFiles> {
  const file = resolveModelPath(path);
  if (KERAS_H5.test(file)) return (await import('./keras/read-h5.js')).readKerasH5(file);
  if (KERAS_V3.test(file)) return (await import('./keras/read-v3.js')).readKerasV3(file);
  return readModelFiles(file);
}

/** Synchronous read of a TF.js model.json; Keras files go through `loadModel` (ExperimentContext preloads them). */
export function readModel(path: string): ModelFiles {
  const file = resolveModelPath(path);
  if (isKerasFile(file)) throw new Error(`readModel() cannot read the Keras file ${file} synchronously; use loadModel()`);
  return readModelFiles(file);
}
