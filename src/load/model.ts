/** Reads any supported model file into ModelFiles (TF.js Layers today; Keras formats plug in here). */
import { InputError } from '../errors.js';
import { readModelFiles, resolveModelPath, type ModelFiles } from './model-files.js';

export function readModel(path: string): ModelFiles {
  const file = resolveModelPath(path);
  if (/\.(h5|hdf5|keras)$/i.test(file)) {
    throw new InputError('Keras files are not supported yet', { file }, 'export the model to TF.js (tensorflowjs_converter --input_format keras) and pass its model.json');
  }
  return readModelFiles(file);
}
