/** Number formatting shared by rule messages, so every message prints numbers the same way. */

/** 0.123456 → "12.3%". */
export function percent(share: number, digits = 1): string {
  return `${(share * 100).toFixed(digits)}%`;
}

/** Rounds to a few significant digits for messages; data keeps full precision. */
export function num(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  if (value !== 0 && (Math.abs(value) >= 1e5 || Math.abs(value) < 1e-3)) return value.toExponential(digits - 1);
  return String(Number(value.toPrecision(digits)));
}

/** Rounds a value stored in `data` so reports stay readable and deterministic across platforms. */
export function round(value: number, digits = 6): number {
  if (!Number.isFinite(value)) return value;
  return Number(value.toPrecision(digits));
}
