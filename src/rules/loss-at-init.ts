/** Compares the loss at a fresh initialisation with −ln(1/C), the loss of a uniform guess over C classes. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, round } from './support/format.js';

/** Losses whose value at a uniform output is known: ln C for categorical cross-entropy, ln 2 per binary column. */
const CROSS_ENTROPY = new Set(['sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy']);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export const lossAtInit = defineRule({
  meta: {
    id: 'loss-at-init',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Loss at initialisation is near −ln(1/C)',
    failureTitle: 'Loss at initialisation is far above −ln(1/C)',
    docs: {
      what: 'Measures the cross-entropy of freshly initialised models (5 seeds) over up to 256 training rows in inference mode, takes the median over the seeds, and compares it with −ln(1/C) = ln C, the loss of a uniform guess over C classes (ln 2 per column for binary cross-entropy). Models with frozen layers are not judged: only their head is freshly initialised.',
      why:
        'A freshly initialised classifier should be unsure: its loss should sit near ln C (2.30 for 10 classes). A much higher loss means its first outputs are confidently wrong — unscaled inputs, an initializer scale far too large, logits fed to a loss that expects probabilities — and the first hundreds of updates go to undoing that instead of learning. ' +
        'Default `maxRatio` 2.5: one initialisation of a healthy Glorot/He model on standardised inputs can land anywhere between 0.5× and 2.9× ln C, so the median over 5 seeds is judged (over 3 it still swung to 2.9× on a clean binary model with uncentred features); on 26 clean classification experiments (iris, digits, blobs, moons; MLP, CNN, LSTM, batch norm, residual) that median stayed at or below 1.9×, while raw 0–16 digit pixels gave 3.5×, 0–255 pixels 6×, logits into a probability loss 4.7×, a feature in the thousands 10× and a softmax over one unit 11×.',
      fix: 'Standardise the inputs (zero mean, unit variance) or scale pixels to [0, 1]; keep the default initializers; start the output bias at log(class prior) (see output-bias-prior).',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ maxRatio: z.number().positive() }).strict(),
    defaultOptions: { maxRatio: 2.5 },
  },
  judge({ OverfitRuns }, { maxRatio }) {
    const { classes, loss, encoding, initialLoss } = OverfitRuns;
    if (classes === null || classes < 2 || !CROSS_ENTROPY.has(loss) || initialLoss === null) return [];
    // With frozen (pretrained) layers only the head is fresh, and the loss depends on the pretrained features.
    if (OverfitRuns.runs.some((r) => r.start === 'fresh' && r.frozenParameters > 0)) return [];
    const finite = initialLoss.losses.filter((l): l is number => l !== null);
    // A non-finite initial loss is nan-loss's finding; the median needs most seeds to be finite.
    if (finite.length === 0 || finite.length * 2 < initialLoss.losses.length) return [];
    const typical = median(finite);
    const perColumn = loss === 'binaryCrossentropy';
    const expected = perColumn ? Math.log(2) : Math.log(classes);
    const ratio = typical / expected;
    if (!(ratio > maxRatio)) return [];
    const seeds = finite.length;
    return [{
      message: `loss at a fresh initialisation is ${num(typical)}, ${num(ratio)}× −ln(1/${perColumn ? 2 : classes}) = ${num(expected)} (median of ${seeds} initialisation${seeds === 1 ? '' : 's'}, each over ${initialLoss.rows} training row${initialLoss.rows === 1 ? '' : 's'})`,
      hint: 'the untrained model is confidently wrong: standardise the inputs (or scale pixels to [0, 1]), keep the default initializers, and start the output bias at the class prior',
      data: { initialLoss: round(typical, 4), perSeed: initialLoss.losses.map((l) => (l === null ? null : round(l, 4))), rows: initialLoss.rows, expected: round(expected, 4), ratio: round(ratio, 4), maxRatio, classes, encoding },
    }];
  },
});
