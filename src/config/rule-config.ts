/** Normalises rule settings ("off" | "warn" | "fail" | [severity, options]) against the registry. */
import { InputError } from '../errors.js';
import type { AnyRule } from '../rules/define-rule.js';
import type { RuleLookup } from '../rules/groups/lookup.js';
import { isRuleId, RULE_IDS, type RuleId } from '../rules/rule-ids.js';
import type { Severity } from '../report/types.js';
import type { RuleSetting } from './schema.js';
import { zodIssueToInputError } from './schema.js';

export interface ResolvedRuleConfig {
  severity: Severity | 'off';
  options: unknown;
}

export type RuleConfigMap = Partial<Record<RuleId, ResolvedRuleConfig>>;

/**
 * Validates user rule settings. Rule ids must be DESIGN ids; options are merged over the rule's defaults and
 * checked against its schema, so a typo in an option name is an error, not a silent default.
 */
export function resolveRuleConfig(settings: Record<string, RuleSetting> | undefined, file: string, optionOverrides: Partial<Record<RuleId, Record<string, unknown>>>, getRule: RuleLookup): RuleConfigMap {
  const result: RuleConfigMap = {};
  for (const [id, setting] of Object.entries(settings ?? {})) {
    if (!isRuleId(id)) {
      throw new InputError(`unknown rule "${id}"`, { file, key: `rules.${id}` }, `use one of the rule ids listed by \`nndoctor explain\` (e.g. ${RULE_IDS.slice(0, 3).join(', ')})`);
    }
    const [severity, options] = typeof setting === 'string' ? [setting, undefined] : [setting[0], setting[1]];
    result[id] = { severity, options: validateOptions(getRule(id), options, file, ['rules', id, 1]) };
  }
  for (const [id, overrides] of Object.entries(optionOverrides) as Array<[RuleId, Record<string, unknown>]>) {
    const base = result[id];
    const merged = { ...((base?.options as Record<string, unknown> | undefined) ?? {}), ...overrides };
    result[id] = { severity: base?.severity ?? getRule(id)?.meta.defaultSeverity ?? 'fail', options: validateOptions(getRule(id), merged, 'command line', []) };
  }
  return result;
}

function validateOptions(rule: AnyRule | undefined, options: Record<string, unknown> | undefined, file: string, keyPrefix: Array<string | number>): unknown {
  if (!rule) return options ?? {};
  const merged = { ...(rule.meta.defaultOptions as Record<string, unknown>), ...(options ?? {}) };
  const parsed = rule.meta.optionsSchema.safeParse(merged);
  if (!parsed.success) throw zodIssueToInputError(parsed.error, file, `see \`nndoctor explain ${rule.meta.id}\` for its options`, keyPrefix);
  return parsed.data;
}

/** The effective severity and options of a rule for one run. */
export function ruleSettingFor(id: RuleId, config: RuleConfigMap, getRule: RuleLookup): ResolvedRuleConfig {
  const rule = getRule(id);
  const configured = config[id];
  return {
    severity: configured?.severity ?? rule?.meta.defaultSeverity ?? 'fail',
    options: configured?.options ?? rule?.meta.defaultOptions ?? {},
  };
}
