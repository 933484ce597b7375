// Generates ../fixtures.json: SMS PDUs made by PDU encoders that Forkcast did
// not write, each with the exact text it must decode to. Run it once by hand
// (see README.md); the output is committed and the Go tests read it.
//
//   npm install --prefix /tmp/pdugen node-pdu@2.1.1 pdu.ts@1.1.4
//   PDUGEN=/tmp/pdugen node gen.mjs > ../fixtures.json
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.PDUGEN || '/tmp/pdugen';
const require = createRequire(join(dir, 'package.json'));
const version = (name) =>
  JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
const nodePdu = require('node-pdu');
const pduTs = require('pdu.ts');
const NP = `node-pdu ${version('node-pdu')}`;
const PT = `pdu.ts ${version('pdu.ts')}`;

const { Deliver, Submit, Report, utils } = nodePdu;
const { SCA, SCAType, SCTS, DCS, Data, Part, Header, Helper } = utils;

// Both libraries draw concatenation references from Math.random: a seeded
// generator makes the output the same on every run.
let seed = 15;
Math.random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

const fixtures = [];
const add = (f) => fixtures.push(f);

// A sending time with its zone, as the SMSC stamps it (minutes east of UTC).
const at = (iso, tzMinutes) => ({ date: new Date(iso), tz: tzMinutes });
const isoWithZone = ({ date, tz }) => {
  const local = new Date(date.getTime() + tz * 60000).toISOString().replace(/\.\d{3}Z$/, '');
  const sign = tz < 0 ? '-' : '+';
  const h = String(Math.floor(Math.abs(tz) / 60)).padStart(2, '0');
  const m = String(Math.abs(tz) % 60).padStart(2, '0');
  return `${local}${sign}${h}:${m}`;
};

// node-pdu: an SMS-DELIVER as a network would hand it to a modem, with an SMSC.
function deliver({ from, text, when, dcs, senderType, data }) {
  const sca = new SCA(false);
  sca.setPhone('+447785016005', true, true);
  const options = { serviceCenterAddress: sca, serviceCenterTimeStamp: new SCTS(when.date, when.tz) };
  if (dcs) options.dataCodingScheme = dcs;
  let address = from;
  if (senderType !== undefined) {
    address = new SCA(true, { type: new SCAType(senderType) });
    address.setPhone(from, false);
  }
  const d = new Deliver(address, data || text, options);
  return d.getPartStrings().map((s) => s.toUpperCase());
}

const paris = at('2026-03-14T14:09:26Z', 60);
const ny = at('2026-03-14T20:30:05Z', -300);

// 1. GSM 7-bit, default alphabet.
add({ name: 'nodepdu-gsm7', encoder: NP, form: 'GSM 7-bit default alphabet, single part', kind: 'text',
  sender: '+447700900123', sent: isoWithZone(paris), text: 'Vote 2 please',
  pdus: deliver({ from: '+447700900123', text: 'Vote 2 please', when: paris }) });

// 2. Characters from the default alphabet beyond ASCII, and the extension
// table. (node-pdu 2.1.1 has '`' where the default alphabet has '§', 0x5F,
// and sends '§' as a space: § is left out.)
{
  const text = '1 @£$¥¤¡¿_! [x] {y} ~z^ |w| \\v';
  add({ name: 'nodepdu-gsm7-extension', encoder: NP, form: 'GSM 7-bit default alphabet and extension table (escapes)',
    kind: 'text', sender: '+447700900124', sent: isoWithZone(paris), text,
    pdus: deliver({ from: '+447700900124', text, when: paris }) });
}

// 3. UCS-2 with a surrogate pair (an emoji outside the BMP).
{
  const text = '2 👍 ça va ✓';
  add({ name: 'nodepdu-ucs2-emoji', encoder: NP, form: 'UCS-2 single part, surrogate pair', kind: 'text',
    sender: '+33612345678', sent: isoWithZone(paris), text,
    pdus: deliver({ from: '+33612345678', text, when: paris }) });
}

// 4. The text the issue lost: UCS-2 in three parts with a 16-bit reference
// (IE 0x08: a 7-octet header, so every full part has an odd UDL), French with
// an emoji in the last part.
{
  const text = "2 — parce que la sécurité d'abord, et ensuite on verra bien ce que la salle " +
    "préfère vraiment ce soir. Merci à vous tous, c'était génial, on en reparle après la " +
    'pause café, promis 🎉';
  add({ name: 'nodepdu-ucs2-16bit-3parts', encoder: NP,
    form: 'UCS-2, 16-bit reference (IE 0x08), 3 parts, odd UDL, surrogate pair in the last part', kind: 'text',
    sender: '+33612345679', sent: isoWithZone(paris), text,
    pdus: deliver({ from: '+33612345679', text, when: paris }) });
}

// 4b. The same form carrying a vote the ballot parser reads (at most 12
// words): "2", then emoji enough for three parts, one pair cut by a boundary.
{
  const text = 'Je vote 2 : déploiement lundi matin, après un bon café ☕ — ' + '🙏'.repeat(40);
  add({ name: 'nodepdu-ucs2-16bit-3parts-vote', encoder: NP,
    form: 'UCS-2, 16-bit reference (IE 0x08), 3 parts, surrogate pairs (one split across parts), a vote for 2',
    kind: 'text', sender: '+33612345681', sent: isoWithZone(paris), text,
    pdus: deliver({ from: '+33612345681', text, when: paris }) });
}

// 5. A surrogate pair cut in two by the part boundary: node-pdu splits UCS-2
// every 63 UTF-16 code units, so unit 63 and 64 are the two halves.
{
  const text = '1 ' + 'x'.repeat(60) + 'é😀 and the rest after the cut';
  add({ name: 'nodepdu-ucs2-16bit-split-pair', encoder: NP,
    form: 'UCS-2, 16-bit reference, surrogate pair split across two parts', kind: 'text',
    sender: '+33612345680', sent: isoWithZone(paris), text,
    pdus: deliver({ from: '+33612345680', text, when: paris }) });
}

// 6. GSM 7-bit in two parts with a 16-bit reference (8 septets of header, no fill bits).
{
  const text = '3 ' + 'Fork the talk, then fork it again. '.repeat(5);
  add({ name: 'nodepdu-gsm7-16bit-2parts', encoder: NP, form: 'GSM 7-bit, 16-bit reference (IE 0x08), 2 parts',
    kind: 'text', sender: '+447700900125', sent: isoWithZone(ny), text,
    pdus: deliver({ from: '+447700900125', text, when: ny }) });
}

// 7. 8-bit data (DCS 0x04): the octets are the text's UTF-8 bytes.
{
  const dcs = new DCS();
  dcs.setTextAlphabet(DCS.ALPHABET_8BIT);
  add({ name: 'nodepdu-8bit', encoder: NP, form: '8-bit data (DCS 0x04)', kind: 'text',
    sender: '+447700900126', sent: isoWithZone(paris), text: 'VOTE 1',
    pdus: deliver({ from: '+447700900126', text: 'VOTE 1', when: paris, dcs }) });
}

// 8. Flash text (DCS 0xF0: data coding/message class group, class 0), negative time zone.
{
  const dcs = new DCS({ useMessageClass: true, classMessage: 0, dataCodingAndMessageClass: true });
  add({ name: 'nodepdu-class0', encoder: NP, form: 'GSM 7-bit, DCS 0xF0 (message class 0, flash), UTC-05:00 timestamp',
    kind: 'text', sender: '+15550100777', sent: isoWithZone(ny), text: 'two',
    pdus: deliver({ from: '+15550100777', text: 'two', when: ny, dcs }) });
}

// 9. A national number (type of number unknown) and an alphanumeric sender.
add({ name: 'nodepdu-national-number', encoder: NP, form: 'sender of unknown type of number (national)', kind: 'text',
  sender: '07700900127', sent: isoWithZone(paris), text: '4',
  pdus: deliver({ from: '07700900127', text: '4', when: paris, senderType: 0x81 }) });
add({ name: 'nodepdu-alphanumeric', encoder: NP, form: 'alphanumeric sender (type 0xD0)', kind: 'text',
  sender: 'Forkcast', sent: isoWithZone(paris), text: 'hi',
  pdus: deliver({ from: 'Forkcast', text: 'hi', when: paris, senderType: 0xd0 }) });

// 10. National language tables (3GPP TS 23.038 annex A). node-pdu packs the
// septets and writes the header; which septet means which letter comes from
// the standard's tables, written out here by hand (cross-checked against
// AOSP's GsmSmsTest tables), not from the decoder under test.
function deliverSeptets({ from, septets, ies, when }) {
  // node-pdu encodes a string through the default alphabet: give it the
  // default-alphabet character at each septet value.
  const carrier = septets.map((s) => Helper.ALPHABET_7BIT[s]).join('');
  const header = new Header(ies.map(([type, dataHex]) => ({ type, dataHex })));
  const udhOctets = 1 + header.getSize();
  const fill = (7 - ((udhOctets * 8) % 7)) % 7;
  const enc = Helper.encode7Bit(carrier, fill);
  const size = Math.ceil((udhOctets * 8) / 7) + septets.length;
  const part = new Part(enc.result, size, carrier, header);
  const sca = new SCA(false);
  sca.setPhone('+905320000000', true, true);
  const d = new Deliver(from, new Data({ parts: [part] }), {
    serviceCenterAddress: sca, serviceCenterTimeStamp: new SCTS(when.date, when.tz) });
  d.type.setUserDataHeader(1);
  return d.getPartStrings().map((s) => s.toUpperCase());
}
const istanbul = at('2026-03-14T12:00:00Z', 180);
const ESC = 0x1b;
// "Şimdi 1 ğüş": Turkish single shift (IE 0x24, NLI 1): ESC 0x53 = Ş, ESC 0x67 = ğ,
// ESC 0x73 = ş; ü is 0x7E in the default table.
add({ name: 'nodepdu-turkish-single-shift', encoder: `${NP} (septets from 3GPP TS 23.038 A.2.1)`,
  form: 'GSM 7-bit, national single shift table (IE 0x24, Turkish), 3 fill bits after a 4-octet header',
  kind: 'text', sender: '+905321234567', sent: isoWithZone(istanbul), text: 'Şimdi 1 ğüş',
  pdus: deliverSeptets({ from: '+905321234567', when: istanbul, ies: [[0x24, '01']],
    septets: [ESC, 0x53, 0x69, 0x6d, 0x64, 0x69, 0x20, 0x31, 0x20, ESC, 0x67, 0x7e, ESC, 0x73] }) });
// "İyi günler ĞŞ 2": Turkish locking shift (IE 0x25) and single shift: in the
// locking table 0x40 = İ, 0x0B = Ğ, 0x1C = Ş; ü stays 0x7E.
add({ name: 'nodepdu-turkish-locking-shift', encoder: `${NP} (septets from 3GPP TS 23.038 A.3.1)`,
  form: 'GSM 7-bit, national locking and single shift tables (IE 0x25 + 0x24, Turkish), no fill bits',
  kind: 'text', sender: '+905321234568', sent: isoWithZone(istanbul), text: 'İyi günler ĞŞ 2',
  pdus: deliverSeptets({ from: '+905321234568', when: istanbul, ies: [[0x25, '01'], [0x24, '01']],
    septets: [0x40, 0x79, 0x69, 0x20, 0x67, 0x7e, 0x6e, 0x6c, 0x65, 0x72, 0x20, 0x0b, 0x1c, 0x20, 0x32] }) });
// "Ação já: 3" with the Portuguese single shift (IE 0x24, NLI 3): ESC 0x09 = ç,
// ESC 0x7B = ã, ESC 0x0F = á.
add({ name: 'nodepdu-portuguese-single-shift', encoder: `${NP} (septets from 3GPP TS 23.038 A.2.3)`,
  form: 'GSM 7-bit, national single shift table (IE 0x24, Portuguese)',
  kind: 'text', sender: '+351912345678', sent: isoWithZone(paris), text: 'Ação já: 3',
  pdus: deliverSeptets({ from: '+351912345678', when: paris, ies: [[0x24, '03']],
    septets: [0x41, ESC, 0x09, ESC, 0x7b, 0x6f, 0x20, 0x6a, ESC, 0x0f, 0x3a, 0x20, 0x33] }) });
// "¿Qué? 1" with the Spanish single shift (IE 0x24, NLI 2): ESC 0x65 = é is the
// euro sign in the default extension table, so é here is the default 0x05.
// Spanish adds á (ESC 0x61), í (0x69), ó (0x6F), ú (0x75), Á (0x41).
add({ name: 'nodepdu-spanish-single-shift', encoder: `${NP} (septets from 3GPP TS 23.038 A.2.2)`,
  form: 'GSM 7-bit, national single shift table (IE 0x24, Spanish), concatenation header mixed in',
  kind: 'text', sender: '+34612345678', sent: isoWithZone(paris), text: '¿Qué? 1 ó 2, Álvaro',
  pdus: deliverSeptets({ from: '+34612345678', when: paris, ies: [[0x24, '02'], [0x0a, '00050100']],
    septets: [0x60, 0x51, 0x75, 0x05, 0x3f, 0x20, 0x31, 0x20, ESC, 0x6f, 0x20, 0x32, 0x2c, 0x20,
      ESC, 0x41, 0x6c, 0x76, 0x61, 0x72, 0x6f] }) });

// 11. Not a text: an SMS-SUBMIT, as a SIM can hold one. (node-pdu's Report
// cannot be serialised; status reports come from the real captures.)
{
  const s = new Submit('+447700900128', 'Draft: vote 1');
  add({ name: 'nodepdu-submit', encoder: NP, form: 'SMS-SUBMIT (a draft or sent text)', kind: 'submit',
    sender: '+447700900128', sent: '', text: 'Draft: vote 1', pdus: s.getPartStrings().map((p) => p.toUpperCase()) });
}

// pdu.ts: SMS-SUBMIT only, with 8-bit references and 1 fill bit in 7-bit
// parts: the user data layout a phone sends and a SIM may keep.
{
  const gen = (encoding, text) =>
    pduTs.PDUParser.Generate({ smsc: undefined, receiver: '447700900130', receiver_type: 0x91, encoding, text })
      .map((p) => p.smsc_tpdu.toUpperCase());
  const text7 = '1 ' + 'Seven bit text with an eight bit reference and a fill bit. '.repeat(6);
  add({ name: 'pduts-gsm7-8bit-3parts', encoder: PT,
    form: 'SMS-SUBMIT, GSM 7-bit, 8-bit reference (IE 0x00), 1 fill bit, 3 parts', kind: 'submit',
    sender: '+447700900130', sent: '', text: text7, pdus: gen('7bit', text7) });
  const text16 = '2 ' + 'Ünïcödé tèxt, with an 8-bit reference — ✓ '.repeat(3);
  add({ name: 'pduts-ucs2-8bit-2parts', encoder: PT,
    form: 'SMS-SUBMIT, UCS-2, 8-bit reference (IE 0x00), 2 parts', kind: 'submit',
    sender: '+447700900130', sent: '', text: text16, pdus: gen('16bit', text16) });
}

const out = {
  note: 'Generated by gen/gen.mjs; do not edit. Each fixture: the PDUs (hex, SMSC first) in the order the encoder made them.',
  node: process.version,
  libraries: { 'node-pdu': version('node-pdu'), 'pdu.ts': version('pdu.ts') },
  fixtures,
};
process.stdout.write(JSON.stringify(out, null, 2) + '\n');
