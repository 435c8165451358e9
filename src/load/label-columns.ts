/** Picks the label column(s) of a CSV header per DESIGN: --label, else label/class/target/y, else the last column. */
import { InputError } from '../errors.js';

const CONVENTIONAL_NAMES = ['label', 'class', 'target', 'y'];

export function resolveLabelColumns(header: readonly string[], spec: readonly string[] | undefined, file: string): number[] {
  if (spec && spec.length > 0) {
    // A repeated name would count as one label column but as two targets, and surface later as a confusing
    // feature-count error against the model's input shape.
    const repeated = spec.find((name, i) => spec.indexOf(name) !== i);
    if (repeated !== undefined) {
      throw new InputError(`label column "${repeated}" is listed more than once (label columns: ${spec.join(',')})`, { file, row: 1, column: repeated }, 'list each label column once in --label (or "label" in nndoctor.json)');
    }
    return spec.map((name) => {
      const index = header.indexOf(name);
      if (index === -1) {
        const shown = header.length > 8 ? `${header.slice(0, 4).join(', ')}, …, ${header.slice(-2).join(', ')}` : header.join(', ');
        // The training file's label names the test file's too, so a test CSV without labels (a Kaggle test.csv) ends here.
        throw new InputError(`has no label column "${name}"`, { file, row: 1, column: name }, `every CSV needs the label column (a test file without labels cannot be scored: add them, or leave the test file out and nndoctor holds out training rows); or pass --label with one of its columns: ${shown}`);
      }
      return index;
    });
  }
  for (const wanted of CONVENTIONAL_NAMES) {
    const index = header.findIndex((h) => h.toLowerCase() === wanted);
    if (index !== -1) return [index];
  }
  if (header.length < 2) {
    const separator = [';', '\t', '|'].find((s) => (header[0] ?? '').includes(s));
    if (separator) {
      const name = separator === '\t' ? 'tab' : `"${separator}"`;
      throw new InputError(`has a single column whose header holds ${name} characters: the file looks ${name}-separated`, { file, row: 1 }, `nndoctor reads comma-separated files; convert it, e.g. pandas: pd.read_csv(path, sep=${JSON.stringify(separator)}${separator === ';' ? ", decimal=','" : ''}).to_csv(out, index=False)`);
    }
    throw new InputError('has a single column, so there are no features besides the label', { file, row: 1 }, 'add feature columns, or pass --label');
  }
  return [header.length - 1];
}
