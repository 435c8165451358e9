/** The nndoctor.json schema; an unknown key or a wrong type becomes an InputError naming its key path. */
import { readFileSync, statSync } from 'node:fs';
import { z } from 'zod';
import { InputError } from '../errors.js';

/** An nndoctor.json is a few hundred bytes; anything near this is not one. */
const MAX_CONFIG_BYTES = 1024 * 1024;

/** Built on first use: a run without an nndoctor.json (class-balance --data …) skips ~2 ms of cold zod calls. */
function buildConfigSchema() {
  const severity = z.enum(['off', 'warn', 'fail']);
  const training = z
    .object({
      optimizer: z.string().min(1),
      learningRate: z.number(),
      momentum: z.number().min(0),
      loss: z.string().min(1),
      batchSize: z.number().int().positive(),
      epochs: z.number().int().positive(),
    })
    .partial()
    .strict();
  return z
    .object({
      model: z.string().min(1),
      data: z.string().min(1),
      test: z.string().min(1),
      label: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
      classes: z.number().int().min(1),
      seed: z.number().int().min(0),
      training,
      rules: z.record(z.union([severity, z.tuple([severity]), z.tuple([severity, z.record(z.unknown())])])),
    })
    .partial()
    .strict();
}

let configSchema: ReturnType<typeof buildConfigSchema> | undefined;

export type NndoctorConfig = z.infer<ReturnType<typeof buildConfigSchema>>;
export type TrainingConfig = NonNullable<NndoctorConfig['training']>;
export type RuleSetting = NonNullable<NndoctorConfig['rules']>[string];

/** Renders a zod issue path as `training.learningRate` or `rules.class-imbalance[1]`. */
export function keyPath(path: ReadonlyArray<string | number>): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

export function zodIssueToInputError(error: z.ZodError, file: string, fix: string, prefix: ReadonlyArray<string | number> = []): InputError {
  const issue = error.issues[0]!;
  if (issue.code === 'unrecognized_keys') {
    const key = keyPath([...prefix, ...issue.path, issue.keys[0]!]);
    return new InputError(`unknown key "${issue.keys[0]}"`, { file, key }, fix);
  }
  const key = keyPath([...prefix, ...issue.path]);
  if (issue.code === 'invalid_union' && issue.path[0] === 'rules' && issue.path.length === 2) {
    return new InputError('a rule setting must be "off", "warn", "fail" or ["warn" | "fail", { options }]', { file, key }, 'set the severity to off, warn or fail');
  }
  return new InputError(issue.message.replace(/^Invalid input$/, 'invalid value'), key ? { file, key } : { file }, fix);
}

/** Reads and validates nndoctor.json (rule ids and rule options are validated later, against the registry). */
export function readConfigFile(file: string): NndoctorConfig {
  let text: string;
  try {
    // A device or FIFO (/dev/zero, a pipe) would make readFileSync read forever or wait.
    const stats = statSync(file);
    if (stats.isFile() && stats.size > MAX_CONFIG_BYTES) {
      throw new InputError(`is ${Math.round(stats.size / 1024)} KB, too large for an nndoctor.json`, { file }, 'check that this is the config file');
    }
    if (!stats.isFile() && !stats.isDirectory()) throw new InputError('is not a regular file (a device, pipe or socket)', { file }, 'pass --config with a JSON file');
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`cannot read the config file (${(error as NodeJS.ErrnoException).code ?? 'read error'})`, { file }, 'check the path and permissions');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new InputError(`not valid JSON (${(error as Error).message})`, { file }, 'fix the JSON syntax of nndoctor.json');
  }
  configSchema ??= buildConfigSchema();
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) throw zodIssueToInputError(parsed.error, file, 'see DESIGN.md for the keys nndoctor.json accepts (model, data, test, label, classes, seed, training, rules)');
  return parsed.data;
}
