// rec.js reads text-line images with PaddleOCR's PP-OCRv4 recognition
// network and answers, for each line, the most likely class at every step
// of the network's output (CTC); internal/linerec decodes them.
//
// Protocol, one request after another on stdin/stdout:
//   request:  u32le line count, then per line u32le width, u32le height
//             and width*height bytes of grey pixels (row by row);
//   response: one JSON line {"lines":[{"idx":[...],"prob":[...]}, ...]}
//             or {"error":"..."}.
// The Go side sizes the lines (48 pixels high) and bounds their width.
'use strict';
const path = require('path');
const ort = require('onnxruntime-node');

const model = path.join(__dirname, 'node_modules', '@gutenye', 'ocr-models', 'assets', 'ch_PP-OCRv4_rec_infer.onnx');

async function main() {
  // One thread: Quarry runs several OCR processes side by side already.
  const session = await ort.InferenceSession.create(model, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  const input = session.inputNames[0];
  const output = session.outputNames[0];
  let pending = Buffer.alloc(0);
  let queue = Promise.resolve();

  async function answer(lines) {
    const out = [];
    for (const { width, height, pixels } of lines) {
      // The network wants BGR planes scaled to [-1, 1]; the line is grey,
      // so the three planes are the same.
      const plane = width * height;
      const data = new Float32Array(3 * plane);
      for (let i = 0; i < plane; i++) {
        const v = pixels[i] / 127.5 - 1;
        data[i] = v;
        data[plane + i] = v;
        data[2 * plane + i] = v;
      }
      const result = await session.run({ [input]: new ort.Tensor('float32', data, [1, 3, height, width]) });
      const t = result[output];
      const steps = t.dims[1];
      const classes = t.dims[2];
      const idx = new Array(steps);
      const prob = new Array(steps);
      for (let s = 0; s < steps; s++) {
        let best = 0;
        let bestP = -Infinity;
        const base = s * classes;
        for (let c = 0; c < classes; c++) {
          const p = t.data[base + c];
          if (p > bestP) {
            bestP = p;
            best = c;
          }
        }
        idx[s] = best;
        prob[s] = Math.round(bestP * 1000) / 1000;
      }
      out.push({ idx, prob });
    }
    return out;
  }

  // parse takes whole requests off the front of pending.
  function parse() {
    for (;;) {
      if (pending.length < 4) return;
      const count = pending.readUInt32LE(0);
      let off = 4;
      const lines = [];
      for (let i = 0; i < count; i++) {
        if (pending.length < off + 8) return;
        const width = pending.readUInt32LE(off);
        const height = pending.readUInt32LE(off + 4);
        off += 8;
        if (pending.length < off + width * height) return;
        lines.push({ width, height, pixels: pending.subarray(off, off + width * height) });
        off += width * height;
      }
      pending = pending.subarray(off);
      queue = queue.then(async () => {
        let line;
        try {
          line = JSON.stringify({ lines: await answer(lines) });
        } catch (e) {
          line = JSON.stringify({ error: String(e && e.message ? e.message : e) });
        }
        process.stdout.write(line + '\n');
      });
    }
  }

  process.stdin.on('data', (chunk) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
    parse();
  });
  process.stdin.on('end', () => queue.then(() => process.exit(0)));
  process.stdout.write(JSON.stringify({ ready: true }) + '\n');
}

main().catch((e) => {
  process.stdout.write(JSON.stringify({ error: String(e && e.message ? e.message : e) }) + '\n');
  process.exit(1);
});
