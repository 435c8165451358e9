/** Finds an experiment's inputs by DESIGN's folder conventions; flags and nndoctor.json override each path. */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readConfigFile, type NndoctorConfig } from '../config/schema.js';
import { conventionalModel } from './model-candidates.js';
import { resolveLabelColumns } from './label-columns.js';

/** DESIGN's conventional names inside an experiment folder, first match wins (the model's: model-candidates.ts). */
export const CONVENTIONAL_DATA = ['train.csv', join('data', 'train.csv')];
export const CONVENTIONAL_TEST = ['test.csv', join('data', 'test.csv')];
export const CONFIG_FILE = 'nndoctor.json';

export interface ExperimentInputs {
  /** How the experiment is named in the report: the folder, or the main file given. */
  path: string;
  model?: string;
  data?: string;
  test?: string;
  /** The test file was found by its conventional name (test.csv), not named by a flag or nndoctor.json. */
  testDiscovered?: true;
  label?: string[];
  classes?: number;
  config: NndoctorConfig;
  configFile?: string;
}

/** Paths given on the command line; each wins over the folder's conventions and nndoctor.json. */
export interface InputOverrides {
  model?: string;
  data?: string;
  test?: string;
  label?: string[];
  classes?: number;
  config?: string;
}

function firstExisting(dir: string, names: string[]): string | undefined {
  for (const name of names) {
    const full = join(dir, name);
    if (existsSync(full)) return full;
  }
  return undefined;
}

function labelList(label: string | string[] | undefined): string[] | undefined {
  if (label === undefined) return undefined;
  return Array.isArray(label) ? label : label.split(',').map((s) => s.trim()).filter(Boolean);
}

/** Inputs for a folder (DIR argument) or, without one, only what the flags name. */
export function resolveExperimentInputs(dir: string | undefined, overrides: InputOverrides): ExperimentInputs {
  let config: NndoctorConfig = {};
  let configFile = overrides.config;
  if (dir !== undefined) {
    let isDir = false;
    try {
      isDir = statSync(dir).isDirectory();
    } catch {
      throw new InputError('does not exist', { file: dir }, 'pass an experiment folder (with model.json/train.csv) or use --model/--data');
    }
    if (!isDir) throw new InputError('is not a folder', { file: dir }, 'pass an experiment folder, or a file with --model/--data');
    configFile ??= firstExisting(dir, [CONFIG_FILE]);
  }
  if (configFile !== undefined) config = readConfigFile(configFile);
  const base = dir ?? '.';
  const fromConfig = (value: string | undefined): string | undefined => (value === undefined ? undefined : resolveRelative(base, value, dir !== undefined));
  const model = overrides.model ?? fromConfig(config.model) ?? (dir !== undefined ? conventionalModel(dir) : undefined);
  const data = overrides.data ?? fromConfig(config.data) ?? (dir !== undefined ? firstExisting(dir, CONVENTIONAL_DATA) : undefined);
  const test = overrides.test ?? fromConfig(config.test) ?? (dir !== undefined ? firstExisting(dir, CONVENTIONAL_TEST) : undefined);
  if (dir !== undefined && model === undefined && data === undefined) {
    throw new InputError('holds no model (model.json, model/model.json, model.h5, model.keras) and no training data (train.csv, data/train.csv)', { file: dir }, 'put the files under their conventional names, or name them in nndoctor.json');
  }
  const inputs: ExperimentInputs = { path: dir ?? data ?? model ?? '.', config };
  if (model !== undefined) inputs.model = model;
  if (data !== undefined) inputs.data = data;
  if (test !== undefined) inputs.test = test;
  if (test !== undefined && overrides.test === undefined && config.test === undefined) inputs.testDiscovered = true;
  const label = overrides.label ?? labelList(config.label);
  if (label !== undefined) inputs.label = label;
  const classes = overrides.classes ?? config.classes;
  if (classes !== undefined) inputs.classes = classes;
  if (configFile !== undefined) inputs.configFile = configFile;
  return inputs;
}

/** The first line's cells of a CSV (quotes removed), or null when it cannot be read simply. */
function headerCells(file: string): string[] | null {
  try {
    const fd = openSync(file, 'r');
    try {
      const buffer = Buffer.alloc(1 << 20);
      const n = readSync(fd, buffer, 0, buffer.length, 0);
      const text = buffer.toString('utf8', 0, n).replace(/^\uFEFF/, '');
      const end = text.indexOf('\n');
      if (end === -1) return null;
      return text.slice(0, end).replace(/\r$/, '').split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
    } finally {
      closeSync(fd);
    }
  } catch {
    return null;
  }
}

/**
 * A test.csv found by its conventional name that lacks the training label column(s) is a Kaggle-style test file
 * (features only): the checks run without a test set, and the returned note says so. A test file named by a flag
 * or nndoctor.json is used as given (its missing label is an error naming it).
 */
export function withoutUnlabelledTest(inputs: ExperimentInputs): { inputs: ExperimentInputs; note?: string } {
  if (!inputs.testDiscovered || inputs.test === undefined || inputs.data === undefined) return { inputs };
  const train = headerCells(inputs.data);
  const test = headerCells(inputs.test);
  if (!train || !test) return { inputs };
  let labels: string[];
  try {
    labels = resolveLabelColumns(train, inputs.label, inputs.data).map((i) => train[i]!);
  } catch {
    return { inputs };
  }
  const missing = labels.filter((name) => !test.includes(name));
  if (missing.length === 0) return { inputs };
  const { test: unlabelled, testDiscovered: _, ...rest } = inputs;
  return { inputs: rest, note: `${unlabelled} has no label column ${missing.map((m) => `"${m}"`).join(', ')} (a features-only test file): the checks ran on the training data alone` };
}

/** A relative path in nndoctor.json is relative to the experiment folder; an absolute one is used as given. */
function resolveRelative(base: string, value: string, relativeToFolder: boolean): string {
  if (isAbsolute(value)) return value;
  return relativeToFolder ? join(base, value) : resolve(value);
}
