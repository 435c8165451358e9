/** Pure helpers that turn a LabelTable into class shares; shared by the class-balance rules. */
import type { LabelTable } from '../../gather/artifacts.js';
import { round } from './format.js';

export interface ClassShare {
  label: string;
  count: number;
  share: number;
}

/** Shares of each class among labelled rows (multi-column tables: among all positives). */
export function classShares(table: LabelTable): ClassShare[] {
  const total = table.classes.reduce((sum, c) => sum + c.count, 0);
  return table.classes.map((c) => ({ label: c.label, count: c.count, share: total > 0 ? c.count / total : 0 }));
}

/** Largest count over smallest non-zero count; Infinity never appears because empty classes are left out. */
export function imbalanceRatio(table: LabelTable): { ratio: number; majority: ClassShare; minority: ClassShare } | null {
  const present = classShares(table).filter((c) => c.count > 0);
  if (present.length < 2) return null;
  let majority = present[0]!;
  let minority = present[0]!;
  for (const c of present) {
    if (c.count > majority.count) majority = c;
    if (c.count < minority.count) minority = c;
  }
  return { ratio: majority.count / minority.count, majority, minority };
}

/** Total variation distance between two share vectors keyed by label: half the sum of absolute differences. */
export function totalVariation(a: LabelTable, b: LabelTable): { distance: number; largest: { label: string; train: number; test: number } | null } {
  const sharesA = new Map(classShares(a).map((c) => [c.label, c.share]));
  const sharesB = new Map(classShares(b).map((c) => [c.label, c.share]));
  const labels = new Set([...sharesA.keys(), ...sharesB.keys()]);
  let sum = 0;
  let largest: { label: string; train: number; test: number } | null = null;
  let largestGap = -1;
  for (const label of labels) {
    const train = sharesA.get(label) ?? 0;
    const test = sharesB.get(label) ?? 0;
    const gap = Math.abs(train - test);
    sum += gap;
    if (gap > largestGap) {
      largestGap = gap;
      largest = { label, train, test };
    }
  }
  return { distance: sum / 2, largest };
}

/** scikit-learn's compute_class_weight('balanced'): n_samples / (n_classes × count), for present classes. */
export function balancedClassWeights(table: LabelTable): Record<string, number> {
  const present = table.classes.filter((c) => c.count > 0);
  const total = present.reduce((sum, c) => sum + c.count, 0);
  const weights: Record<string, number> = {};
  for (const c of present) weights[c.label] = total / (present.length * c.count);
  return weights;
}

export interface IndexedClassWeights {
  /** Balanced weights keyed by class index, as `model.fit(x, y, {classWeight})` reads them; rounded to 6 digits. */
  classWeight: Record<string, number>;
  /** Label → class index, when labels are not their own index (text labels, label columns); else null. */
  classIndex: Record<string, number> | null;
  /** Numeric labels that are no class index (0.5, −1): training cannot weight them, so they are left out. */
  unindexed: string[];
}

/**
 * The one keying of class weights, shared by the class-balance summary and the class-imbalance hint (they once
 * disagreed: the hint keyed 0.5 as "0.5", the summary as its sorted position). Keys are the indices training
 * uses: an integer label is its own index, text labels their sorted position (as the dataset loader encodes them),
 * label columns of a multi-column table their position. A numeric label that is no index is left out and the
 * weights are balanced over the remaining classes, so a stray 0.5 does not shift the weights of 0, 1 and 2.
 */
export function classWeightsByIndex(table: LabelTable): IndexedClassWeights {
  const present = table.classes.filter((c) => c.count > 0);
  const indexOf = new Map<string, number>();
  const unindexed: string[] = [];
  if (table.kind === 'multi') present.forEach((c) => indexOf.set(c.label, table.classes.indexOf(c)));
  else if (!table.numeric) [...present].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0)).forEach((c, i) => indexOf.set(c.label, i));
  else {
    for (const c of present) {
      const value = Number(c.label);
      if (Number.isInteger(value) && value >= 0) indexOf.set(c.label, value);
      else unindexed.push(c.label);
    }
  }
  const indexed = present.filter((c) => indexOf.has(c.label));
  const weights = balancedClassWeights({ ...table, classes: indexed });
  const classWeight: Record<string, number> = {};
  for (const c of [...indexed].sort((a, b) => indexOf.get(a.label)! - indexOf.get(b.label)!)) {
    classWeight[String(indexOf.get(c.label))] = round(weights[c.label]!, 6);
  }
  const ownIndex = table.kind === 'single' && table.numeric;
  return { classWeight, classIndex: ownIndex ? null : Object.fromEntries(indexed.map((c) => [c.label, indexOf.get(c.label)!])), unindexed };
}
