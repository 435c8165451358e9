/** The gatherer registry: one impure function per artifact, and the inputs each artifact requires. */
import type { ArtifactName, Artifacts } from './artifacts.js';
import type { ExperimentContext, InputKind } from '../run/context.js';
import { gatherLabelCounts } from './label-counts.js';
import { gatherFeatureStats } from './feature-stats.js';
import { gatherRowDuplicates } from './row-duplicates.js';
import { gatherTrainingSettings } from './training-settings.js';
import { topologyFromModelFiles } from './topology.js';

export type Gatherer<K extends ArtifactName> = (ctx: ExperimentContext) => Promise<NonNullable<Artifacts[K]>>;

export const GATHERERS: { [K in ArtifactName]-?: Gatherer<K> } = {
  LabelCounts: gatherLabelCounts,
  Topology: async (ctx) => topologyFromModelFiles(ctx.modelFiles()),
  TrainingSettings: gatherTrainingSettings,
  FeatureStats: gatherFeatureStats,
  RowDuplicates: gatherRowDuplicates,
};

/** Inputs an artifact cannot be gathered without; a rule needing it is skipped when they are absent. */
export const ARTIFACT_INPUTS: { [K in ArtifactName]-?: readonly InputKind[] } = {
  LabelCounts: ['trainData'],
  Topology: ['model'],
  TrainingSettings: [],
  FeatureStats: ['trainData'],
  RowDuplicates: ['trainData'],
};
