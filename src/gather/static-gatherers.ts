/**
 * The gatherers of the static artifacts, each importing its implementation when first asked, and a lookup that loads
 * the other areas' gatherers (which pull in the training engine) only when a run asks for one of their artifacts.
 */
import type { ArtifactName, StaticArtifacts } from './artifacts.js';
import type { ExperimentContext, InputKind } from '../run/context.js';
import type { GathererGroup } from './index.js';

export const STATIC_GATHERERS: GathererGroup<StaticArtifacts> = {
  LabelCounts: { gather: async (ctx) => (await import('./label-counts.js')).gatherLabelCounts(ctx), inputs: ['trainData'] },
  Topology: {
    gather: async (ctx) => {
      const { topologyFromModelFiles } = await import('./topology.js');
      const files = ctx.modelFiles();
      return topologyFromModelFiles(files, files.format);
    },
    inputs: ['model'],
  },
  TrainingSettings: { gather: async (ctx) => (await import('./training-settings.js')).gatherTrainingSettings(ctx), inputs: [] },
  FeatureStats: { gather: async (ctx) => (await import('./feature-stats.js')).gatherFeatureStats(ctx), inputs: ['trainData'] },
  RowDuplicates: { gather: async (ctx) => (await import('./row-duplicates.js')).gatherRowDuplicates(ctx), inputs: ['trainData'] },
};

export interface GathererEntry {
  gather: (ctx: ExperimentContext) => Promise<unknown>;
  inputs: readonly InputKind[];
}

/** The gatherer of an artifact and the inputs it requires, as in the full registry (./index.ts). */
export async function gathererEntry(name: ArtifactName): Promise<GathererEntry> {
  const own = (STATIC_GATHERERS as Partial<Record<ArtifactName, GathererEntry>>)[name];
  if (own) return own;
  const { GATHERERS, ARTIFACT_INPUTS } = await import('./index.js');
  return { gather: GATHERERS[name] as GathererEntry['gather'], inputs: ARTIFACT_INPUTS[name] };
}
