/** Flags hidden sigmoid/tanh layers whose units sit at the limits of their range on most rows. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { percent, round } from './support/format.js';

export const saturatedActivations = defineRule({
  meta: {
    id: 'saturated-activations',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Sigmoid/tanh units work in their linear range',
    failureTitle: 'Sigmoid/tanh units are saturated',
    docs: {
      what: 'Feeds the training rows through the saved model and, per hidden sigmoid/tanh layer, counts the units that are pinned at a limit (sigmoid < 0.01 or > 0.99, tanh beyond ±0.99) on more than `minPinnedShare` of the rows. It fires when such units make up more than `maxSaturatedShare` of the layer.',
      why:
        'At its limits a sigmoid or tanh has a gradient under 1 % of its peak, so a saturated unit stops learning and passes (almost) the same value for every row: the layers after it lose the input. Unscaled inputs (pixels 0-255) and large initial weights are the usual cause. ' +
        'Default `minPinnedShare` 0.9: a unit may saturate on some rows (that is how it takes a decision), but one pinned on 90 % of the rows carries no information. ' +
        'Default `maxSaturatedShare` 0.5: a layer with more than half of its units pinned has lost most of its capacity.',
      fix: 'Scale the inputs (standardise or divide pixels by 255), use Glorot initialisation, lower the learning rate, or switch hidden layers to ReLU with batch normalisation.',
    },
    needs: ['HiddenActivations'],
    optionsSchema: z.object({ maxSaturatedShare: z.number().min(0).max(1), minPinnedShare: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxSaturatedShare: 0.5, minPinnedShare: 0.9 },
  },
  judge({ HiddenActivations }, { maxSaturatedShare, minPinnedShare }) {
    const issues: Issue[] = [];
    for (const layer of HiddenActivations.layers) {
      if (layer.saturatedShare.length === 0 || layer.units === 0) continue;
      const pinned = layer.saturatedShare.filter((share) => share > minPinnedShare).length;
      const share = pinned / layer.units;
      if (share <= maxSaturatedShare) continue;
      issues.push({
        message: `${pinned} of ${layer.units} ${layer.activation} units of ${layer.layer} sit at their limits on more than ${percent(minPinnedShare, 0)} of ${layer.rows} training rows (${percent(share)} saturated)`,
        hint: 'scale the inputs (standardise, or divide pixels by 255) and retrain; consider ReLU hidden layers',
        data: { layer: layer.layer, activation: layer.activation, units: layer.units, saturated: pinned, saturatedShare: round(share, 4), rows: layer.rows, maxSaturatedShare, minPinnedShare },
      });
    }
    return issues;
  },
});
