/**
 * Milliseconds on a monotonic clock. The global `performance` is a lazy getter that loads node:perf_hooks (~2 ms
 * of class-balance's start-up); process.hrtime needs no module.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
