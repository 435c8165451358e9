/**
 * Folds a Keras loss with `from_logits=True` into the output activation, for model.json and Keras files alike.
 * Shared by the model.json reader and the .h5/.keras readers.
 */
type Config = Record<string, unknown>;

function isObject(value: unknown): value is Config {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * TF.js losses have no `from_logits`. A Keras loss with `from_logits=True` on a linear output is the same loss on a
 * softmax (sigmoid for binary cross-entropy) output, so that activation moves into the output layer; argmax
 * predictions are unchanged. Returns the layer changed, if any.
 */
export function foldFromLogits(model: { modelTopology: Config }, trainingConfig: Config | null): { layer: string; activation: string } | null {
  const loss = trainingConfig?.loss;
  if (!isObject(loss) || !isObject(loss.config) || loss.config.from_logits !== true) return null;
  const lossName = `${String(loss.class_name)} ${String(loss.config.name ?? '')}`.toLowerCase();
  const activation = /binary/.test(lossName) ? 'sigmoid' : /categorical/.test(lossName) ? 'softmax' : null;
  if (activation === null) return null;
  const config = model.modelTopology.config as Config;
  const layers = config.layers as Array<{ class_name: string; config: Config; name?: string }>;
  const outputs = config.output_layers as unknown[][] | undefined;
  if (outputs !== undefined && outputs.length !== 1) return null;
  const outputName = outputs ? String(outputs[0]![0]) : layers[layers.length - 1]?.config.name;
  const output = layers.find((l) => (l.name ?? l.config.name) === outputName);
  if (!output || !['Dense', 'Conv1D', 'Conv2D', 'Conv3D'].includes(output.class_name)) return null;
  if (output.config.activation !== undefined && output.config.activation !== 'linear' && output.config.activation !== null) return null;
  output.config.activation = activation;
  loss.config = { ...loss.config, from_logits: false };
  return { layer: String(outputName), activation };
}
