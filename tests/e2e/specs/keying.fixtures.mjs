// Fixtures for the keying specs: a register-page "scan" encoded as a real baseline JPEG (grey,
// standard tables) so the test needs no image library, and helpers shared by the keying specs.
import { execFileSync } from 'node:child_process';

// ---- a minimal baseline JPEG encoder (ITU T.81, greyscale, Annex K tables) ----------------

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28,
  35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];
const LUMA_Q = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALS = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14, 0x32, 0x81, 0x91,
  0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09, 0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a,
  0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a, 0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53,
  0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79,
  0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5,
  0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
  0xca, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea, 0xf1, 0xf2,
  0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

function huffCodes(bits, vals) {
  const table = new Map();
  let code = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < bits[len - 1]; i++) table.set(vals[k++], [code++, len]);
    code <<= 1;
  }
  return table;
}

/** Encodes 8-bit grey pixels (row-major) as a baseline JPEG. */
export function encodeGreyJpeg(pixels, width, height, quality = 85) {
  const scale = quality < 50 ? 5000 / quality : 200 - quality * 2;
  const q = LUMA_Q.map((v) => Math.min(255, Math.max(1, Math.floor((v * scale + 50) / 100))));
  const dc = huffCodes(DC_BITS, DC_VALS);
  const ac = huffCodes(AC_BITS, AC_VALS);
  const out = [];
  const word = (v) => out.push((v >> 8) & 255, v & 255);
  out.push(0xff, 0xd8);
  out.push(0xff, 0xdb); word(67); out.push(0); for (let i = 0; i < 64; i++) out.push(q[ZIGZAG[i]]);
  out.push(0xff, 0xc0); word(11); out.push(8); word(height); word(width); out.push(1, 1, 0x11, 0);
  for (const [cls, bits, vals] of [[0x00, DC_BITS, DC_VALS], [0x10, AC_BITS, AC_VALS]]) {
    out.push(0xff, 0xc4); word(3 + 16 + vals.length); out.push(cls, ...bits, ...vals);
  }
  out.push(0xff, 0xda); word(8); out.push(1, 1, 0x00, 0, 63, 0);
  let acc = 0;
  let nbits = 0;
  const put = (code, len) => {
    acc = (acc << len) | code;
    nbits += len;
    while (nbits >= 8) {
      const b = (acc >> (nbits - 8)) & 255;
      out.push(b);
      if (b === 0xff) out.push(0);
      nbits -= 8;
      acc &= (1 << nbits) - 1;
    }
  };
  const category = (v) => (v === 0 ? 0 : 32 - Math.clz32(Math.abs(v)));
  const bitsOf = (v, c) => (v >= 0 ? v : v + (1 << c) - 1);
  const cos = [];
  for (let x = 0; x < 8; x++) for (let u = 0; u < 8; u++) cos[x * 8 + u] = Math.cos(((2 * x + 1) * u * Math.PI) / 16);
  const cu = (u) => (u === 0 ? Math.SQRT1_2 : 1);
  const block = new Float64Array(64);
  const tmp = new Float64Array(64);
  let prevDc = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const px = Math.min(bx + x, width - 1);
          const py = Math.min(by + y, height - 1);
          block[y * 8 + x] = pixels[py * width + px] - 128;
        }
      }
      // separable DCT: rows, then columns
      for (let y = 0; y < 8; y++) {
        for (let u = 0; u < 8; u++) {
          let s = 0;
          for (let x = 0; x < 8; x++) s += block[y * 8 + x] * cos[x * 8 + u];
          tmp[y * 8 + u] = (s * cu(u)) / 2;
        }
      }
      const coef = new Int32Array(64);
      for (let u = 0; u < 8; u++) {
        for (let v = 0; v < 8; v++) {
          let s = 0;
          for (let y = 0; y < 8; y++) s += tmp[y * 8 + u] * cos[y * 8 + v];
          coef[v * 8 + u] = Math.round((s * cu(v)) / 2 / q[v * 8 + u]);
        }
      }
      const zz = ZIGZAG.map((i) => coef[i]);
      const diff = zz[0] - prevDc;
      prevDc = zz[0];
      const c = category(diff);
      const [dcode, dlen] = dc.get(c);
      put(dcode, dlen);
      if (c) put(bitsOf(diff, c), c);
      let run = 0;
      let last = 63;
      while (last > 0 && zz[last] === 0) last--;
      for (let k = 1; k <= last; k++) {
        if (zz[k] === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          const [zc, zl] = ac.get(0xf0);
          put(zc, zl);
          run -= 16;
        }
        const cat = category(zz[k]);
        const [acode, alen] = ac.get((run << 4) | cat);
        put(acode, alen);
        put(bitsOf(zz[k], cat), cat);
        run = 0;
      }
      if (last < 63) {
        const [ec, el] = ac.get(0x00);
        put(ec, el);
      }
    }
  }
  if (nbits > 0) put((1 << (8 - nbits)) - 1, 8 - nbits);
  out.push(0xff, 0xd9);
  return Buffer.from(out);
}

/** A page of a register: yellowed paper, a ruled table, handwriting-like strokes. */
export function registerPageJpeg(width = 1240, height = 1754, seed = 1) {
  const px = new Uint8Array(width * height);
  let r = seed * 2654435761;
  const rand = () => ((r = (r * 1103515245 + 12345) >>> 0) / 4294967296);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) px[y * width + x] = 226 - Math.round(18 * (x / width + y / height) / 2) + Math.round(rand() * 6);
  }
  const dot = (x, y, rad, v) => {
    for (let yy = Math.max(0, Math.floor(y - rad)); yy <= Math.min(height - 1, Math.ceil(y + rad)); yy++) {
      for (let xx = Math.max(0, Math.floor(x - rad)); xx <= Math.min(width - 1, Math.ceil(x + rad)); xx++) {
        px[yy * width + xx] = Math.min(px[yy * width + xx], v);
      }
    }
  };
  const rows = 12;
  const top = height * 0.08;
  const rowH = (height * 0.88) / rows;
  for (let i = 0; i <= rows; i++) for (let x = width * 0.05; x < width * 0.95; x++) dot(x, top + i * rowH, 1, 100);
  for (const c of [0.05, 0.12, 0.4, 0.62, 0.95]) for (let y = top; y < top + rows * rowH; y++) dot(width * c, y, 1, 100);
  for (let i = 0; i < rows; i++) {
    const y = top + (i + 0.55) * rowH;
    for (const [a, b] of [[0.06, 0.1], [0.13, 0.38], [0.41, 0.6], [0.63, 0.93]]) {
      const end = width * (a + (b - a) * (0.5 + rand() * 0.5));
      const f = 0.03 + rand() * 0.04;
      for (let x = width * a; x < end; x += 0.8) dot(x, y + rowH * 0.16 * Math.sin(x * f), 1.4, 45);
    }
  }
  return encodeGreyJpeg(px, width, height, 85);
}

// ---- helpers ----------------------------------------------------------------------------------

/** The app's process id (launched by WebKitWebDriver under tauri-driver), newest first. */
export function appPid(workspacePath) {
  const out = execFileSync('pgrep', ['-n', '-f', `sohoa-app.*${workspacePath}`], { encoding: 'utf8' }).trim();
  return Number(out.split('\n')[0]);
}
