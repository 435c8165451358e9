/** Flags models that cannot learn because every weight layer, or a randomly initialised one, is frozen. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { isWeightLayer, linkedLayers } from './support/model.js';

export const frozenLayers = defineRule({
  meta: {
    id: 'frozen-layers',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Weight layers are trainable',
    failureTitle: 'Weight layers are frozen',
    docs: {
      what: 'Reads each weight layer\'s `trainable` flag. Reports when no weight layer is trainable, or when some are frozen in a model without saved weights (frozen at their random initialisation). Frozen layers of a model with saved weights are accepted: that is fine-tuning a pretrained network.',
      why: 'With every layer frozen, `fit` changes nothing: the loss stays flat and the predictions stay whatever the initial weights give, often one class. A frozen layer that was never trained is a fixed random projection, which throws away information the later layers cannot recover. There is no threshold.',
      fix: 'Set `trainable: true` on the layers (in TF.js `layer.trainable = true` before `compile`), or load the pretrained weights the freezing was meant for.',
    },
    needs: ['Topology'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology }) {
    const weightLayers = linkedLayers(Topology).filter(isWeightLayer);
    const frozen = weightLayers.filter((l) => !l.trainable);
    if (weightLayers.length === 0 || frozen.length === 0) return [];
    const data = { frozen: frozen.map((l) => l.name), weightLayers: weightLayers.length, hasWeights: Topology.hasWeights };
    if (frozen.length === weightLayers.length) {
      return [{
        message: `all ${weightLayers.length} weight layers are frozen (trainable: false): training cannot change the model`,
        hint: `set trainable: true on ${frozen.map((l) => l.name).join(', ')}`,
        data,
      }];
    }
    if (!Topology.hasWeights) {
      return [{
        message: `${frozen.map((l) => l.name).join(', ')} ${frozen.length === 1 ? 'is' : 'are'} frozen (trainable: false) but the model has no saved weights: ${frozen.length === 1 ? 'it stays' : 'they stay'} at the random initialisation`,
        hint: `set trainable: true on ${frozen.map((l) => l.name).join(', ')}, or save the model with its pretrained weights`,
        data,
      }];
    }
    return [];
  },
});
