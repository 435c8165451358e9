/** The report data model of DESIGN.md, typed once; every command returns a Report. */
import type { RuleId } from '../rules/rule-ids.js';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Statuses in severity order; `skipped` never worsens anything. */
export const STATUSES = ['skipped', 'pass', 'warn', 'fail', 'error'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['warn', 'fail'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHECK_IDS = ['class-balance', 'lint-config', 'lint-data', 'overfit-one', 'learning-curve', 'prediction'] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export const BACKENDS = ['tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];

export interface Finding {
  rule: RuleId;
  severity: Severity;
  message: string;
  hint?: string;
  /** The numbers behind the message, for scripts. */
  data?: Json;
}

export interface CheckError {
  message: string;
  file?: string;
  row?: number;
  column?: number | string;
  key?: string;
}

export interface CheckResult {
  check: CheckId;
  status: Status;
  durationMs: number;
  findings: Finding[];
  data: Json;
  error?: CheckError;
  /** Why a check was skipped (e.g. "no model given"). */
  reason?: string;
}

export type SettingSource = 'default' | 'model.json' | 'nndoctor.json' | 'flag' | 'model.h5' | 'model.keras' | 'derived';
export interface SettingValue {
  value: Json;
  from: SettingSource;
}

export interface ExperimentResult {
  path: string;
  status: Status;
  settings: Record<string, SettingValue>;
  checks: CheckResult[];
  /** When the folder's inputs could not be used at all. */
  error?: CheckError;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'nndoctor'; version: string };
  backend: BackendName | null;
  seed: number;
  status: Status;
  warnings: string[];
  experiments: ExperimentResult[];
  summary: Record<'pass' | 'warn' | 'fail' | 'error', number>;
}
