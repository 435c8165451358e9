/** Keras → TF.js config translation: every supported layer type builds in TF.js with the weights named as predicted. */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { startEngine, type Tf } from '../../src/load/backend.js';
import { InputError } from '../../src/errors.js';
import { KerasTranslator, LAYERS, tidyFloat32, toSnakeCase, translateTrainingConfig } from '../../src/load/keras/translate-config.js';
import { foldFromLogits } from '../../src/load/keras/fold-from-logits.js';

type Json = Record<string, unknown>;
const policy = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };
const init = (className: string, config: Json = {}): Json => ({ module: 'keras.initializers', class_name: className, config, registered_name: null });

/** A layer entry as Keras 3 serialises it. */
function k3(className: string, config: Json, name = toSnakeCase(className)): Json {
  return { module: 'keras.layers', class_name: className, config: { name, trainable: true, dtype: policy, ...config }, registered_name: null, build_config: { input_shape: null } };
}

function sequential(inputShape: number[], layer: Json, inputDtype = 'float32'): Json {
  return {
    module: 'keras', class_name: 'Sequential', registered_name: null,
    config: { name: 'sequential', trainable: true, dtype: policy, layers: [{ module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, ...inputShape], dtype: inputDtype, sparse: false, name: 'input_layer' }, registered_name: null }, layer] },
  };
}

const conv = { strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu', use_bias: true, kernel_initializer: init('GlorotUniform', { seed: null }), bias_initializer: init('Zeros'), kernel_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, bias_constraint: null };
const rnn = { return_sequences: false, return_state: false, go_backwards: false, stateful: false, unroll: false, zero_output_for_mask: false, units: 3, activation: 'tanh', recurrent_activation: 'sigmoid', use_bias: true, kernel_initializer: init('GlorotUniform', { seed: null }), recurrent_initializer: init('Orthogonal', { gain: 1.0, seed: null }), bias_initializer: init('Zeros'), kernel_regularizer: null, recurrent_regularizer: null, bias_regularizer: null, activity_regularizer: null, kernel_constraint: null, recurrent_constraint: null, bias_constraint: null, dropout: 0.0, recurrent_dropout: 0.0, seed: null };
const depthwise = { strides: [1, 1], padding: 'valid', data_format: 'channels_last', dilation_rate: [1, 1], activation: 'relu', use_bias: true, depth_multiplier: 1, depthwise_initializer: init('GlorotUniform', { seed: null }), bias_initializer: init('Zeros'), depthwise_regularizer: null, bias_regularizer: null, activity_regularizer: null, depthwise_constraint: null, bias_constraint: null };
const bnInits = { beta_initializer: init('Zeros'), gamma_initializer: init('Ones'), moving_mean_initializer: init('Zeros'), moving_variance_initializer: init('Ones'), beta_regularizer: null, gamma_regularizer: null, beta_constraint: null, gamma_constraint: null };

/** [class, input shape, Keras 3 config, input dtype?] — one realistic config per supported single-input layer. */
const CASES: Array<[string, number[], Json, string?]> = [
  ['Dense', [4], { units: 3, activation: 'relu', use_bias: true, kernel_initializer: init('LecunNormal', { seed: null }), bias_initializer: init('Zeros'), kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null }, bias_regularizer: null, kernel_constraint: null, bias_constraint: null, lora_rank: null }],
  ['Conv1D', [6, 2], { ...conv, filters: 2, kernel_size: [3], strides: [1], dilation_rate: [1], groups: 1 }],
  ['Conv2D', [6, 6, 2], { ...conv, filters: 2, kernel_size: [3, 3], padding: 'same', groups: 1, use_bias: false }],
  ['Conv3D', [4, 4, 4, 1], { ...conv, filters: 2, kernel_size: [2, 2, 2], strides: [1, 1, 1], dilation_rate: [1, 1, 1], groups: 1 }],
  ['Conv2DTranspose', [4, 4, 2], { ...conv, filters: 2, kernel_size: [2, 2], strides: [2, 2], output_padding: null, groups: 1 }],
  ['DepthwiseConv2D', [6, 6, 2], { ...depthwise, kernel_size: [3, 3] }],
  ['SeparableConv2D', [6, 6, 2], { ...depthwise, filters: 3, kernel_size: [3, 3], pointwise_initializer: init('GlorotUniform', { seed: null }), pointwise_regularizer: null, pointwise_constraint: null }],
  ['MaxPooling1D', [6, 2], { pool_size: [2], strides: [2], padding: 'valid', data_format: 'channels_last' }],
  ['MaxPooling2D', [6, 6, 2], { pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last' }],
  ['MaxPooling3D', [4, 4, 4, 1], { pool_size: [2, 2, 2], strides: [2, 2, 2], padding: 'valid', data_format: 'channels_last' }],
  ['AveragePooling1D', [6, 2], { pool_size: [2], strides: [2], padding: 'valid', data_format: 'channels_last' }],
  ['AveragePooling2D', [6, 6, 2], { pool_size: [2, 2], strides: [2, 2], padding: 'valid', data_format: 'channels_last' }],
  ['AveragePooling3D', [4, 4, 4, 1], { pool_size: [2, 2, 2], strides: [2, 2, 2], padding: 'valid', data_format: 'channels_last' }],
  ['GlobalMaxPooling1D', [6, 2], { data_format: 'channels_last', keepdims: false }],
  ['GlobalMaxPooling2D', [6, 6, 2], { data_format: 'channels_last', keepdims: false }],
  ['GlobalAveragePooling1D', [6, 2], { data_format: 'channels_last', keepdims: false }],
  ['GlobalAveragePooling2D', [6, 6, 2], { data_format: 'channels_last', keepdims: false }],
  ['ZeroPadding2D', [4, 4, 1], { padding: [[1, 1], [1, 1]], data_format: 'channels_last' }],
  ['Cropping2D', [6, 6, 1], { cropping: [[1, 1], [1, 1]], data_format: 'channels_last' }],
  ['UpSampling2D', [3, 3, 1], { size: [2, 2], data_format: 'channels_last', interpolation: 'nearest' }],
  ['Flatten', [3, 3], { data_format: 'channels_last' }],
  ['Reshape', [6], { target_shape: [2, 3] }],
  ['Permute', [2, 3], { dims: [2, 1] }],
  ['RepeatVector', [3], { n: 2 }],
  ['Dropout', [4], { rate: 0.5, seed: null, noise_shape: null }],
  ['SpatialDropout1D', [4, 3], { rate: 0.2, seed: null, noise_shape: null }],
  ['GaussianNoise', [4], { stddev: 0.1, seed: null }],
  ['GaussianDropout', [4], { rate: 0.1, seed: null }],
  ['AlphaDropout', [4], { rate: 0.1, noise_shape: null, seed: null }],
  ['Activation', [4], { activation: 'silu' }],
  ['ReLU', [4], { max_value: 6.0, negative_slope: 0.0, threshold: 0.0 }],
  ['LeakyReLU', [4], { negative_slope: 0.2 }],
  ['PReLU', [4], { alpha_initializer: init('Zeros'), alpha_regularizer: null, alpha_constraint: null, shared_axes: null }],
  ['ELU', [4], { alpha: 1.0 }],
  ['Softmax', [4], { axis: -1 }],
  ['ThresholdedReLU', [4], { theta: 1.0 }],
  ['BatchNormalization', [4], { axis: -1, momentum: 0.99, epsilon: 0.001, center: true, scale: false, synchronized: false, ...bnInits }],
  ['LayerNormalization', [4], { axis: -1, epsilon: 0.001, center: true, scale: true, rms_scaling: false, ...bnInits }],
  ['Embedding', [3], { input_dim: 5, output_dim: 2, embeddings_initializer: init('RandomUniform', { minval: -0.05, maxval: 0.05, seed: null }), embeddings_regularizer: null, activity_regularizer: null, embeddings_constraint: null, mask_zero: false }, 'int32'],
  ['Masking', [3, 2], { mask_value: 0.0 }],
  ['LSTM', [5, 2], { ...rnn, unit_forget_bias: true }],
  ['GRU', [5, 2], { ...rnn, reset_after: false }],
  ['SimpleRNN', [5, 2], rnn],
];
const MERGES = ['Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Dot'];

let tf: Tf;
before(async () => {
  tf = (await startEngine('cpu')).tf;
});

function translate(config: unknown, file = 'model.keras') {
  return new KerasTranslator(file).translateModel(config, 'config.json');
}

async function buildAndCheck(config: Json, inputShape: number[]): Promise<void> {
  const translated = translate(config);
  const model = await tf.models.modelFromJSON({ modelTopology: translated.modelTopology } as never);
  try {
    const predicted = translated.layers.flatMap((l) => l.weightNames);
    assert.deepEqual(model.weights.map((w) => (w as unknown as { originalName: string }).originalName).sort(), [...predicted].sort());
    // Keras's variable order must match each TF.js layer's own weight order.
    for (const layer of translated.layers) assert.deepEqual(model.getLayer(layer.name).weights.map((w) => (w as unknown as { originalName: string }).originalName), layer.weightNames);
    const before = tf.memory().numTensors;
    tf.tidy(() => { model.predict(tf.zeros([2, ...inputShape])); });
    assert.equal(tf.memory().numTensors, before);
  } finally {
    model.dispose();
  }
}

describe('every supported layer type translates, builds in TF.js, and names its weights as predicted', () => {
  for (const [className, inputShape, config, dtype] of CASES) {
    it(`${className}`, async () => {
      await buildAndCheck(sequential(inputShape, k3(className, config), dtype), inputShape);
    });
  }

  it('covers every class in the LAYERS table', () => {
    const tested = new Set([...CASES.map((c) => c[0]), ...MERGES, 'InputLayer']);
    assert.deepEqual(Object.keys(LAYERS).filter((c) => !tested.has(c)), []);
  });

  for (const merge of MERGES) {
    it(`${merge} in a Keras 3 functional model (inbound_nodes with keras_history)`, async () => {
      const tensor = (name: string, shape: number[]): Json => ({ class_name: '__keras_tensor__', config: { shape, dtype: 'float32', keras_history: [name, 0, 0] } });
      const dense = (name: string): Json => ({ ...k3('Dense', { units: 3, activation: 'relu', use_bias: true }, name), name, inbound_nodes: [{ args: [tensor('input_layer', [null, 4])], kwargs: {} }] });
      const config = {
        module: 'keras.src.models.functional', class_name: 'Functional', registered_name: 'Functional',
        config: {
          name: 'functional', trainable: true,
          layers: [
            { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 4], dtype: 'float32', sparse: false, name: 'input_layer' }, registered_name: null, name: 'input_layer', inbound_nodes: [] },
            dense('a'), dense('b'),
            { ...k3(merge, merge === 'Dot' ? { axes: -1, normalize: false } : merge === 'Concatenate' ? { axis: -1 } : {}, 'merge'), name: 'merge', inbound_nodes: [{ args: [[tensor('a', [null, 3]), tensor('b', [null, 3])]], kwargs: {} }] },
          ],
          input_layers: [['input_layer', 0, 0]],
          output_layers: ['merge', 0, 0],
        },
      };
      await buildAndCheck(config, [4]);
    });
  }
});

describe('what the translation maps', () => {
  it('turns Keras 3 wrappers, batch_shape, dtype policies, L2 and LecunNormal into TF.js names', () => {
    const { modelTopology } = translate(sequential([4], k3('Dense', { units: 3, activation: 'silu', kernel_initializer: init('LecunNormal', { seed: null }), kernel_regularizer: { module: 'keras.regularizers', class_name: 'L2', config: { l2: 0.01 }, registered_name: null } })));
    assert.deepEqual(modelTopology, {
      class_name: 'Sequential',
      config: { name: 'sequential', layers: [{ class_name: 'Dense', config: { name: 'dense', trainable: true, units: 3, activation: 'swish', kernel_initializer: { class_name: 'LeCunNormal', config: { seed: null } }, kernel_regularizer: { class_name: 'L1L2', config: { l1: 0, l2: 0.01 } }, batch_input_shape: [null, 4], dtype: 'float32' } }] },
    });
  });

  it('keeps a Keras 2 functional config as it is (apart from wrappers)', () => {
    const config = {
      class_name: 'Functional',
      config: {
        name: 'model',
        layers: [
          { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', sparse: false, ragged: false, name: 'input_1' }, name: 'input_1', inbound_nodes: [] },
          { class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'softmax' }, name: 'dense', inbound_nodes: [[['input_1', 0, 0, {}]]] },
        ],
        input_layers: [['input_1', 0, 0]], output_layers: [['dense', 0, 0]],
      },
    };
    const { modelTopology } = translate(config, 'model.h5');
    assert.deepEqual((modelTopology.config as Json).layers, [
      { class_name: 'InputLayer', config: { batch_input_shape: [null, 4], dtype: 'float32', name: 'input_1' }, name: 'input_1', inbound_nodes: [] },
      { class_name: 'Dense', config: { name: 'dense', units: 2, activation: 'softmax' }, name: 'dense', inbound_nodes: [[['input_1', 0, 0, {}]]] },
    ]);
  });

  it('converts BatchNormalization axis [3] (Keras 2, built) to 3', () => {
    const { modelTopology } = translate(sequential([4, 4, 2], { class_name: 'BatchNormalization', config: { name: 'bn', axis: [3] } }));
    assert.equal(((modelTopology.config as Json).layers as Json[])[0]!.config && (((modelTopology.config as Json).layers as Array<{ config: Json }>)[0]!.config.axis), 3);
  });

  it('names Keras 3 weight groups as saving_lib does', () => {
    assert.deepEqual(['Conv2D', 'BatchNormalization', 'MaxPooling2D', 'LSTM', 'InputLayer', 'SeparableConv2D'].map(toSnakeCase), ['conv2d', 'batch_normalization', 'max_pooling2d', 'lstm', 'input_layer', 'separable_conv2d']);
  });

  it('reads the optimizer and loss from Keras 2 training_config and Keras 3 compile_config', () => {
    assert.deepEqual(translateTrainingConfig({ loss: 'categorical_crossentropy', optimizer_config: { class_name: 'Custom>SGD', config: { learning_rate: 0.009999999776482582, momentum: 0.8999999761581421 } } }), { loss: 'categorical_crossentropy', optimizer_config: { class_name: 'SGD', config: { learning_rate: 0.01, momentum: 0.9 } } });
    const v3 = translateTrainingConfig({ optimizer: { module: 'keras.optimizers', class_name: 'RMSprop', config: { learning_rate: 0.0005000000237487257 }, registered_name: null }, loss: { module: 'keras.losses', class_name: 'BinaryCrossentropy', config: { name: 'binary_crossentropy', from_logits: false }, registered_name: null } });
    assert.deepEqual(v3, { loss: { class_name: 'BinaryCrossentropy', config: { name: 'binary_crossentropy', from_logits: false } }, optimizer_config: { class_name: 'RMSprop', config: { learning_rate: 0.0005 } } });
    assert.equal(translateTrainingConfig(null), null);
  });

  it('moves from_logits=True into a linear output layer as softmax (sigmoid for binary cross-entropy)', () => {
    const model = translate(sequential([4], k3('Dense', { units: 3, activation: 'linear' })));
    const training = translateTrainingConfig({ loss: { module: 'keras.losses', class_name: 'SparseCategoricalCrossentropy', config: { name: 'sparse_categorical_crossentropy', from_logits: true }, registered_name: null } });
    assert.deepEqual(foldFromLogits(model, training), { layer: 'dense', activation: 'softmax' });
    assert.equal((((model.modelTopology.config as Json).layers as Array<{ config: Json }>)[0]!.config.activation), 'softmax');
    assert.equal(((training!.loss as Json).config as Json).from_logits, false);
    const binary = translate(sequential([4], k3('Dense', { units: 1 })));
    assert.deepEqual(foldFromLogits(binary, { loss: { class_name: 'BinaryCrossentropy', config: { from_logits: true } } }), { layer: 'dense', activation: 'sigmoid' });
    // Probabilities already, or no from_logits: nothing changes.
    const softmax = translate(sequential([4], k3('Dense', { units: 3, activation: 'softmax' })));
    assert.equal(foldFromLogits(softmax, training), null);
    assert.equal(foldFromLogits(translate(sequential([4], k3('Dense', { units: 3 }))), { loss: 'sparse_categorical_crossentropy' }), null);
  });

  it('tidies only values that are exactly float32', () => {
    assert.equal(tidyFloat32(Math.fround(0.001)), 0.001);
    assert.equal(tidyFloat32(0.001), 0.001);
    assert.equal(tidyFloat32(0.123456789), 0.123456789);
  });
});

describe('what TF.js cannot represent is refused with the layer named', () => {
  const refuse = (config: unknown, pattern: RegExp): void => {
    assert.throws(() => translate(config), (error: unknown) => error instanceof InputError && pattern.test(error.message) && error.location.file === 'model.keras' && typeof error.location.key === 'string' && error.fix.length > 0);
  };
  it('a Lambda layer', () => refuse(sequential([4], { class_name: 'Lambda', config: { name: 'lambda', function: ['…', null, null], function_type: 'lambda' } }), /layer "lambda" is a Lambda layer/));
  it('a registered custom layer', () => refuse(sequential([4], { module: 'my_pkg', class_name: 'Scale', config: { name: 'scale' }, registered_name: 'my_pkg>Scale' }), /layer "scale" \(Scale\) is a custom layer/));
  it('a built-in layer outside the table', () => refuse(sequential([4], k3('UnitNormalization', { axis: -1 })), /\(UnitNormalization\) is not a layer nndoctor reads from Keras files/));
  it('a nested model', () => refuse(sequential([4], { module: 'keras', class_name: 'Sequential', config: { name: 'inner', layers: [] }, registered_name: null }), /nested Sequential model/));
  it('a subclassed model', () => refuse({ module: '__main__', class_name: 'MyModel', config: {}, registered_name: 'MyModel' }, /subclassed or custom model \(MyModel\)/));
  it('GRU with reset_after=true', () => refuse(sequential([5, 2], k3('GRU', { ...rnn, reset_after: true })), /layer "gru" \(GRU\) uses option reset_after=true/));
  it('a grouped convolution', () => refuse(sequential([6, 6, 2], k3('Conv2D', { ...conv, filters: 2, kernel_size: [3, 3], groups: 2 })), /uses option groups=2/));
  it('LoRA on a Dense layer', () => refuse(sequential([4], k3('Dense', { units: 2, lora_rank: 4 })), /uses option lora_rank=4/));
  it('a mixed-precision policy', () => refuse(sequential([4], k3('Dense', { units: 2, dtype: { module: 'keras', class_name: 'DTypePolicy', config: { name: 'mixed_float16' }, registered_name: null } })), /dtype policy "mixed_float16"/));
  it('an activation TF.js lacks', () => refuse(sequential([4], k3('Dense', { units: 2, activation: 'exponential' })), /activation "exponential"/));
  it('ReLU with a threshold', () => refuse(sequential([4], k3('ReLU', { max_value: null, negative_slope: 0, threshold: 0.5 })), /threshold=0.5/));
  it('BatchNormalization over two axes', () => refuse(sequential([4, 4, 2], k3('BatchNormalization', { axis: [1, 3] })), /several axes/));
  it('a tensor passed as a keyword argument', () => {
    const t = (name: string): Json => ({ class_name: '__keras_tensor__', config: { shape: [null, 5, 2], dtype: 'float32', keras_history: [name, 0, 0] } });
    refuse({
      class_name: 'Functional',
      config: {
        name: 'f', input_layers: [['input_layer', 0, 0]], output_layers: [['lstm', 0, 0]],
        layers: [
          { module: 'keras.layers', class_name: 'InputLayer', config: { batch_shape: [null, 5, 2], dtype: 'float32', name: 'input_layer' }, registered_name: null, name: 'input_layer', inbound_nodes: [] },
          { ...k3('LSTM', rnn), name: 'lstm', inbound_nodes: [{ args: [t('input_layer')], kwargs: { initial_state: [t('input_layer')] } }] },
        ],
      },
    }, /layer "lstm" is called with tensors as keyword arguments/);
  });
});
