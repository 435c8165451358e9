/** A seeded shuffle shared by training (batch order) and data checks (label permutation tests). */
import seedrandom from 'seedrandom';

/** Fisher–Yates with a seeded alea generator (Math.random is banned: runs must be reproducible). */
export function seededPermutation(n: number, seed: number): Int32Array {
  const random = seedrandom.alea(String(seed));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** `count` distinct indices of 0…total−1 in ascending order (all of them when total ≤ count): a partial Fisher–Yates. */
export function seededSample(total: number, count: number, random: () => number): number[] {
  const all = Array.from({ length: total }, (_, i) => i);
  if (total <= count) return all;
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (total - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, count).sort((a, b) => a - b);
}
