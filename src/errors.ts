/** Error types that separate the user's faults (exit 2) from nndoctor's own bugs (exit 3). */

/** Where in an input the problem sits; rendered as `file:row:column` or `file: key`. */
export interface InputLocation {
  file?: string;
  /** 1-based line number in the file (the header is row 1). */
  row?: number;
  /** 1-based column number, or the column's name. */
  column?: number | string;
  /** A key path inside a JSON input, e.g. `rules.class-imbalance[1].maxRatio`. */
  key?: string;
}

/**
 * Escapes control characters (newlines, NUL, ANSI escape sequences) that a hostile file could smuggle into a
 * message through a header name, a cell or a path: the error must stay one line and must not drive the terminal.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

function printableLocation(location: InputLocation): InputLocation {
  const out: InputLocation = { ...location };
  if (out.file !== undefined) out.file = printable(out.file);
  if (typeof out.column === 'string') out.column = printable(out.column);
  if (out.key !== undefined) out.key = printable(out.key);
  return out;
}

/** A fault in something the user gave us: a file, a folder, a config. Renders as one line. */
export class InputError extends Error {
  readonly location: InputLocation;
  readonly fix: string;
  constructor(problem: string, location: InputLocation, fix: string) {
    super(printable(problem));
    this.name = 'InputError';
    this.location = printableLocation(location);
    this.fix = printable(fix);
  }

  /** `data/train.csv:14:3: "abc" is not a number (column x). Fix: …` */
  toLine(): string {
    const { file, row, column, key } = this.location;
    let where = file ?? '';
    if (row !== undefined) where += `:${row}`;
    if (row !== undefined && typeof column === 'number') where += `:${column}`;
    if (key !== undefined && key !== '') where += where ? ` (key ${key})` : `key ${key}`;
    const columnName = typeof column === 'string' ? ` (column ${column})` : '';
    const prefix = where ? `${where}: ` : '';
    return `${prefix}${this.message}${columnName}. Fix: ${this.fix}`.replace(/\.\. Fix/, '. Fix');
  }
}

/**
 * A check that needs the model's saved weights cannot use them: the check does not apply, so it is `skipped` (with
 * `reason`) rather than an input error.
 */
export class SavedWeightsUnusableError extends InputError {
  constructor(message: string, file: string, fix: string, readonly reason: string) {
    super(message, { file, key: 'weightsManifest' }, fix);
    this.name = 'SavedWeightsUnusableError';
  }
}

/** A topology-only model.json, which DESIGN allows. */
export class NoSavedWeightsError extends SavedWeightsUnusableError {
  constructor(file: string) {
    super('has no saved weights (topology only)', file, 'save the model with its weights to check what it predicts', `${file} has no saved weights (topology only), and this check needs them`);
    this.name = 'NoSavedWeightsError';
  }
}

/** Saved weights holding NaN/Inf (the model diverged before it was saved): every prediction would be NaN. */
export class NonFiniteWeightsError extends SavedWeightsUnusableError {
  constructor(file: string) {
    super('has NaN/Inf saved weights', file, 'retrain the model (see nan-weights)', `${file} holds NaN/Inf saved weights (see nan-weights), and this check needs usable ones`);
    this.name = 'NonFiniteWeightsError';
  }
}

/**
 * A training check that would run far past `check`'s quick budget on this model (long sequences, big recurrent
 * layers): it stops and is `skipped` with the measured cost, the other checks still run.
 */
export class QuickBudgetExceeded extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'QuickBudgetExceeded';
  }
}

/** A fault in the command line itself (unknown flag, bad value). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Raised when a `--timeout` deadline passes; the running check is reported as `error`. */
export class DeadlineError extends Error {
  constructor(seconds: number) {
    super(`did not finish within the ${seconds} s deadline (--timeout)`);
    this.name = 'DeadlineError';
  }
}

export function isInputError(error: unknown): error is InputError {
  return error instanceof InputError;
}
