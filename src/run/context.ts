/** Per-experiment state for one run: the inputs, loaded files, and a cache of gathered artifacts. */
import type { ArtifactName, Artifacts } from '../gather/artifacts.js';
import type { ExperimentInputs } from '../load/experiment-folder.js';
import type { TrainingConfig } from '../config/schema.js';
import type { RuleConfigMap } from '../config/rule-config.js';
import type { BackendName } from '../report/types.js';
import type { Engine } from '../load/backend.js';
import type { Dataset } from '../load/dataset.js';
import type { ModelFiles } from '../load/model-files.js';
import { gathererEntry } from '../gather/static-gatherers.js';
import { assertTokenIdsFit } from '../gather/token-ids.js';
import { QuickBudgetExceeded } from '../errors.js';

export type InputKind = 'model' | 'trainData' | 'testData';

/** Options of the dynamic checks; each has a documented default in its gatherer. */
export interface CheckOptions {
  /** overfit-one */
  maxSteps?: number;
  start?: 'saved' | 'fresh' | 'both';
  repeats?: number;
  classesToFit?: number[];
  /** learning-curve: counts (≥ 1) or fractions (< 1) of the training set. */
  sizes?: number[];
  /** `check` runs the expensive checks in a shorter mode. */
  quick?: boolean;
}

export interface RunOptions {
  seed: number;
  backend?: BackendName;
  /** Training settings from flags (highest precedence). */
  training: TrainingConfig;
  /** Rule options set by flags (e.g. --max-ratio), merged over nndoctor.json. */
  ruleOptions?: Partial<Record<string, Record<string, unknown>>>;
  checkOptions: CheckOptions;
  /** Absolute time (ms since epoch) after which running checks report `error`. */
  deadline?: number;
  /** Progress lines for a TTY; never called when stderr is not a TTY. */
  progress?: (message: string) => void;
  /** A check of this run trains or runs the model (overfit-one, learning-curve, prediction): the engine starts anyway. */
  trains?: boolean;
}

export class ExperimentContext {
  private readonly cache = new Map<ArtifactName, Promise<unknown>>();
  private readonly loaded = new Map<string, unknown>();
  /** Set by gatherers that start the engine, so the report can name the backend. */
  engineUsed: Engine | null = null;
  /** Bugs caught while running checks; the CLI prints them and exits 3. */
  readonly crashes: Array<{ what: string; error: Error }> = [];

  constructor(
    readonly inputs: ExperimentInputs,
    readonly options: RunOptions,
    readonly rules: RuleConfigMap,
  ) {}

  has(kind: InputKind): boolean {
    if (kind === 'model') return this.inputs.model !== undefined;
    if (kind === 'trainData') return this.inputs.data !== undefined;
    return this.inputs.test !== undefined;
  }

  /** Gathers an artifact once per experiment; later requests share the result (or the failure). */
  artifact<K extends ArtifactName>(name: K): Promise<NonNullable<Artifacts[K]>> {
    let pending = this.cache.get(name);
    if (!pending) {
      // Gatherers ask for modelFiles() synchronously; a Keras file can only be read asynchronously, so read it first.
      pending = this.preloadKerasModel().then(() => gathererEntry(name)).then(({ gather }) => gather(this));
      this.cache.set(name, pending);
    }
    return pending as Promise<NonNullable<Artifacts[K]>>;
  }

  /** Memoises an expensive load (a parsed CSV, a model file) under a key. */
  memo<T>(key: string, load: () => T): T {
    if (!this.loaded.has(key)) this.loaded.set(key, load());
    return this.loaded.get(key) as T;
  }

  /** Throws a DeadlineError once the run's --timeout has passed; gatherers call it between steps. */
  checkDeadline(): void {
    if (this.options.deadline !== undefined && Date.now() > this.options.deadline) throw new DeadlineReached();
  }

  /**
   * In `check`'s quick mode, a check for `what` that trains for longer than `seconds` stops with QuickBudgetExceeded
   * (skipped, with the time it took); otherwise only the --timeout deadline applies. Call the result between steps.
   */
  trainingBudget(what: string, seconds: number): () => void {
    const started = Date.now();
    const quick = this.options.checkOptions.quick === true;
    return () => {
      this.checkDeadline();
      if (quick && Date.now() - started > seconds * 1000) {
        throw new QuickBudgetExceeded(`${what} trained for more than ${seconds} s on this model (check's quick budget; long sequences or large recurrent layers make each step slow): run \`nndoctor ${what}\` for the full check`);
      }
    };
  }

  trainData(): Dataset {
    return this.memo('train', () => loadDatasetSync(this.inputs.data!, this.inputs.label));
  }

  testData(): Dataset | null {
    if (!this.inputs.test) return null;
    // Test labels are the training file's label column(s), by name (see gatherLabelCounts).
    return this.memo('test', () => loadDatasetSync(this.inputs.test!, this.inputs.label ?? this.trainData().labelNames));
  }

  /** The training rows as the model reads them: token ids for an input Embedding are checked against its table. */
  async trainDataForModel(): Promise<Dataset> {
    const train = this.trainData();
    assertTokenIdsFit(await this.artifact('Topology'), train);
    return this.asClassIndices(train, 'trainAsClassIndices');
  }

  async testDataForModel(): Promise<Dataset | null> {
    const test = this.testData();
    if (test) assertTokenIdsFit(await this.artifact('Topology'), test);
    return test && this.asClassIndices(test, 'testAsClassIndices');
  }

  /** −1/+1 labels of a hinge loss become classes 0/1, as every training and prediction gatherer counts classes. */
  private async asClassIndices(dataset: Dataset, key: string): Promise<Dataset> {
    if (!(await this.artifact('LabelCounts')).task.signed) return dataset;
    return this.memo(key, () => ({ ...dataset, targets: dataset.targets.map((v) => (v === -1 ? 0 : v)) }));
  }

  modelFiles(): ModelFiles {
    const failed = this.loaded.get('modelFilesError');
    if (failed !== undefined) throw failed;
    return this.memo('modelFiles', () => readModelSync(this.inputs.model!));
  }

  /** ModelFiles of any format (TF.js, Keras .h5/.keras), read once. */
  async loadModelFiles(): Promise<ModelFiles> {
    await this.preloadKerasModel();
    return this.modelFiles();
  }

  private kerasPreload: Promise<void> | undefined;

  /** Reads a Keras model into the memo; a failure is kept and thrown where the model is asked for, as for model.json. */
  private preloadKerasModel(): Promise<void> {
    const path = this.inputs.model;
    if (path === undefined) return Promise.resolve();
    this.kerasPreload ??= (async () => {
      let file: string;
      try {
        file = resolveModelPath(path);
      } catch {
        return; // modelFiles() reports the missing path when asked
      }
      if (!isKerasFile(file)) return;
      try {
        this.loaded.set('modelFiles', await loadModel(file));
      } catch (error) {
        this.loaded.set('modelFilesError', error);
      }
    })();
    return this.kerasPreload;
  }
}

export class DeadlineReached extends Error {
  constructor() {
    super('the --timeout deadline passed');
  }
}

import { loadDataset as loadDatasetSync } from '../load/dataset.js';
import { isKerasFile, loadModel, readModel as readModelSync } from '../load/model.js';
import { resolveModelPath } from '../load/model-files.js';
