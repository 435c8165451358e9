/** Flags hidden ReLU layers in which many units never activate on the training rows (the saved model). */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { percent, round } from './support/format.js';
import { deadUnitCount } from './support/model.js';

export const deadUnits = defineRule({
  meta: {
    id: 'dead-units',
    category: 'dynamic',
    defaultSeverity: 'fail',
    title: 'ReLU units are alive',
    failureTitle: 'Hidden ReLU units are dead',
    docs: {
      what: 'Feeds the training rows (up to 2000) through the saved model and counts, per hidden ReLU layer, the units that are 0 on every row ("dead": their input is negative whatever the row). It fires when more than `maxDeadShare` of a layer is dead.',
      why:
        'A dead ReLU outputs 0 and has zero gradient, so training can never bring it back. When every unit of a layer is dead, the layer outputs all zeros, the layers after it see the same input for every row, and the model predicts the same class for everything. A large learning rate or a big negative bias step is the usual way units die. ' +
        'Default `maxDeadShare` 0.5: trained, healthy ReLU networks keep most units alive (typically under 10-20 % dead); losing more than half of a layer means its capacity is gone and the training went wrong.',
      fix: 'Retrain with a smaller learning rate (e.g. Adam 1e-3), He initialisation (`kernelInitializer: "heNormal"`), and a small positive bias; or use LeakyReLU/ELU (`tf.layers.leakyReLU()`) so units cannot die. Check the inputs are scaled: huge inputs push pre-activations far negative after one bad step.',
    },
    needs: ['HiddenActivations'],
    optionsSchema: z.object({ maxDeadShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxDeadShare: 0.5 },
  },
  judge({ HiddenActivations }, { maxDeadShare }) {
    const issues: Issue[] = [];
    for (const layer of HiddenActivations.layers) {
      if (layer.activeShare.length === 0 || layer.units === 0) continue;
      const dead = deadUnitCount(layer);
      const share = dead / layer.units;
      if (share <= maxDeadShare) continue;
      const all = dead === layer.units;
      issues.push({
        message: all
          ? `all ${layer.units} units of ${layer.layer} (${layer.activation}) are dead on ${layer.rows} training rows: the layer outputs zeros, so every row gets the same prediction`
          : `${dead} of ${layer.units} units of ${layer.layer} (${layer.activation}) never activate on ${layer.rows} training rows (${percent(share)} dead)`,
        hint: 'retrain with a smaller learning rate and heNormal initialisation, or use LeakyReLU so units cannot die',
        data: { layer: layer.layer, activation: layer.activation, units: layer.units, dead, deadShare: round(share, 4), allDead: all, rows: layer.rows, maxDeadShare },
      });
    }
    return issues;
  },
});
