/**
 * A cli-progress bar on stderr for work reported as `… [done/total] …` messages through RunOptions.progress;
 * only on a TTY and without --quiet, so piped and CI output stay clean.
 */
import cliProgress from 'cli-progress';
import type { Io } from './io.js';

export interface StepProgress {
  /** The hook for RunOptions.progress. */
  report(message: string): void;
  stop(): void;
}

export function stepProgress(io: Io, quiet: boolean): StepProgress | undefined {
  if (!io.stderrIsTTY || quiet) return undefined;
  let bar: cliProgress.SingleBar | null = null;
  return {
    report(message) {
      const match = /\[(\d+)\/(\d+)\]/.exec(message);
      if (!match) return;
      const done = Number(match[1]) - 1;
      const total = Number(match[2]);
      const task = message.replace(match[0], '').replace(/\s+/g, ' ').trim();
      if (!bar) {
        bar = new cliProgress.SingleBar({ stream: process.stderr, format: '{bar} {value}/{total} {task}', hideCursor: true, clearOnComplete: true, barsize: 24 }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { task });
      } else {
        bar.setTotal(total);
        bar.update(done, { task });
      }
    },
    stop() {
      if (bar) {
        bar.update(bar.getTotal(), { task: '' });
        bar.stop();
      }
    },
  };
}
