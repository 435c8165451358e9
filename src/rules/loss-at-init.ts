/** Compares the loss at a fresh initialisation with −ln(1/C), the loss of a uniform guess over C classes. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { num, round } from './support/format.js';

/** Losses whose value at a uniform output is known: ln C for categorical cross-entropy, ln 2 per binary column. */
const CROSS_ENTROPY = new Set(['sparseCategoricalCrossentropy', 'categoricalCrossentropy', 'binaryCrossentropy']);

export const lossAtInit = defineRule({
  meta: {
    id: 'loss-at-init',
    category: 'dynamic',
    defaultSeverity: 'warn',
    title: 'Loss at initialisation is near −ln(1/C)',
    failureTitle: 'Loss at initialisation is far above −ln(1/C)',
    docs: {
      what: 'Averages the initial cross-entropy of the overfit-one fits from a fresh initialisation (one example of every class, before any update; not judged when only some classes were fitted) and compares it with −ln(1/C) = ln C, the loss of a uniform guess over C classes (ln 2 per column for binary cross-entropy).',
      why:
        'A freshly initialised classifier should be unsure: its loss should sit near ln C (2.30 for 10 classes). A much higher loss means its first outputs are confidently wrong — unscaled inputs, an initializer scale far too large, or an output bias far from the class prior — and the first hundreds of updates go to undoing that instead of learning. ' +
        'Default `maxRatio` 2: with one example per class the mean is taken over few examples, and healthy Glorot/He-initialised models on standardised inputs land between ~1.0× and ~1.7× ln C (iris MLPs: 0.97–1.68×, digits CNN: 1.02×); unscaled inputs give 2.5× (raw iris) to 10× and more.',
      fix: 'Standardise the inputs (zero mean, unit variance) or scale pixels to [0, 1]; keep the default initializers; start the output bias at log(class prior) (see output-bias-prior).',
    },
    needs: ['OverfitRuns'],
    optionsSchema: z.object({ maxRatio: z.number().positive() }).strict(),
    defaultOptions: { maxRatio: 2 },
  },
  judge({ OverfitRuns }, { maxRatio }) {
    const { classes, loss, encoding } = OverfitRuns;
    if (classes === null || classes < 2 || !CROSS_ENTROPY.has(loss)) return [];
    const firstRuns = OverfitRuns.runs.filter((r) => r.start === 'fresh' && r.repeat === 0);
    // ln C is the expectation over all C classes; a subset (--classes-to-fit) says nothing about the mean.
    if (new Set(firstRuns.map((r) => r.class)).size < classes) return [];
    const initial = firstRuns.map((r) => r.losses[0]).filter((l): l is number => typeof l === 'number');
    if (initial.length === 0) return [];
    const mean = initial.reduce((a, b) => a + b, 0) / initial.length;
    const perColumn = loss === 'binaryCrossentropy';
    const expected = perColumn ? Math.log(2) : Math.log(classes);
    const ratio = mean / expected;
    if (!(ratio > maxRatio)) return [];
    return [{
      message: `loss at a fresh initialisation is ${num(mean)}, ${num(ratio)}× −ln(1/${perColumn ? 2 : classes}) = ${num(expected)} (mean over ${initial.length} example${initial.length === 1 ? '' : 's'})`,
      hint: 'the untrained model is confidently wrong: standardise the inputs (or scale pixels to [0, 1]), keep the default initializers, and start the output bias at the class prior',
      data: { initialLoss: round(mean, 4), expected: round(expected, 4), ratio: round(ratio, 4), maxRatio, classes, encoding, examples: initial.length },
    }];
  },
});
