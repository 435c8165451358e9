/** Pure helpers that turn a LabelTable into class shares; shared by the class-balance rules. */
import type { LabelTable } from '../../gather/artifacts.js';

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
