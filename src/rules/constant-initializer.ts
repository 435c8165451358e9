/** Flags hidden weight layers whose kernels start (declared) or are saved with every value the same. */
import { z } from 'zod';
import { defineRule, type Issue } from './define-rule.js';
import { num } from './support/format.js';
import { hiddenWeightLayers } from './support/model.js';
import type { LayerInfo } from '../gather/artifacts.js';

/** Why a declared kernel initializer yields identical values, or null when it draws random ones. */
function constantReason(layer: LayerInfo): string | null {
  const name = (layer.kernelInitializer ?? '').toLowerCase().replace(/[^a-z]/g, '');
  const args = layer.kernelInitializerArgs ?? {};
  if (name === 'zeros' || name === 'zero') return 'zeros';
  if (name === 'ones' || name === 'one') return 'ones';
  if (name === 'constant') return `constant ${layer.kernelInitializerValue ?? args.value ?? ''}`.trim();
  if ((name === 'randomnormal' || name === 'truncatednormal') && args.stddev === 0) return `${layer.kernelInitializer} with stddev 0`;
  if (name === 'randomuniform' && typeof args.minval === 'number' && args.minval === args.maxval) return `${layer.kernelInitializer} with minval = maxval = ${args.minval}`;
  if (name === 'variancescaling' && args.scale === 0) return 'VarianceScaling with scale 0';
  return null;
}

export const constantInitializer = defineRule({
  meta: {
    id: 'constant-initializer',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Hidden kernels start random',
    failureTitle: 'Hidden kernels start with every weight the same',
    docs: {
      what: 'For every hidden weight layer (Dense, Conv, RNN — not the output layer): a declared kernel initializer that gives every weight the same value (zeros, ones, constant, a random initializer with zero spread), or a saved kernel whose values are all equal. Bias initializers are not judged: zero biases are the norm.',
      why: 'Units that start with identical weights compute identical outputs and receive identical gradients, so they stay identical for ever: the layer behaves like one unit. With zeros and ReLU the gradient is exactly zero and nothing before the layer learns at all; the network then predicts the same class for every input. The output layer is exempt: its units get different gradients from different targets, so a zero-initialised last layer (a known trick) trains normally. There is no threshold: identical values are identical.',
      fix: 'Remove the kernelInitializer (TF.js and Keras default to glorotUniform), or use `kernelInitializer: "heNormal"` for ReLU layers and `"glorotUniform"` for tanh/sigmoid; retrain saved weights from such an initialisation.',
    },
    needs: ['Topology'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology }) {
    const hidden = hiddenWeightLayers(Topology);
    const names = new Set(hidden.map((l) => l.name));
    const declared = hidden.flatMap((layer) => {
      const reason = constantReason(layer);
      return reason ? [{ layer: layer.name, initializer: reason }] : [];
    });
    const saved = Topology.savedKernels.filter((k) => k.allEqual && names.has(k.layer) && !declared.some((d) => d.layer === k.layer));
    const issues: Issue[] = [];
    if (declared.length > 0) {
      issues.push({
        message: `hidden layer${declared.length === 1 ? '' : 's'} ${declared.map((d) => `${d.layer} (${d.initializer})`).join(', ')} declare${declared.length === 1 ? 's' : ''} a kernel initializer that gives every weight the same value`,
        hint: 'remove kernelInitializer (default glorotUniform), or use kernelInitializer "heNormal" for ReLU layers',
        data: { layers: declared },
      });
    }
    if (saved.length > 0) {
      issues.push({
        message: `saved kernel${saved.length === 1 ? '' : 's'} ${saved.map((k) => `${k.weight} (${k.count} values, all ${num(k.min)})`).join(', ')} ${saved.length === 1 ? 'has' : 'have'} every value equal`,
        hint: 'the weights were never randomly initialised (or never trained): re-initialise with glorotUniform/heNormal and retrain',
        data: { kernels: saved.map((k) => ({ layer: k.layer, weight: k.weight, count: k.count, value: k.min })) },
      });
    }
    return issues;
  },
});
