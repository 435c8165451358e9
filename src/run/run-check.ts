/**
 * Runs one check on one experiment: gathers the artifacts its enabled rules need, judges, stamps severities.
 * This is the only place a throw becomes a result (`error`).
 */
import type { Check } from '../checks/define-check.js';
import type { ArtifactName, Artifacts } from '../gather/artifacts.js';
import { gathererEntry } from '../gather/static-gatherers.js';
import type { RuleLookup } from '../rules/groups/lookup.js';
import { ruleSettingFor } from '../config/rule-config.js';
import { InputError, QuickBudgetExceeded, SavedWeightsUnusableError } from '../errors.js';
import type { CheckError, CheckResult, Finding, Json } from '../report/types.js';
import { statusOfFindings } from '../report/status.js';
import { DeadlineReached, type ExperimentContext } from './context.js';
import { VERSION } from '../version.js';
import { monotonicMs } from './clock.js';

const INPUT_WORDS = { model: 'no model given (--model)', trainData: 'no training data given (--data)', testData: 'no test data given (--test)' } as const;

async function canGather(ctx: ExperimentContext, name: ArtifactName): Promise<boolean> {
  return (await gathererEntry(name)).inputs.every((kind) => ctx.has(kind));
}

async function canGatherAll(ctx: ExperimentContext, names: readonly ArtifactName[]): Promise<boolean> {
  for (const name of names) if (!(await canGather(ctx, name))) return false;
  return true;
}

/**
 * An optional artifact whose inputs are unusable (e.g. a corrupt model.json next to good data) is treated as absent:
 * the checks that need it report the error, and a data check does not fail because of the model.
 */
async function optionalArtifact(ctx: ExperimentContext, name: ArtifactName): Promise<unknown> {
  try {
    return await ctx.artifact(name);
  } catch (error) {
    if (error instanceof InputError || error instanceof QuickBudgetExceeded) return undefined;
    throw error;
  }
}

/** `getRule` answers for the check's rules (src/rules/lookup.ts loads only what the run needs). */
export async function runCheck(check: Check, ctx: ExperimentContext, getRule: RuleLookup): Promise<CheckResult> {
  const started = monotonicMs();
  const elapsed = (): number => Math.round(monotonicMs() - started);
  const missing = check.meta.inputs.filter((kind) => !ctx.has(kind));
  if (missing.length > 0) {
    return { check: check.meta.id, status: 'skipped', durationMs: 0, findings: [], data: {}, reason: missing.map((k) => INPUT_WORDS[k]).join('; ') };
  }
  try {
    ctx.checkDeadline();
    const findings: Finding[] = [];
    for (const id of check.rules) {
      const rule = getRule(id);
      if (!rule) continue;
      const { severity, options } = ruleSettingFor(id, ctx.rules, getRule);
      if (severity === 'off') continue;
      if (!(await canGatherAll(ctx, rule.meta.needs))) continue;
      const artifacts: Artifacts = {};
      for (const name of rule.meta.needs) (artifacts as Record<string, unknown>)[name] = await ctx.artifact(name);
      for (const name of rule.meta.optional ?? []) {
        if (await canGather(ctx, name)) (artifacts as Record<string, unknown>)[name] = await optionalArtifact(ctx, name);
      }
      ctx.checkDeadline();
      for (const issue of rule.judge(artifacts as never, options)) {
        const finding: Finding = { rule: id, severity, message: issue.message };
        if (issue.hint !== undefined) finding.hint = issue.hint;
        if (issue.data !== undefined) finding.data = issue.data;
        findings.push(finding);
      }
    }
    let data: Json = {};
    if (check.summary && (await canGatherAll(ctx, check.summary.needs))) {
      const artifacts: Artifacts = {};
      for (const name of check.summary.needs) (artifacts as Record<string, unknown>)[name] = await ctx.artifact(name);
      data = check.summary.summarize(artifacts);
    }
    return { check: check.meta.id, status: statusOfFindings(findings), durationMs: elapsed(), findings, data };
  } catch (error) {
    if (error instanceof SavedWeightsUnusableError || error instanceof QuickBudgetExceeded) {
      return { check: check.meta.id, status: 'skipped', durationMs: elapsed(), findings: [], data: {}, reason: error.reason };
    }
    const result = errorToResult(error, check.meta.id);
    if (result.internal) ctx.crashes.push({ what: check.meta.id, error: error instanceof Error ? error : new Error(String(error)) });
    return { check: check.meta.id, status: 'error', durationMs: elapsed(), findings: [], data: {}, error: result };
  }
}

/** InputErrors carry their location; a deadline says so; anything else is a bug, marked `internal`. */
export function errorToResult(error: unknown, what: string): CheckError & { internal?: boolean } {
  if (error instanceof InputError) {
    const result: CheckError = { message: `${error.message}. Fix: ${error.fix}` };
    const { file, row, column, key } = error.location;
    if (file !== undefined) result.file = file;
    if (row !== undefined) result.row = row;
    if (column !== undefined) result.column = column;
    if (key !== undefined) result.key = key;
    return result;
  }
  if (error instanceof DeadlineReached) return { message: `${what} did not finish before the --timeout deadline` };
  const err = error instanceof Error ? error : new Error(String(error));
  return { message: `nndoctor ${VERSION} crashed while running ${what}: ${err.message}`, internal: true };
}
