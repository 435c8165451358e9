/** Finds an experiment's inputs by DESIGN's folder conventions; flags and nndoctor.json override each path. */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { InputError } from '../errors.js';
import { readConfigFile, type NndoctorConfig } from '../config/schema.js';
import { conventionalModel } from './model-candidates.js';

export interface ExperimentInputs {
  /** How the experiment is named in the report: the folder, or the main file given. */
  path: string;
  model?: string;
  data?: string;
  test?: string;
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
    configFile ??= firstExisting(dir, ['nndoctor.json']);
  }
  if (configFile !== undefined) config = readConfigFile(configFile);
  const base = dir ?? '.';
  const fromConfig = (value: string | undefined): string | undefined => (value === undefined ? undefined : resolveRelative(base, value, dir !== undefined));
  const model = overrides.model ?? fromConfig(config.model) ?? (dir !== undefined ? conventionalModel(dir) : undefined);
  const data = overrides.data ?? fromConfig(config.data) ?? (dir !== undefined ? firstExisting(dir, ['train.csv', join('data', 'train.csv')]) : undefined);
  const test = overrides.test ?? fromConfig(config.test) ?? (dir !== undefined ? firstExisting(dir, ['test.csv', join('data', 'test.csv')]) : undefined);
  if (dir !== undefined && model === undefined && data === undefined) {
    throw new InputError('holds no model (model.json, model/model.json, model.h5, model.keras) and no training data (train.csv, data/train.csv)', { file: dir }, 'put the files under their conventional names, or name them in nndoctor.json');
  }
  const inputs: ExperimentInputs = { path: dir ?? data ?? model ?? '.', config };
  if (model !== undefined) inputs.model = model;
  if (data !== undefined) inputs.data = data;
  if (test !== undefined) inputs.test = test;
  const label = overrides.label ?? labelList(config.label);
  if (label !== undefined) inputs.label = label;
  const classes = overrides.classes ?? config.classes;
  if (classes !== undefined) inputs.classes = classes;
  if (configFile !== undefined) inputs.configFile = configFile;
  return inputs;
}

/** A relative path in nndoctor.json is relative to the experiment folder; an absolute one is used as given. */
function resolveRelative(base: string, value: string, relativeToFolder: boolean): string {
  if (isAbsolute(value)) return value;
  return relativeToFolder ? join(base, value) : resolve(value);
}
