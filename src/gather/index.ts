/** The gatherer registry: one impure function per artifact, and the inputs each artifact requires. */
import type { ArtifactName, Artifacts } from './artifacts.js';
import type { ExperimentContext, InputKind } from '../run/context.js';
import { STATIC_GATHERERS } from './static-gatherers.js';
import { OVERFIT_GATHERERS } from './groups/overfit-gatherers.js';
import { LEARNING_CURVE_GATHERERS } from './groups/learning-curve-gatherers.js';
import { PREDICTION_GATHERERS } from './groups/prediction-gatherers.js';

export type Gatherer<K extends ArtifactName> = (ctx: ExperimentContext) => Promise<NonNullable<Artifacts[K]>>;

/** A group's gatherers and the inputs each of its artifacts requires. */
export type GathererGroup<A> = { [K in keyof A & ArtifactName]-?: { gather: Gatherer<K>; inputs: readonly InputKind[] } };

/** The static artifacts' gatherers are in ./static-gatherers.ts, which a run uses alone when it needs no other artifact. */
const ALL: GathererGroup<Artifacts> = { ...STATIC_GATHERERS, ...OVERFIT_GATHERERS, ...LEARNING_CURVE_GATHERERS, ...PREDICTION_GATHERERS };

export const GATHERERS = Object.fromEntries(Object.entries(ALL).map(([name, g]) => [name, g.gather])) as { [K in ArtifactName]-?: Gatherer<K> };

/** Inputs an artifact cannot be gathered without; a rule needing it is skipped when they are absent. */
export const ARTIFACT_INPUTS = Object.fromEntries(Object.entries(ALL).map(([name, g]) => [name, g.inputs])) as { [K in ArtifactName]-?: readonly InputKind[] };
