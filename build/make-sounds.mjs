// make-sounds.mjs synthesizes the bundled sound cues (frontend/src/assets/sounds)
// as small 16-bit mono WAV files: our own, no licence to credit. Run it with
// `node build/make-sounds.mjs` after changing a cue; the output is committed.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const rate = 22050;
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '../frontend/src/assets/sounds');

/** tone adds a decaying sine (with a soft octave) at freq from start for dur seconds. */
function tone(buf, freq, start, dur, gain = 0.5) {
  const s0 = Math.floor(start * rate);
  const n = Math.floor(dur * rate);
  for (let i = 0; i < n && s0 + i < buf.length; i++) {
    const t = i / rate;
    const attack = Math.min(1, t / 0.008);
    const env = attack * Math.exp(-t * (4 / dur));
    buf[s0 + i] += gain * env * (Math.sin(2 * Math.PI * freq * t) + 0.25 * Math.sin(4 * Math.PI * freq * t));
  }
}

function wav(name, seconds, draw) {
  const buf = new Float64Array(Math.ceil(seconds * rate));
  draw(buf);
  const peak = Math.max(...buf.map(Math.abs)) || 1;
  const data = Buffer.alloc(buf.length * 2);
  buf.forEach((v, i) => data.writeInt16LE(Math.round((v / peak) * 0.85 * 32767), i * 2));
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); // PCM
  h.writeUInt16LE(1, 22); // mono
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  writeFileSync(path.join(out, name + '.wav'), Buffer.concat([h, data]));
}

// The poll opens: two rising notes.
wav('chime', 0.7, (b) => {
  tone(b, 659.25, 0, 0.45);
  tone(b, 880, 0.16, 0.54);
});
// Ten seconds left: three short ticks.
wav('tick', 0.62, (b) => {
  for (const at of [0, 0.22, 0.44]) tone(b, 1318.5, at, 0.09, 0.6);
});
// The winner: a rising arpeggio ending on a held chord.
wav('fanfare', 1.2, (b) => {
  [523.25, 659.25, 783.99].forEach((f, i) => tone(b, f, i * 0.11, 0.3));
  for (const f of [523.25, 659.25, 783.99, 1046.5]) tone(b, f, 0.36, 0.84, 0.35);
});
