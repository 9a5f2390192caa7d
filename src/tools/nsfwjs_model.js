#!/usr/bin/env node
// The pretrained MobileNetV2 that the nsfwjs npm package bundles (MIT; Keras' ImageNet MobileNetV2 with its layers up
// to block_10 kept frozen, the rest fine-tuned to five classes), read out of the package's JavaScript wrappers and
// run by TensorFlow.js as the reference that src/tools/convert_mobilenet.py checks its PyTorch port against.
//
//   node nsfwjs_model.js extract PACKAGE_DIR OUT_DIR
//       writes OUT_DIR/model.json (the Keras topology and the weights manifest) and OUT_DIR/weights.bin
//   node nsfwjs_model.js reference OUT_DIR INPUT.f32 N SIZE RESULT.f32
//       runs N pictures (float32 NHWC, SIZE x SIZE x 3) through the extracted model in TensorFlow.js and writes, per
//       picture, the 1280 channel means of out_relu followed by the five class probabilities (float32)
// The reference needs @tensorflow/tfjs resolvable from the working directory (npm install @tensorflow/tfjs@4.22.0).
'use strict';
const fs = require('fs');
const path = require('path');

function extract(packageDir, outDir) {
  const modelDir = path.join(packageDir, 'dist', 'models', 'mobilenet_v2');
  const model = require(path.resolve(modelDir, 'model.min.js'));
  if (!model.modelTopology || !model.weightsManifest) {
    throw new Error(modelDir + '/model.min.js does not export a TensorFlow.js layers model');
  }
  const parts = [];
  for (const group of model.weightsManifest) {
    for (const shard of group.paths) {
      const encoded = require(path.resolve(modelDir, shard + '.min.js'));
      if (typeof encoded !== 'string') {
        throw new Error(shard + '.min.js does not export a base64 string');
      }
      parts.push(Buffer.from(encoded, 'base64'));
    }
  }
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, 'model.json'), JSON.stringify(model));
  const weights = Buffer.concat(parts);
  fs.writeFileSync(path.join(outDir, 'weights.bin'), weights);
  console.log('extracted ' + model.weightsManifest.reduce((n, g) => n + g.weights.length, 0) + ' tensors, '
    + weights.length + ' bytes, into ' + outDir);
}

async function reference(outDir, inputFile, count, size, resultFile) {
  const tf = require(require.resolve('@tensorflow/tfjs', { paths: [process.cwd()] }));
  await tf.setBackend('cpu');
  const model = JSON.parse(fs.readFileSync(path.join(outDir, 'model.json'), 'utf8'));
  const bin = fs.readFileSync(path.join(outDir, 'weights.bin'));
  const weightSpecs = model.weightsManifest.flatMap((g) => g.weights);
  const layers = await tf.loadLayersModel(tf.io.fromMemory({
    modelTopology: model.modelTopology,
    weightSpecs,
    weightData: bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.length),
  }));
  const features = tf.model({ inputs: layers.inputs, outputs: [layers.getLayer('out_relu').output, layers.outputs[0]] });
  const raw = fs.readFileSync(inputFile);
  const pixels = new Float32Array(raw.buffer, raw.byteOffset, count * size * size * 3);
  const [grid, logits] = features.predict(tf.tensor4d(pixels, [count, size, size, 3]));
  const means = grid.mean([1, 2]);
  const out = tf.concat([means, logits], 1);
  fs.writeFileSync(resultFile, Buffer.from((await out.data()).buffer));
  console.log('reference: ' + count + ' pictures of ' + size + ' px through TensorFlow.js ' + tf.version.tfjs);
}

const [command, ...args] = process.argv.slice(2);
if (command === 'extract' && args.length === 2) {
  extract(args[0], args[1]);
} else if (command === 'reference' && args.length === 5) {
  reference(args[0], args[1], Number(args[2]), Number(args[3]), args[4]).catch((e) => {
    console.error(e);
    process.exit(1);
  });
} else {
  console.error('usage: nsfwjs_model.js extract PACKAGE_DIR OUT_DIR | reference OUT_DIR INPUT.f32 N SIZE RESULT.f32');
  process.exit(2);
}
