/**
 * Read-only, bounded access to an HDF5 file held in memory, through h5wasm: the file lives in h5wasm's
 * in-memory filesystem (so a hostile file's external links cannot reach the disk), every failure becomes an
 * InputError carrying HDF5's own diagnosis, and no dataset is read before its declared size is checked.
 */
import { InputError } from '../../errors.js';
import { MAX_WEIGHT_VALUES } from '../model-files.js';
import { importPackage } from '../../import-package.js';

type H5wasm = typeof import('h5wasm');
type H5File = import('h5wasm').File;
type H5Group = import('h5wasm').Group;

let loading: Promise<H5wasm> | undefined;

/** h5wasm is ESM-only and instantiates WebAssembly; load it once, on first use. */
function h5wasm(): Promise<H5wasm> {
  loading ??= importPackage('h5wasm').then(async (mod) => {
    await mod.ready;
    return mod;
  });
  return loading;
}

let counter = 0;

/**
 * Runs `fn` with process.stderr swallowed: the HDF5 library prints its error stack there ("HDF5-DIAG: …").
 * Returns the last diagnosis line so the InputError can say what HDF5 found.
 */
function quietly<T>(fn: () => T): { value?: T; error?: unknown; diagnosis?: string } {
  const original = process.stderr.write;
  let captured = '';
  process.stderr.write = ((chunk: string | Uint8Array): boolean => {
    captured += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  }) as typeof process.stderr.write;
  try {
    return { value: fn() };
  } catch (error) {
    return { error, diagnosis: lastDiagnosis(captured) };
  } finally {
    process.stderr.write = original;
  }
}

function lastDiagnosis(text: string): string | undefined {
  const lines = text.split('\n').filter((l) => /^\s*#\d+:/.test(l));
  const last = lines[lines.length - 1];
  if (!last) return undefined;
  const message = /\(\): (.*)$/.exec(last)?.[1];
  return message?.trim();
}

/** An open, read-only HDF5 file; `close()` frees it and its in-memory copy. */
export class Hdf5Reader {
  private constructor(
    private readonly lib: H5wasm,
    private readonly handle: H5File,
    private readonly memPath: string,
    /** The file named in errors (for .keras: `model.keras!model.weights.h5`). */
    readonly file: string,
  ) {}

  static async open(bytes: Uint8Array, file: string): Promise<Hdf5Reader> {
    const lib = await h5wasm();
    const FS = lib.FS as unknown as { writeFile(path: string, data: Uint8Array): void; unlink(path: string): void };
    counter += 1;
    const memPath = `/nndoctor-${process.pid}-${counter}.h5`;
    FS.writeFile(memPath, bytes);
    const opened = quietly(() => {
      const handle = new lib.File(memPath, 'r');
      if (!(handle.file_id > 0n)) throw new Error('H5Fopen failed');
      handle.keys();
      return handle;
    });
    if (opened.error !== undefined || !opened.value) {
      try { FS.unlink(memPath); } catch { /* already gone */ }
      throw new InputError(`is not a readable HDF5 file${opened.diagnosis ? ` (${opened.diagnosis})` : ''}`, { file }, 'the file is truncated or not a Keras model; save the model again with model.save()');
    }
    return new Hdf5Reader(lib, opened.value, memPath, file);
  }

  close(): void {
    quietly(() => this.handle.close());
    const FS = this.lib.FS as unknown as { unlink(path: string): void };
    try { FS.unlink(this.memPath); } catch { /* already gone */ }
  }

  private guard<T>(key: string, fn: () => T): T {
    const result = quietly(fn);
    if (result.error !== undefined) {
      if (result.error instanceof InputError) throw result.error;
      const why = result.diagnosis ?? (result.error as Error).message ?? String(result.error);
      throw new InputError(`cannot be read at ${key} (${why})`, { file: this.file, key }, 'the file is truncated or corrupt; save the model again');
    }
    return result.value as T;
  }

  /** The group at `path`, or null when there is none (or it is not a group). */
  group(path: string): H5Group | null {
    return this.guard(path || '/', () => {
      if (path === '' || path === '/') return this.handle;
      const entity = this.handle.get(path);
      return entity instanceof this.lib.Group ? entity : null;
    });
  }

  keys(group: H5Group, path: string): string[] {
    return this.guard(path || '/', () => group.keys());
  }

  /** A string (or JSON-text) attribute; null when absent. */
  stringAttribute(group: H5Group, name: string, path: string): string | null {
    const key = `${path || '/'}@${name}`;
    return this.guard(key, () => {
      const attrs = group.attrs;
      if (!(name in attrs)) return null;
      const value = attrs[name]!.value;
      if (typeof value === 'string') return value;
      if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
      if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
      throw new InputError(`attribute ${name} is not a string`, { file: this.file, key }, 'save the model again with model.save()');
    });
  }

  /**
   * A list-of-strings attribute (`layer_names`, `weight_names`), also when Keras split it into `name0`, `name1`, …
   * because it outgrew HDF5's 64 KB object-header limit.
   */
  stringListAttribute(group: H5Group, name: string, path: string): string[] | null {
    const key = `${path || '/'}@${name}`;
    return this.guard(key, () => {
      const attrs = group.attrs;
      const parts: unknown[] = [];
      if (name in attrs) parts.push(attrs[name]!.value);
      else for (let i = 0; `${name}${i}` in attrs; i++) parts.push(attrs[`${name}${i}`]!.value);
      if (parts.length === 0) return null;
      const out: string[] = [];
      for (const part of parts) {
        if (typeof part === 'string') out.push(part);
        else if (Array.isArray(part) && part.every((p) => typeof p === 'string')) out.push(...(part as string[]));
        // An empty list is written by numpy as an empty float64 array.
        else if (ArrayBuffer.isView(part) && (part as unknown as { length: number }).length === 0) continue;
        else throw new InputError(`attribute ${name} is not a list of strings`, { file: this.file, key }, 'save the model again with model.save()');
      }
      return out;
    });
  }

  /**
   * A float dataset as float32, after checking that its declared shape fits in memory: `budget.values` is
   * what the caller may still read (shared across all weights of the model).
   */
  floatDataset(path: string, budget: { values: number }): { shape: number[]; values: Float32Array } {
    return this.guard(path, () => {
      const entity = this.handle.get(path);
      if (!(entity instanceof this.lib.Dataset)) throw new InputError(`${path} is not a dataset`, { file: this.file, key: path }, 'save the model again with model.save()');
      const shape = entity.shape ?? [];
      if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new InputError(`weight ${path} has an invalid shape ${JSON.stringify(shape)}`, { file: this.file, key: path }, 'save the model again');
      let count = 1;
      for (const d of shape) {
        count *= d;
        if (count > MAX_WEIGHT_VALUES) throw new InputError(`weight ${path} declares shape ${JSON.stringify(shape)}, more than the ${MAX_WEIGHT_VALUES} values nndoctor accepts`, { file: this.file, key: path }, 'check the model file; it is corrupt or far too large');
      }
      if (count > budget.values) throw new InputError(`weights total more than ${MAX_WEIGHT_VALUES} values`, { file: this.file, key: path }, 'check the model file; it is corrupt or far too large');
      const meta = entity.metadata as { type?: number; size?: number };
      // h5wasm type class 1 is H5T_FLOAT; Keras weights are float32 (float64 when saved from float64 models).
      if (meta.type !== 1 || (meta.size !== 4 && meta.size !== 8)) throw new InputError(`weight ${path} is not float32/float64 (HDF5 type class ${meta.type}, ${meta.size} bytes)`, { file: this.file, key: path }, 'save the model with float32 weights');
      const raw = entity.value;
      if (!(raw instanceof Float32Array || raw instanceof Float64Array) || raw.length !== count) throw new InputError(`weight ${path} could not be read as ${count} floats`, { file: this.file, key: path }, 'the file is truncated or corrupt; save the model again');
      budget.values -= count;
      return { shape, values: raw instanceof Float32Array ? raw : Float32Array.from(raw) };
    });
  }

  has(path: string): boolean {
    return this.guard(path, () => this.handle.get(path) !== null);
  }
}
