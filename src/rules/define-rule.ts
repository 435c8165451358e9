/** The shape of a rule: DESIGN id + metadata + a pure `judge(artifacts, options) → Issue[]`. */
import type { z } from 'zod';
import type { ArtifactName, Artifacts } from '../gather/artifacts.js';
import type { Json, Severity } from '../report/types.js';
import type { RuleId } from './rule-ids.js';

export interface RuleDocs {
  /** What the rule observes. */
  what: string;
  /** Why it matters, including where each default threshold comes from. */
  why: string;
  /** How to fix it: the exact change where possible. */
  fix: string;
}

export interface RuleMeta<Needs extends ArtifactName, O> {
  id: RuleId;
  category: 'data' | 'model' | 'dynamic';
  /** Config may override it; the rule never decides its own severity. */
  defaultSeverity: Severity;
  /** Passing wording. */
  title: string;
  /** Failing wording. */
  failureTitle: string;
  docs: RuleDocs;
  /** Artifacts `judge` reads; the runner gathers exactly these. */
  needs: readonly Needs[];
  /**
   * Artifacts the rule can use when present but does not require (e.g. a test split). The runner gathers them
   * when the inputs allow and passes `undefined` otherwise.
   */
  optional?: readonly ArtifactName[];
  /** Validates user-supplied options (from nndoctor.json or flags); unknown keys are rejected. */
  optionsSchema: z.ZodType<O>;
  defaultOptions: O;
}

/** What a rule returns: an observation, no severity and no rule id (the runner stamps those). */
export interface Issue {
  message: string;
  hint?: string;
  data?: Json;
}

export type RuleArtifacts<Needs extends ArtifactName> = Pick<Required<Artifacts>, Needs> & Partial<Artifacts>;

export interface Rule<Needs extends ArtifactName = ArtifactName, O = unknown> {
  meta: RuleMeta<Needs, O>;
  /** Pure and synchronous: no tfjs, no I/O, no clock, never throws on valid artifacts. */
  judge(artifacts: RuleArtifacts<Needs>, options: O): Issue[];
}

export function defineRule<Needs extends ArtifactName, O>(rule: Rule<Needs, O>): Rule<Needs, O> {
  return rule;
}

/** Any rule, with its option type erased (for registries). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRule = Rule<ArtifactName, any>;
