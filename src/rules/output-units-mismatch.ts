/** Flags an output layer whose width does not match the classes or target columns in the data. */
import { z } from 'zod';
import { defineRule } from './define-rule.js';
import { labelClassCount } from '../gather/task.js';

export const outputUnitsMismatch = defineRule({
  meta: {
    id: 'output-units-mismatch',
    category: 'model',
    defaultSeverity: 'fail',
    title: 'Output units match the targets',
    failureTitle: 'Output units do not match the targets',
    docs: {
      what: 'Compares the output layer\'s units with what the targets need: one unit per class for class-index labels (max label + 1, or the number of distinct text labels, or `--classes`), one unit per column for multi-column targets (one-hot, multi-label, multi-output regression), one unit for a single regression target. One unit for two classes is accepted (a sigmoid binary classifier).',
      why: 'With fewer units than classes, labels beyond the last unit are silently treated as all-zero targets by TF.js (or rejected), so those classes can never be predicted; with more units the model spends probability on classes that never occur and the loss at initialisation is off. Either way it is a shape bug, not a tuning question, so there is no threshold: any difference is reported.',
      fix: 'Give the last Dense layer exactly as many units as the targets need (the number is in the finding), or fix the labels (e.g. 1-based labels → 0-based) or the `--label` columns.',
    },
    needs: ['Topology', 'LabelCounts'],
    optionsSchema: z.object({}).strict(),
    defaultOptions: {},
  },
  judge({ Topology, LabelCounts }) {
    const units = Topology.outputUnits;
    if (units === null) return [];
    const { train, task, expectedClasses } = LabelCounts;
    let needed: number | null;
    let what: string;
    if (train.kind === 'multi') {
      needed = train.columns.length;
      what = `${needed} target columns (${train.columns.slice(0, 5).join(', ')}${train.columns.length > 5 ? ', …' : ''})`;
    } else if (task.kind === 'regression') {
      needed = 1;
      what = `one regression target column (${train.columns[0]})`;
    } else if (expectedClasses?.from === 'flag') {
      needed = expectedClasses.count;
      what = `${needed} classes (--classes)`;
    } else if (train.numeric && (train.nonInteger > 0 || (train.min !== null && train.min < 0))) {
      // Fractional or negative labels are no class indices (label-out-of-range's finding): no unit count follows.
      return [];
    } else {
      needed = labelClassCount(train);
      // Label values that would fit the units once renumbered (1-based, 2/4) are label-out-of-range's finding: the
      // labels need mapping, not the output layer.
      if (train.numeric && needed !== null && needed > units && train.classes.length <= (units === 1 ? 2 : units)) return [];
      const textLabels = !train.numeric;
      what = textLabels ? `${needed} distinct labels in ${train.file}` : `${needed} classes (labels 0..${train.max} in ${train.file})`;
    }
    if (needed === null || needed === units) return [];
    // One unit can carry two classes (sigmoid); a softmax there is softmax-single-unit's finding.
    if (units === 1 && needed === 2 && train.kind === 'single') return [];
    const fewer = units < needed;
    return [{
      message: `the output layer ${Topology.outputLayer} has ${units} unit${units === 1 ? '' : 's'} but the targets need ${needed}: ${what}`,
      hint: fewer
        ? `give the output layer ${needed} units (tf.layers.dense({units: ${needed}, …}))${train.kind === 'single' && train.numeric ? ', or check the labels (1-based? wrong --label column?)' : ''}`
        : `give the output layer ${needed} unit${needed === 1 ? '' : 's'}, or check that --label names every target column`,
      data: { outputLayer: Topology.outputLayer, outputUnits: units, needed, targetColumns: train.columns, taskKind: task.kind },
    }];
  },
});
