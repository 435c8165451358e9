/** The shape of a check: a subcommand-sized bundle of rules plus the summary data it reports. */
import type { ArtifactName, Artifacts } from '../gather/artifacts.js';
import type { CheckId, Json } from '../report/types.js';
import type { RuleId } from '../rules/rule-ids.js';
import type { InputKind } from '../run/context.js';

export interface Check {
  meta: {
    id: CheckId;
    title: string;
    description: string;
    /** Inputs without which the check is `skipped`. */
    inputs: readonly InputKind[];
  };
  /** Rules to judge; what to gather follows from their `needs`. */
  rules: readonly RuleId[];
  summary?: {
    needs: readonly ArtifactName[];
    /** Pure: CheckResult.data from gathered artifacts. */
    summarize(artifacts: Artifacts): Json;
  };
}

export function defineCheck(check: Check): Check {
  return check;
}
