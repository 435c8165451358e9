/**
 * Runs BatchNormalization layers on their moving statistics while the rest of the model trains. Fitting a batch of
 * one example in training mode normalises every feature to (x − x)/σ = 0, so a BatchNormalization layer then
 * outputs its β whatever the input and every layer before it gets an exactly zero gradient: a healthy model would
 * look untrainable. Keras does the same for frozen BatchNormalization layers.
 */
import type { LayersModel, SymbolicTensor, Tensor } from '@tensorflow/tfjs';
import type { Tf } from '../load/backend.js';

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

/**
 * Sets every top-level BatchNormalization layer's moving mean and variance to the statistics of its input over
 * `x`, layer by layer in model order (each later layer sees the earlier ones already calibrated). A fresh model's
 * moving statistics are 0 and 1, so in inference mode its BatchNormalization layers pass raw inputs through
 * unchanged, although training in batches would normalise them: incomes of ~40 000 into a BatchNormalization first
 * layer then saturate the output, and a healthy model looks untrainable. After a short fit the same holds for
 * statistics that have only moved a few steps from 0 and 1, so the rows a model was trained on calibrate it before
 * it is scored. Keras users get the same from training long enough; PyTorch's `swa_utils.update_bn` does it
 * explicitly.
 */
export function calibrateBatchNorm(tf: Tf, model: LayersModel, x: Tensor): void {
  if (model.inputs.length !== 1) return;
  for (const layer of model.layers) {
    if (layer.getClassName() !== 'BatchNormalization') continue;
    let input: SymbolicTensor | SymbolicTensor[];
    try {
      input = layer.input;
    } catch {
      continue; // a layer shared between several inputs has no single input tensor
    }
    if (Array.isArray(input)) continue;
    const movingMean = layer.weights.find((w) => /moving_mean$/.test(w.originalName));
    const movingVariance = layer.weights.find((w) => /moving_variance$/.test(w.originalName));
    if (!movingMean || !movingVariance) continue;
    const rank = input.shape.length;
    const configured = Number((layer.getConfig() as { axis?: unknown }).axis ?? -1);
    const axis = configured < 0 ? rank + configured : configured;
    const axes = Array.from({ length: rank }, (_, i) => i).filter((i) => i !== axis);
    const probe = tf.model({ inputs: model.inputs, outputs: input });
    tf.tidy(() => {
      const activations = probe.predict(x) as Tensor;
      const { mean, variance } = tf.moments(activations, axes);
      movingMean.write(mean);
      movingVariance.write(variance);
    });
  }
}
