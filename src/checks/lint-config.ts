/** lint-config: static rules over the model topology, the resolved training settings and target statistics. */
import { defineCheck } from './define-check.js';
import type { Topology } from '../gather/artifacts.js';
import type { Json } from '../report/types.js';
import { isWeightLayer, linkedLayers } from '../rules/support/model.js';

/** Parameters of a topology-only model when it is a plain Dense chain (the common case); null otherwise. */
function declaredParameters(topology: Topology): number | null {
  let width = topology.inputShape[topology.inputShape.length - 1];
  if (typeof width !== 'number' || topology.inputShape.length !== 1) return null;
  let total = 0;
  for (const layer of linkedLayers(topology)) {
    if (layer.className === 'Dense' && layer.units !== undefined) {
      total += width * layer.units + (layer.useBias === false ? 0 : layer.units);
      width = layer.units;
    } else if (isWeightLayer(layer) || layer.className === 'BatchNormalization' || layer.className === 'Embedding') {
      return null;
    }
  }
  return total;
}

export const lintConfigCheck = defineCheck({
  meta: {
    id: 'lint-config',
    title: 'Model and training settings',
    description: 'Static rules over the model topology, the resolved training settings and (with --data) target statistics; no training.',
    inputs: ['model'],
  },
  rules: [
    'output-units-mismatch', 'softmax-single-unit', 'softmax-multilabel-targets', 'activation-cannot-reach-targets',
    'loss-activation-mismatch', 'learning-rate-too-high', 'learning-rate-too-low', 'constant-initializer',
    'missing-nonlinearity', 'too-deep', 'dying-relu-risk', 'relu-output', 'frozen-layers', 'layer-after-output',
    'high-dropout', 'input-dtype', 'token-id-out-of-range', 'output-bias-prior', 'nan-weights',
  ],
  summary: {
    needs: ['Topology', 'TrainingSettings'],
    summarize({ Topology, TrainingSettings }) {
      const topology = Topology!;
      const settings = TrainingSettings!;
      const layers = linkedLayers(topology);
      return {
        model: topology.file,
        format: topology.format,
        modelClass: topology.modelClass,
        layers: layers.length,
        weightLayers: layers.filter(isWeightLayer).length,
        parameters: topology.hasWeights ? topology.savedParameters : declaredParameters(topology),
        hasWeights: topology.hasWeights,
        input: { shape: topology.inputShape, dtype: topology.inputDtype },
        output: { layer: topology.outputLayer, units: topology.outputUnits, activation: topology.outputActivation },
        settings: {
          optimizer: settings.optimizer, learningRate: settings.learningRate, momentum: settings.momentum,
          loss: settings.loss, batchSize: settings.batchSize, epochs: settings.epochs,
          sources: settings.sources as unknown as Json,
        },
        layerList: layers.map((l) => {
          const entry: Record<string, Json> = { name: l.name, className: l.className };
          if (l.units !== undefined) entry.units = l.units;
          if (l.filters !== undefined) entry.filters = l.filters;
          if (l.activation !== undefined) entry.activation = l.activation;
          if (l.rate !== undefined) entry.rate = l.rate;
          if (!l.trainable) entry.trainable = false;
          return entry;
        }),
      };
    },
  },
});
