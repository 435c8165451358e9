/**
 * nndoctor never writes to the files it reads: an output path (--output, --csv, --plot) that names one of the run's
 * inputs (a CSV, nndoctor.json, the model file or one of its weight shards) is refused before anything runs, with
 * exit 2. Only computed when an output path is given.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { CONFIG_FILE, CONVENTIONAL_DATA, CONVENTIONAL_TEST, resolveExperimentInputs, type InputOverrides } from '../load/experiment-folder.js';
import { resolveModelPath } from '../load/model-files.js';
import { CONVENTIONAL_MODELS } from '../load/model-candidates.js';

const CONVENTIONAL_FILES = [...CONVENTIONAL_DATA, ...CONVENTIONAL_TEST, CONFIG_FILE];

/** Absolute paths (symlinks resolved where the file exists) of every file the run would read. */
export function inputFilesOf(dirs: ReadonlyArray<string | undefined>, overrides: InputOverrides): Set<string> {
  const files = new Set<string>();
  const add = (path: string | undefined): void => {
    if (path !== undefined) files.add(canonical(path));
  };
  const models: string[] = [];
  for (const dir of dirs.length > 0 ? dirs : [undefined]) {
    // A folder's conventional files count even when the folder is unusable (e.g. a broken nndoctor.json): a folder
    // whose run ends in an error still gets its report written.
    if (dir !== undefined) {
      for (const name of CONVENTIONAL_FILES) if (existsSync(join(dir, name))) add(join(dir, name));
      models.push(...CONVENTIONAL_MODELS.map((name) => join(dir, name)).filter((path) => existsSync(path)));
    }
    try {
      const inputs = resolveExperimentInputs(dir, overrides);
      for (const path of [inputs.data, inputs.test, inputs.configFile]) add(path);
      if (inputs.model !== undefined) models.push(inputs.model);
    } catch {
      // An unusable folder is reported by the run itself.
    }
  }
  for (const path of [overrides.data, overrides.test, overrides.config]) add(path);
  if (overrides.model !== undefined) models.push(overrides.model);
  for (const model of models) for (const file of modelFiles(model)) add(file);
  return files;
}

/** Throws when `output` (given with `flag`) is one of `inputs`. */
export function refuseInputAsOutput(output: string | undefined, flag: string, inputs: Set<string>): void {
  if (output === undefined || !inputs.has(canonical(output))) return;
  throw new InputError(`is one of the files this run reads, so ${flag} will not overwrite it`, { file: output }, `give ${flag} a path of its own, e.g. nndoctor-report${flag === '--output' ? '.txt' : flag === '--csv' ? '.csv' : '.svg'}`);
}

function canonical(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/** The model file and, for a TF.js model.json, the weight shards its manifest names (unreadable: just the file). */
function modelFiles(model: string): string[] {
  let file: string;
  try {
    file = resolveModelPath(model);
  } catch {
    return [model];
  }
  const files = [file];
  try {
    const manifest = (JSON.parse(readFileSync(file, 'utf8')) as { weightsManifest?: Array<{ paths?: unknown }> }).weightsManifest;
    for (const group of Array.isArray(manifest) ? manifest : []) {
      for (const shard of Array.isArray(group?.paths) ? group.paths : []) if (typeof shard === 'string') files.push(resolve(dirname(file), shard));
    }
  } catch {
    // Not JSON (a Keras file) or unreadable: the loaders report it.
  }
  return files;
}
