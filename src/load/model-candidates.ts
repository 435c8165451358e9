/**
 * Finds an experiment folder's model by convention, and refuses to guess: several conventional model files, or
 * none but a file that looks like a model under another name, are input errors — a silent pick or a silent
 * "no model" (model checks skipped, exit 0) would let a CI job pass without checking the model it meant.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';

export const CONVENTIONAL_MODELS = ['model.json', join('model', 'model.json'), 'model.h5', 'model.keras'];
/** A TF.js model.json names its topology near the start; reading this much avoids loading a large file. */
const SNIFF_BYTES = 64 * 1024;

function looksLikeTfjsModel(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES);
    const n = readSync(fd, buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, n).includes('"modelTopology"');
  } finally {
    closeSync(fd);
  }
}

/** Model-looking files in `dir` (and dir/model) that are not at a conventional path. */
function strayModels(dir: string): string[] {
  const found: string[] = [];
  for (const sub of ['', 'model']) {
    const folder = join(dir, sub);
    let names: string[];
    try {
      names = readdirSync(folder);
    } catch {
      continue;
    }
    for (const name of names.sort()) {
      const file = join(folder, name);
      if (CONVENTIONAL_MODELS.some((c) => join(dir, c) === file)) continue;
      let regular = false;
      try { regular = statSync(file).isFile(); } catch { /* unreadable entries are not candidates */ }
      if (!regular) continue;
      if (/\.(h5|hdf5|keras)$/i.test(name) || (/\.json$/i.test(name) && name !== 'nndoctor.json' && looksLikeTfjsModel(file))) found.push(join(sub, name));
    }
  }
  return found;
}

/** The folder's model file by convention, undefined when it has none; throws when the choice is ambiguous. */
export function conventionalModel(dir: string): string | undefined {
  const present = CONVENTIONAL_MODELS.filter((name) => existsSync(join(dir, name)));
  if (present.length > 1) {
    throw new InputError(`holds ${present.length} models (${present.join(', ')})`, { file: dir }, `name the one to check: "model": "${present[0]}" in nndoctor.json, or --model`);
  }
  if (present.length === 1) return join(dir, present[0]!);
  const stray = strayModels(dir);
  if (stray.length > 0) {
    const names = stray.slice(0, 3).join(', ') + (stray.length > 3 ? ', …' : '');
    throw new InputError(`has no model.json, model.h5 or model.keras, but ${names} look${stray.length === 1 ? 's' : ''} like a model`, { file: dir }, `rename it to model.json (or model.h5/model.keras), or name it in nndoctor.json: "model": "${stray[0]}"`);
  }
  return undefined;
}
