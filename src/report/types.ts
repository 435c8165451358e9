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
  /** Why the value is not the one its source would give (e.g. a saved learning rate where a schedule ended). */
  note?: string;
}

export interface ExperimentResult {
  path: string;
  status: Status;
  /** What nndoctor decided about the inputs that the reader should know (e.g. a features-only test.csv left out). */
  notes?: string[];
  settings: Record<string, SettingValue>;
  checks: CheckResult[];
  /** When the folder's inputs could not be used at all. */
  error?: CheckError;
  /** `check` only: when the model collapses onto one class, the symptom and its likely causes (report/diagnosis.ts). */
  diagnosis?: Diagnosis;
}

/** The doctor's verdict for an experiment whose model predicts (almost) always the same class. */
export interface Diagnosis {
  /** The prediction-collapse finding's message. */
  symptom: string;
  /** Findings of other rules in the same experiment that can cause the collapse, most likely first. */
  causes: DiagnosisCause[];
  /** What to do first: the top cause's hint, or the next step when no cause was found. */
  fix: string;
}

export interface DiagnosisCause {
  rule: RuleId;
  check: CheckId;
  severity: Severity;
  /** How this fault leads to one class for every row. */
  because: string;
  message: string;
  hint?: string;
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
