/** Runs checks over one or many experiments and assembles the Report; folder failures stay per folder. */
import type { Check } from '../checks/define-check.js';
import { resolveRuleConfig } from '../config/rule-config.js';
import { ruleLookup } from '../rules/groups/lookup.js';
import { resolveExperimentInputs, withoutUnlabelledTest, type ExperimentInputs, type InputOverrides } from '../load/experiment-folder.js';
import { engineIfStarted } from '../load/backend.js';
import type { CheckResult, ExperimentResult, Report, SettingValue } from '../report/types.js';
import { statusOfChecks, statusOfFindings, summarize, worst } from '../report/status.js';
import { VERSION } from '../version.js';
import { ExperimentContext, type RunOptions } from './context.js';
import { runCheck, errorToResult } from './run-check.js';
import type { RuleId } from '../rules/rule-ids.js';
import type { TrainingSettings } from '../gather/artifacts.js';

export interface Crash {
  experiment: string;
  what: string;
  error: Error;
}

export interface RunOutcome {
  report: Report;
  crashes: Crash[];
}

function settingsRecord(settings: TrainingSettings): Record<string, SettingValue> {
  const out: Record<string, SettingValue> = {};
  for (const key of ['optimizer', 'learningRate', 'momentum', 'loss', 'batchSize', 'epochs'] as const) {
    if (key === 'momentum' && settings.momentum === null) continue;
    out[key] = { value: settings[key], from: settings.sources[key] };
  }
  if (settings.scheduleEnd && out.learningRate) {
    const { savedLearningRate, trainAccuracy } = settings.scheduleEnd;
    out.learningRate.note = `the saved ${savedLearningRate} is where a decay or ReduceLROnPlateau schedule ended (the saved model fits ${Math.round(trainAccuracy * 1000) / 10}% of its training rows), so training checks use ${settings.optimizer}'s usual rate; pass --lr to choose one`;
  }
  return out;
}

/**
 * A rule shared by two checks (label-shift is judged by class-balance and by lint-data) reports once per
 * experiment: the later check drops a finding identical to an earlier one and its status is recomputed.
 */
export function dropRepeatedFindings(results: CheckResult[]): void {
  const seen = new Set<string>();
  for (const result of results) {
    const before = result.findings.length;
    result.findings = result.findings.filter((f) => {
      const key = `${f.rule}\u0000${f.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    if (result.findings.length !== before && (result.status === 'warn' || result.status === 'fail')) result.status = statusOfFindings(result.findings);
  }
}

/**
 * Rules whose `fail` finding already says why the rows cannot be trained on (empty cells, text in a feature
 * column, labels that are no class index, more classes than output units, a loss that does not fit the output, token ids
 * outside the input Embedding's table).
 */
const TRAINING_BLOCKERS = new Set(['nan-in-data', 'non-numeric-column', 'label-out-of-range', 'output-units-mismatch', 'loss-activation-mismatch', 'token-id-out-of-range']);

/**
 * A training check that stopped on the data file, in an experiment where a data rule has already failed for that
 * reason, is `skipped` rather than `error`: the fault is diagnosed (a `fail`, exit 1), not an unreadable input
 * (exit 2), and CI should read it as such.
 */
export function skipChecksBlockedByData(results: CheckResult[], dataFiles: ReadonlyArray<string | undefined>): void {
  const blockers = [...new Set(results.flatMap((r) => r.findings).filter((f) => f.severity === 'fail' && TRAINING_BLOCKERS.has(f.rule)).map((f) => f.rule))];
  if (blockers.length === 0) return;
  for (const result of results) {
    const file = result.error?.file;
    if (result.status !== 'error' || file === undefined || !dataFiles.includes(file)) continue;
    const where = [file, result.error!.row, result.error!.column].filter((part) => part !== undefined).join(':');
    result.status = 'skipped';
    result.reason = `cannot train on this data (see ${blockers.join(', ')}): ${where}: ${result.error!.message.replace(/\. Fix: .*$/s, '')}`;
    delete result.error;
  }
}

/** Runs the checks on one experiment whose inputs are already resolved. */
export async function runExperiment(given: ExperimentInputs, checks: readonly Check[], options: RunOptions): Promise<{ result: ExperimentResult; crashes: Crash[] }> {
  const { inputs, note } = withoutUnlabelledTest(given);
  const ruleOptions = (options.ruleOptions ?? {}) as Partial<Record<RuleId, Record<string, unknown>>>;
  // Every rule id this run can ask about: the checks' rules and those named by nndoctor.json or flags.
  const ids = [...checks.flatMap((c) => c.rules), ...Object.keys(inputs.config.rules ?? {}), ...Object.keys(ruleOptions)];
  const getRule = await ruleLookup(ids, checks.map((c) => c.meta.id));
  const rules = resolveRuleConfig(inputs.config.rules, inputs.configFile ?? 'nndoctor.json', ruleOptions, getRule);
  const ctx = new ExperimentContext(inputs, options, rules);
  const results = [];
  for (const check of checks) results.push(await runCheck(check, ctx, getRule));
  dropRepeatedFindings(results);
  skipChecksBlockedByData(results, [inputs.data, inputs.test]);
  let settings: Record<string, SettingValue> = {};
  if (results.some((r) => r.status !== 'skipped' && r.status !== 'error') && (inputs.model !== undefined) && checks.some((c) => c.meta.id !== 'class-balance' && c.meta.id !== 'lint-data')) {
    try {
      settings = settingsRecord(await ctx.artifact('TrainingSettings'));
    } catch {
      // Settings that cannot be resolved already surfaced as a check error.
    }
  }
  const result: ExperimentResult = { path: inputs.path, status: statusOfChecks(results), ...(note ? { notes: [note] } : {}), settings, checks: results };
  return { result, crashes: ctx.crashes.map((c) => ({ experiment: inputs.path, ...c })) };
}

/** A folder whose inputs could not be resolved becomes an `error` experiment; the others still run. */
export async function runFolder(dir: string | undefined, overrides: InputOverrides, checks: readonly Check[], options: RunOptions): Promise<{ result: ExperimentResult; crashes: Crash[] }> {
  let inputs: ExperimentInputs;
  try {
    inputs = resolveExperimentInputs(dir, overrides);
  } catch (error) {
    const failure = errorToResult(error, 'loading the experiment');
    if (failure.internal) throw error;
    return { result: { path: dir ?? '.', status: 'error', settings: {}, checks: [], error: failure }, crashes: [] };
  }
  return runExperiment(inputs, checks, options);
}

export async function assembleReport(experiments: ExperimentResult[], options: RunOptions, extraWarnings: string[] = []): Promise<Report> {
  const engine = await engineIfStarted();
  const statuses = experiments.map((e) => e.status);
  return {
    schemaVersion: 1,
    tool: { name: 'nndoctor', version: VERSION },
    backend: engine ? engine.backend : null,
    seed: options.seed,
    status: worst(statuses.filter((s) => s !== 'skipped'), 'pass'),
    warnings: [...(engine?.warnings ?? []), ...extraWarnings],
    experiments,
    summary: summarize(experiments),
  };
}
