/** Stops before TF.js does: an id outside the input Embedding's table ends a lookup with an internal error. */
import { InputError } from '../errors.js';
import type { Dataset } from '../load/dataset.js';
import { inputEmbedding } from '../rules/support/model.js';
import type { Topology } from './artifacts.js';

/** Throws an InputError at the first feature cell that is not a whole number in 0 … inputDim − 1 of an input Embedding. */
export function assertTokenIdsFit(topology: Topology, dataset: Dataset): void {
  const embedding = inputEmbedding(topology);
  if (!embedding || embedding.inputDim === undefined) return;
  const { features, featureNames } = dataset;
  const width = featureNames.length;
  for (let i = 0; i < features.length; i++) {
    const id = features[i]!;
    if (id >= 0 && id < embedding.inputDim && Number.isInteger(id)) continue;
    const row = Math.floor(i / width);
    throw new InputError(
      `token id ${id} is outside the vocabulary of Embedding ${embedding.name} (inputDim ${embedding.inputDim}: ids 0…${embedding.inputDim - 1})`,
      { file: dataset.file, row: dataset.table.lineOfRow(row), column: featureNames[i % width]! },
      'map unseen words to a reserved out-of-vocabulary id, or raise inputDim',
    );
  }
}
