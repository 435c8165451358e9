/** Flags dropout rates above `maxRate`. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { linkedLayers } from './support/model.js';

export const highDropout = defineRule({
  meta: {
    id: 'high-dropout',
    category: 'model',
    defaultSeverity: 'warn',
    title: 'Dropout rates are moderate',
    failureTitle: 'Dropout rate is very high',
    docs: {
      what: 'Reads the `rate` of every Dropout-like layer (Dropout, SpatialDropout, GaussianDropout, AlphaDropout), and the `dropout` and `recurrentDropout` of recurrent layers (LSTM, GRU, SimpleRNN). Each is the fraction of units dropped.',
      why: 'Dropout removes that share of the signal on every training step; at rate 0.8 only a fifth of the units pass, and a small network cannot even fit its training set (cannot-fit-tiny, high-bias), and the noise drowns the gradient. Default `maxRate` 0.5: Srivastava et al. (2014) found 0.5 near-optimal for wide hidden layers and 0.2 for inputs; 0.5 passes exactly on the threshold, and for the narrow layers of small networks anything above it mostly costs capacity.',
      fix: 'Use rate 0.1–0.3 for small networks (at most 0.5), and add dropout only once the model fits the training set (learning-curve shows high variance).',
    },
    needs: ['Topology'],
    optionsSchema: z.object({ maxRate: z.number().min(0).max(1) }).strict(),
    defaultOptions: { maxRate: 0.5 },
  },
  judge({ Topology }, { maxRate }) {
    const high: Array<{ layer: string; rate: number; what: string; option: string }> = [];
    for (const l of linkedLayers(Topology)) {
      if (/Dropout/.test(l.className) && typeof l.rate === 'number' && l.rate > maxRate) high.push({ layer: l.name, rate: l.rate, what: 'its inputs', option: 'rate' });
      if (l.dropout !== undefined && l.dropout > maxRate) high.push({ layer: l.name, rate: l.dropout, what: 'its inputs', option: 'dropout' });
      if (l.recurrentDropout !== undefined && l.recurrentDropout > maxRate) high.push({ layer: l.name, rate: l.recurrentDropout, what: 'its recurrent state', option: 'recurrentDropout' });
    }
    if (high.length === 0) return [];
    return [{
      message: `${high.map((h) => `${h.layer} drops ${Math.round(h.rate * 100)}% of ${h.what}`).join(', ')} on every step (more than ${maxRate})`,
      hint: `use 0.1–0.3 (at most ${maxRate}) for ${high.map((h) => `${h.option} of ${h.layer}`).join(', ')}`,
      data: { maxRate, layers: high.map((h) => ({ layer: h.layer, rate: h.rate, option: h.option })) },
    }];
  },
});
