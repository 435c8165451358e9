/** Flags an integer model input fed real-valued features, which are truncated to whole numbers. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { inputEmbedding } from './support/model.js';

export const inputDtype = defineRule({
  meta: {
    id: 'input-dtype',
    category: 'data',
    defaultSeverity: 'fail',
    title: 'Input dtype fits the features',
    failureTitle: 'Integer input, but the features are real-valued',
    docs: {
      what: 'When the model\'s input is declared int32 (or another integer/bool dtype) and does not feed an Embedding layer: the training feature columns that hold non-integer values.',
      why: 'TF.js casts the data to the input\'s dtype, so 0.25, 0.5 and 0.75 all become 0: standardised or [0, 1]-scaled features collapse to a handful of integers (mostly 0), the input carries almost no information and the model predicts one class. Integer inputs are right only for token/category ids into an Embedding. There is no threshold: one real-valued column is enough.',
      fix: 'Declare the input as float32 (`tf.input({shape: [F]})` or `inputShape` with no `dtype`, which defaults to float32), and keep int32 for Embedding ids.',
    },
    needs: ['Topology', 'FeatureStats'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology, FeatureStats }) {
    const dtype = Topology.inputDtype.toLowerCase();
    if (!/^(u?int\d*|bool)$/.test(dtype)) return [];
    if (inputEmbedding(Topology)) return [];
    const real = FeatureStats.train.columns.filter((c) => c.numeric > 0 && !c.allIntegers);
    if (real.length === 0) return [];
    return [{
      message: `the model input is ${dtype} but ${real.length} of ${FeatureStats.train.columns.length} feature columns in ${FeatureStats.train.file} hold real values (${real.slice(0, 4).map((c) => `${c.name} ${c.min}..${c.max}`).join(', ')}${real.length > 4 ? ', …' : ''}): they are truncated to integers`,
      hint: 'declare the input as float32 (drop dtype: "int32" from the input layer)',
      data: { inputDtype: dtype, realColumns: real.map((c) => c.name), columns: FeatureStats.train.columns.length },
    }];
  },
});
