/**
 * Runs BatchNormalization layers on their moving statistics while the rest of the model trains. Fitting a batch of
 * one example in training mode normalises every feature to (x − x)/σ = 0, so a BatchNormalization layer then
 * outputs its β whatever the input and every layer before it gets an exactly zero gradient: a healthy model would
 * look untrainable. Keras does the same for frozen BatchNormalization layers.
 */
import type { LayersModel } from '@tensorflow/tfjs';

type Call = (inputs: unknown, kwargs: Record<string, unknown>) => unknown;

/** Patches the model's BatchNormalization layers (the model is nndoctor's own copy, never the user's file); returns the undo. */
export function batchNormOnMovingStatistics(model: LayersModel): () => void {
  const undo: Array<() => void> = [];
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    const patched = layer as unknown as { call: Call };
    const call = patched.call;
    patched.call = (inputs, kwargs) => call.call(layer, inputs, { ...kwargs, training: false });
    undo.push(() => { patched.call = call; });
  }
  return () => undo.forEach((restore) => restore());
}
