/**
 * A chain of Dense layers (and Flatten/Activation/InputLayer) copied out of a TF.js LayersModel into Float32Arrays,
 * with forward and backward passes in plain JS. For the small MLPs nndoctor mostly trains, a TF.js step is ~100
 * kernel launches of 10–20 µs of engine overhead each, while the arithmetic itself takes a few µs; this does the
 * arithmetic only. `planDenseNet` says which models qualify, and why not.
 */
import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs';
import type { Tf } from '../../load/backend.js';
import { activate, activationGradient, isDenseActivation, type DenseActivation } from './activations.js';

/** A TF.js weight the net was copied from and is written back to. */
interface WeightRef {
  read(): Tensor;
  shape: ReadonlyArray<number | null>;
}

interface DenseStage {
  kind: 'dense';
  inputs: number;
  units: number;
  trainable: boolean;
  kernel: Float32Array;
  bias: Float32Array | null;
  kernelRef: WeightRef;
  biasRef: WeightRef | null;
  /** Double-precision sums, reused across steps: one row of outputs, and the kernel gradient. */
  accumulator: Float64Array;
  kernelSums: Float64Array;
}

interface ActivationStage {
  kind: 'activation';
  activation: DenseActivation;
  units: number;
}

type Stage = DenseStage | ActivationStage;

interface LayerLike {
  getClassName(): string;
  getConfig(): Record<string, unknown>;
  trainable: boolean;
  weights: WeightRef[];
  inboundNodes: Array<{ inboundLayers: unknown[] }>;
}

/** A Dense layer to copy (its activation, when not linear, becomes a stage of its own). */
interface PlannedDense {
  kind: 'dense';
  layer: LayerLike;
  inputs: number;
  units: number;
  useBias: boolean;
  activation: DenseActivation;
}

/** The model's stages (weights not yet copied), or why the model does not qualify. */
export type DenseNetPlan =
  | { ok: true; features: number; outputs: number; parameters: number; stages: Array<PlannedDense | ActivationStage> }
  | { ok: false; reason: string };

export function planDenseNet(model: LayersModel): DenseNetPlan {
  if (model.inputs.length !== 1 || model.outputs.length !== 1) return { ok: false, reason: 'several inputs or outputs' };
  const input = model.inputs[0]!;
  if (input.dtype !== 'float32') return { ok: false, reason: `input dtype ${input.dtype}` };
  const layers = model.layers as unknown as LayerLike[];
  const sequential = model.getClassName() === 'Sequential';
  let rank = input.shape.length;
  let width = input.shape.slice(1).reduce((a: number, b) => a * (b ?? Number.NaN), 1);
  if (!Number.isFinite(width)) return { ok: false, reason: 'input shape has a free dimension' };
  const features = width;
  let parameters = 0;
  const stages: Array<PlannedDense | ActivationStage> = [];
  let previous: LayerLike | null = null;
  for (const layer of layers) {
    const name = layer.getClassName();
    if (!sequential && name !== 'InputLayer') {
      // A functional model qualifies only when it is a plain chain: one inbound node from the previous layer.
      const inbound = layer.inboundNodes;
      if (inbound.length !== 1 || inbound[0]!.inboundLayers.length !== 1 || (previous !== null && inbound[0]!.inboundLayers[0] !== previous)) return { ok: false, reason: 'not a plain chain of layers' };
    }
    previous = layer;
    const config = layer.getConfig();
    if (name === 'InputLayer' || (name === 'Dropout' && config.rate === 0)) continue;
    if (name === 'Flatten') { rank = 2; continue; }
    if (name === 'Activation') {
      if (!isDenseActivation(config.activation)) return { ok: false, reason: `activation ${String(config.activation)}` };
      if (config.activation === 'softmax' && rank !== 2) return { ok: false, reason: 'softmax over a rank > 2 tensor' };
      stages.push({ kind: 'activation', activation: config.activation, units: width });
      continue;
    }
    if (name !== 'Dense') return { ok: false, reason: `layer ${name}` };
    if (rank !== 2) return { ok: false, reason: 'Dense on a rank > 2 input' };
    // The penalty of a regulariser is part of the loss the user trained with; TF.js computes it (calculateLosses).
    if (config.kernelRegularizer || config.biasRegularizer || config.activityRegularizer) return { ok: false, reason: 'a regulariser' };
    if (!isDenseActivation(config.activation)) return { ok: false, reason: `activation ${String(config.activation)}` };
    const kernelShape = layer.weights[0]?.shape;
    if (!kernelShape || kernelShape[0] !== width) return { ok: false, reason: 'unexpected kernel shape' };
    const units = kernelShape[1]!;
    const useBias = config.useBias !== false;
    parameters += width * units + (useBias ? units : 0);
    stages.push({ kind: 'dense', layer, inputs: width, units, useBias, activation: config.activation });
    width = units;
  }
  if (model.outputs[0]!.shape.length !== 2 || model.outputs[0]!.shape[1] !== width) return { ok: false, reason: 'output is not [batch, units]' };
  return { ok: true, features, outputs: width, parameters, stages };
}

/** Scratch buffers for one batch size: each stage's output and the gradient flowing into it. */
interface Scratch {
  rows: number;
  outputs: Float32Array[];
  gradients: Float32Array[];
}

export class DenseNet {
  readonly features: number;
  readonly outputs: number;
  /** Trainable parameter arrays, in the order of the model's trainable weights (per layer: kernel, bias). */
  readonly params: Float32Array[];
  /** Their gradients after `backward`, same order and sizes. */
  readonly grads: Float32Array[];
  private readonly stages: Stage[];
  private readonly scratches = new Map<number, Scratch>();
  private input: Float32Array = new Float32Array(0);

  constructor(plan: Extract<DenseNetPlan, { ok: true }>) {
    this.features = plan.features;
    this.outputs = plan.outputs;
    this.stages = [];
    this.params = [];
    this.grads = [];
    for (const planned of plan.stages) {
      if (planned.kind === 'activation') {
        this.stages.push(planned);
        continue;
      }
      const { layer, inputs, units } = planned;
      const kernelRef = layer.weights[0]!;
      const biasRef = planned.useBias ? layer.weights[1]! : null;
      const dense: DenseStage = {
        kind: 'dense', inputs, units, trainable: layer.trainable,
        kernel: Float32Array.from(kernelRef.read().dataSync() as Float32Array),
        bias: biasRef ? Float32Array.from(biasRef.read().dataSync() as Float32Array) : null,
        kernelRef, biasRef,
        accumulator: new Float64Array(units),
        kernelSums: new Float64Array(layer.trainable ? inputs * units : 0),
      };
      this.stages.push(dense);
      if (dense.trainable) {
        this.params.push(dense.kernel);
        this.grads.push(new Float32Array(dense.kernel.length));
        if (dense.bias) { this.params.push(dense.bias); this.grads.push(new Float32Array(dense.bias.length)); }
      }
      if (planned.activation !== 'linear') this.stages.push({ kind: 'activation', activation: planned.activation, units });
    }
  }

  private buffersFor(rows: number): Scratch {
    // A fit alternates between at most two batch sizes (full batches and the epoch's remainder).
    let scratch = this.scratches.get(rows);
    if (!scratch) {
      scratch = {
        rows,
        outputs: this.stages.map((s) => new Float32Array(rows * s.units)),
        gradients: this.stages.map((s) => new Float32Array(rows * s.units)),
      };
      this.scratches.set(rows, scratch);
    }
    return scratch;
  }

  /** Output (rows × outputs) for `x` (rows × features); the returned array is reused by the next call. */
  forward(x: Float32Array, rows: number): Float32Array {
    const scratch = this.buffersFor(rows);
    this.input = x;
    let current = x;
    this.stages.forEach((stage, s) => {
      const out = scratch.outputs[s]!;
      if (stage.kind === 'activation') activate(stage.activation, current, out, rows, stage.units);
      else denseForward(stage, current, out, rows);
      current = out;
    });
    return current;
  }

  /** Fills `grads` from dLoss/dOutput of the last `forward` (rows × outputs). */
  backward(gradOutput: Float32Array, rows: number): void {
    const scratch = this.buffersFor(rows);
    let gradient = gradOutput;
    let param = this.params.length;
    for (let s = this.stages.length - 1; s >= 0; s--) {
      const stage = this.stages[s]!;
      const input = s === 0 ? this.input : scratch.outputs[s - 1]!;
      const gradInput = s === 0 ? null : scratch.gradients[s - 1]!;
      if (stage.kind === 'activation') {
        activationGradient(stage.activation, scratch.outputs[s]!, gradient, gradInput!, rows, stage.units);
      } else {
        let kernelGrad: Float32Array | null = null;
        let biasGrad: Float32Array | null = null;
        if (stage.trainable) {
          if (stage.bias) biasGrad = this.grads[--param]!;
          kernelGrad = this.grads[--param]!;
        }
        denseBackward(stage, input, gradient, gradInput, kernelGrad, biasGrad, rows);
      }
      if (gradInput === null) break;
      gradient = gradInput;
    }
  }

  /** Copies the trained values back into the TF.js model's weights. */
  writeBack(tf: Tf): void {
    for (const stage of this.stages) {
      if (stage.kind !== 'dense' || !stage.trainable) continue;
      const pairs: Array<[WeightRef, Float32Array]> = [[stage.kernelRef, stage.kernel]];
      if (stage.biasRef && stage.bias) pairs.push([stage.biasRef, stage.bias]);
      for (const [ref, values] of pairs) {
        const tensor = tf.tensor(values, ref.shape as number[], 'float32');
        // Straight into the variable: LayerVariable.write would also apply weight constraints, which the TF.js
        // loop (optimizer.minimize) never does either.
        (ref.read() as Variable).assign(tensor);
        tensor.dispose();
      }
    }
  }
}

/** z = x·W + b, accumulated in double precision and stored as float32 as TF.js's kernels do. */
function denseForward(stage: DenseStage, x: Float32Array, out: Float32Array, rows: number): void {
  const { inputs, units, kernel, bias } = stage;
  const accumulator = stage.accumulator;
  for (let r = 0; r < rows; r++) {
    if (bias) for (let j = 0; j < units; j++) accumulator[j] = bias[j]!;
    else accumulator.fill(0);
    const xBase = r * inputs;
    // No shortcut for zero inputs: 0 × ±Inf must stay NaN, as in TF.js, or a diverged net would look finite.
    for (let k = 0; k < inputs; k++) {
      const xk = x[xBase + k]!;
      const wBase = k * units;
      for (let j = 0; j < units; j++) accumulator[j] += xk * kernel[wBase + j]!;
    }
    out.set(accumulator, r * units);
  }
}

/** dW = xᵀ·g, db = Σ rows of g, dx = g·Wᵀ (skipped for the first stage, whose input is the data). */
function denseBackward(stage: DenseStage, x: Float32Array, g: Float32Array, gradInput: Float32Array | null, kernelGrad: Float32Array | null, biasGrad: Float32Array | null, rows: number): void {
  const { inputs, units, kernel } = stage;
  if (kernelGrad) {
    const sums = stage.kernelSums;
    sums.fill(0);
    for (let r = 0; r < rows; r++) {
      const xBase = r * inputs;
      const gBase = r * units;
      for (let k = 0; k < inputs; k++) {
        const xk = x[xBase + k]!;
        const wBase = k * units;
        for (let j = 0; j < units; j++) sums[wBase + j] += xk * g[gBase + j]!;
      }
    }
    kernelGrad.set(sums);
  }
  if (biasGrad) {
    const sums = stage.accumulator;
    sums.fill(0);
    for (let r = 0; r < rows; r++) for (let j = 0; j < units; j++) sums[j] += g[r * units + j]!;
    biasGrad.set(sums);
  }
  if (gradInput) {
    for (let r = 0; r < rows; r++) {
      const gBase = r * units;
      for (let k = 0; k < inputs; k++) {
        const wBase = k * units;
        let sum = 0;
        for (let j = 0; j < units; j++) sum += g[gBase + j]! * kernel[wBase + j]!;
        gradInput[r * inputs + k] = sum;
      }
    }
  }
}
