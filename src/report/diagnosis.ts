/**
 * The doctor's verdict: when prediction-collapse fired, ranks the other findings of the same experiment by how
 * likely each is to make a model predict one class for every row. Pure: ExperimentResult in, Diagnosis out.
 */
import type { RuleId } from '../rules/rule-ids.js';
import type { CheckId, Diagnosis, DiagnosisCause, ExperimentResult, Finding, Json } from './types.js';

interface CauseKnowledge {
  /** Higher is more likely to be the root cause of a collapse; fail findings get FAIL_BONUS on top. */
  weight: number;
  because: string;
}

/**
 * How each fault leads to "always the same class". The order encodes that a fault which makes the output
 * independent of the input (one softmax unit, dead layer, constant weights, broken labels) explains a collapse by
 * itself, while data and optimisation faults (imbalance, scaling, learning rate) explain it through training.
 */
export const COLLAPSE_CAUSES: Partial<Record<RuleId, CauseKnowledge>> = {
  'softmax-single-unit': { weight: 120, because: 'a softmax over one unit outputs exactly 1.0 for every input, so the model cannot tell rows apart' },
  'dead-units': { weight: 82, because: 'a layer whose ReLU units are dead outputs zeros for every row, so everything after it sees the same input' },
  'constant-initializer': { weight: 90, because: 'identical weights make every unit compute the same value, so the layer cannot separate classes' },
  'label-out-of-range': { weight: 88, because: 'labels that are not class indices give the loss nothing consistent to separate' },
  'class-imbalance': { weight: 85, because: 'predicting the majority class already gets most rows right, so the loss barely pushes towards the others' },
  'input-dtype': { weight: 84, because: 'real-valued features truncated to integers (standardised values mostly become 0) no longer tell the rows apart' },
  'unscaled-inputs': { weight: 80, because: 'huge input values make the first updates overshoot, killing or saturating units and pinning the output' },
  'learning-rate-too-high': { weight: 78, because: 'steps that are too large throw the weights into a region where units are dead or saturated' },
  'saved-model-mismatch': { weight: 92, because: 'the model is fed inputs other than those it was trained on (column order, scaling, encoding), so its outputs carry no information' },
  'nan-weights': { weight: 95, because: 'NaN weights make every output NaN, and NaN outputs all argmax to the same class' },
  'nan-loss': { weight: 77, because: 'a NaN/Inf loss corrupts the weights, and NaN outputs all argmax to the same class' },
  'loss-diverging': { weight: 76, because: 'a diverging loss drives the output layer to one saturated answer' },
  'preprocessing-mismatch': { weight: 75, because: 'test rows scaled differently from training rows land in one region of the input space' },
  'loss-activation-mismatch': { weight: 74, because: 'a loss that does not fit the output activation gives gradients that do not separate classes' },
  'activation-cannot-reach-targets': { weight: 73, because: 'the output activation cannot produce the target values, so training settles on a constant compromise' },
  'output-units-mismatch': { weight: 72, because: 'an output layer with the wrong number of units cannot represent every class' },
  'missing-class': { weight: 70, because: 'a class without training rows is never predicted, and the remaining ones absorb its rows' },
  'input-independent': { weight: 70, because: 'the model learns no more from the real inputs than from zeros, so it can only learn the label prior' },
  'saturated-activations': { weight: 65, because: 'saturated sigmoid/tanh units give the same value for every row and have no gradient' },
  'relu-output': { weight: 64, because: 'a ReLU output is stuck at 0 for some classes, so argmax favours the others' },
  'nan-in-data': { weight: 62, because: 'NaN features turn the outputs to NaN, which argmax reads as one class' },
  'softmax-multilabel-targets': { weight: 60, because: 'targets that do not sum to one cannot be matched by a softmax' },
  'layer-after-output': { weight: 60, because: 'a layer after the output activation changes what the loss sees' },
  'exploding-gradients': { weight: 58, because: 'exploding gradients push the weights into a saturated or dead region' },
  'learning-rate-too-low': { weight: 55, because: 'with a learning rate that small the model barely moves from its initial, input-blind guess' },
  'vanishing-gradients': { weight: 52, because: 'vanishing gradients leave the early layers untrained, so only the output bias (the prior) is learned' },
  'overfit-one': { weight: 50, because: 'the model cannot even learn single examples, so training itself is broken' },
  'cannot-fit-tiny': { weight: 50, because: 'the model cannot fit a tiny training set, so training itself is broken' },
  'loss-not-decreasing': { weight: 50, because: 'a loss that never decreases means the model has not learned beyond its initial guess' },
  'frozen-layers': { weight: 45, because: 'frozen layers cannot adapt to the data' },
  'dying-relu-risk': { weight: 45, because: 'this setup tends to kill ReLU units during training' },
  'label-shift': { weight: 42, because: 'train and test have different class shares, so the training prior misleads on test' },
  'too-deep': { weight: 40, because: 'a very deep plain network is hard to train and often collapses to the prior' },
  'high-bias': { weight: 40, because: 'the model underfits: it is too weak for the data and falls back to the majority' },
  'loss-oscillating': { weight: 40, because: 'an oscillating loss means the optimizer never settles on a solution' },
  'loss-at-init': { weight: 35, because: 'an unusual loss at initialisation points to a broken output layer or loss' },
  'high-dropout': { weight: 35, because: 'so much dropout leaves too little signal to learn from' },
  'conflicting-labels': { weight: 30, because: 'identical rows with different labels make the majority label the best answer' },
  'missing-nonlinearity': { weight: 30, because: 'without non-linearities the model is linear and may not separate the classes' },
  'token-id-out-of-range': { weight: 30, because: 'ids outside the Embedding table cannot be looked up, so the model cannot read those rows' },
  'non-numeric-column': { weight: 30, because: 'a column that is not numeric cannot carry information into the model' },
  'output-bias-prior': { weight: 20, because: 'the output bias starts far from the class prior' },
  'constant-feature': { weight: 15, because: 'constant features carry no information' },
};

const FAIL_BONUS = 10;
/** A majority class that is also the collapsed class is the textbook imbalance story. */
const SAME_CLASS_BONUS = 15;
/** A layer with every unit dead makes the output constant by itself; a partly dead one only weakens the model. */
const ALL_DEAD_BONUS = 20;
/** When only test rows collapse, train/test differences explain it better than anything about the model. */
const TEST_ONLY_BONUS = 30;
/**
 * Imbalance explains a collapse through training; when the model cannot even fit single examples or tiny sets
 * (which imbalance does not prevent), the training setup is broken by itself and imbalance ranks below its faults.
 */
const BROKEN_TRAINING_PENALTY = 30;
const BROKEN_TRAINING = new Set<RuleId>(['overfit-one', 'cannot-fit-tiny']);
const MODEL_INTERNAL = new Set<RuleId>(['dead-units', 'saturated-activations', 'vanishing-gradients', 'exploding-gradients', 'constant-initializer', 'too-deep', 'dying-relu-risk']);

/**
 * Findings that say what happened, not why, and the rules whose finding explains them. input-independent (the
 * inputs did not help) is explained by a rule that says how the input gets lost — vanishing gradients, a too-deep
 * stack, dead or saturated units, a broken output layer — and "check that labels are aligned" would send the user
 * the wrong way. A NaN loss is explained by an output the loss cannot take (a ReLU or linear output under
 * cross-entropy), and NaN saved weights by NaN cells in the data the model was trained on. An explained symptom ranks
 * below its cause.
 */
const EXPLAINED_BY: Partial<Record<RuleId, ReadonlySet<RuleId>>> = {
  'input-independent': new Set<RuleId>([
    'vanishing-gradients', 'too-deep', 'dead-units', 'saturated-activations', 'constant-initializer', 'softmax-single-unit',
    'exploding-gradients', 'unscaled-inputs', 'learning-rate-too-high', 'learning-rate-too-low', 'frozen-layers', 'high-dropout', 'nan-loss',
    'missing-nonlinearity', 'high-bias', 'loss-activation-mismatch', 'activation-cannot-reach-targets', 'relu-output', 'layer-after-output',
  ]),
  'nan-loss': new Set<RuleId>(['loss-activation-mismatch', 'relu-output', 'nan-in-data', 'activation-cannot-reach-targets']),
  'nan-weights': new Set<RuleId>(['nan-in-data']),
};
const EXPLAINED_SYMPTOM_PENALTY = 50;

type Obj = Record<string, Json>;
const asObj = (value: Json | undefined): Obj => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {});

function scoreOf(finding: Finding, knowledge: CauseKnowledge, collapse: Obj, fired: ReadonlySet<RuleId>, failed: ReadonlySet<RuleId>): number {
  let score = knowledge.weight + (finding.severity === 'fail' ? FAIL_BONUS : 0);
  const causes = EXPLAINED_BY[finding.rule];
  if (causes && [...causes].some((rule) => fired.has(rule))) score -= EXPLAINED_SYMPTOM_PENALTY;
  if (finding.rule === 'class-imbalance') {
    if ([...BROKEN_TRAINING].some((rule) => failed.has(rule))) score -= BROKEN_TRAINING_PENALTY;
    else if (String(asObj(asObj(finding.data).majority).label) === String(collapse.class)) score += SAME_CLASS_BONUS;
  }
  if (finding.rule === 'dead-units' && asObj(finding.data).allDead === true) score += ALL_DEAD_BONUS;
  const splits = Array.isArray(collapse.splits) ? collapse.splits.map((s) => asObj(s).split) : [];
  const testOnly = splits.length > 0 && splits.every((s) => s === 'test');
  if (testOnly && (finding.rule === 'preprocessing-mismatch' || finding.rule === 'label-shift')) score += TEST_ONLY_BONUS;
  // A fault inside the model would collapse the training rows too.
  if (testOnly && MODEL_INTERNAL.has(finding.rule)) score -= TEST_ONLY_BONUS;
  return score;
}

/** The verdict for one experiment, or undefined when its model does not collapse onto one class. */
export function diagnose(experiment: ExperimentResult): Diagnosis | undefined {
  const all = experiment.checks.flatMap((c) => c.findings.map((f) => ({ check: c.check, finding: f })));
  const symptom = all.find((f) => f.finding.rule === 'prediction-collapse');
  if (!symptom) return undefined;
  const collapse = asObj(symptom.finding.data);
  const fired = new Set(all.map((f) => f.finding.rule));
  const failed = new Set(all.filter((f) => f.finding.severity === 'fail').map((f) => f.finding.rule));
  const seen = new Set<RuleId>();
  const ranked: Array<DiagnosisCause & { score: number; order: number }> = [];
  all.forEach(({ check, finding }, order) => {
    const knowledge = COLLAPSE_CAUSES[finding.rule];
    if (!knowledge || seen.has(finding.rule)) return;
    seen.add(finding.rule);
    const cause: DiagnosisCause & { score: number; order: number } = {
      rule: finding.rule, check: check as CheckId, severity: finding.severity, because: knowledge.because, message: finding.message,
      score: scoreOf(finding, knowledge, collapse, fired, failed), order,
    };
    if (finding.hint !== undefined) cause.hint = finding.hint;
    ranked.push(cause);
  });
  ranked.sort((a, b) => b.score - a.score || a.order - b.order);
  const causes = ranked.map(({ score: _score, order: _order, ...cause }) => cause);
  const top = causes[0];
  const fix = top
    ? top.hint ?? `see \`nndoctor explain ${top.rule}\``
    : 'no other rule found a cause: run `nndoctor overfit-one` and `nndoctor learning-curve` on this experiment to see whether the model can learn at all';
  return { symptom: symptom.finding.message, causes, fix };
}

/** Adds the verdict to every experiment whose model collapses (other experiments are returned unchanged). */
export function withDiagnoses(experiments: readonly ExperimentResult[]): ExperimentResult[] {
  return experiments.map((experiment) => {
    const diagnosis = diagnose(experiment);
    if (!diagnosis) return experiment;
    // Right after the status, so a reader of the JSON meets the verdict before the checks.
    const { path, status, ...rest } = experiment;
    return { path, status, diagnosis, ...rest };
  });
}
