// Patches a derb dump of ICU's zoneinfo64 (text) so that the given zones move
// to a permanent offset at a given instant: keeps every transition before the
// cutoff, adds one transition at the cutoff to the offset type (raw, dst) and
// drops every later transition and any final rule.
// Usage: node scripts/icu-tzdata-patch.mjs <in.txt> <out.txt> <TZVersion>
// The zones/cutoff are in PATCHES below (see scripts/icu-tzdata.sh).
import { readFileSync, writeFileSync } from "node:fs";

// IANA tzdb 2026c: "Morocco moves to permanent +00 on 2026-09-20 at 02:00"
// (02:00 local +01 = 01:00 UTC).
const PATCHES = [
  { zones: ["Africa/Casablanca", "Africa/El_Aaiun"], cutoff: Date.UTC(2026, 8, 20, 1, 0, 0) / 1000, raw: 0, dst: 0 },
];

const [, , inPath, outPath, version] = process.argv;
if (!inPath || !outPath || !version) {
  console.error("usage: icu-tzdata-patch.mjs <in.txt> <out.txt> <TZVersion>");
  process.exit(2);
}
const lines = readFileSync(inPath, "utf8").split("\n");

// Zone names, in order (index into Zones).
const namesStart = lines.findIndex((l) => /^    Names\{$/.test(l));
const names = [];
for (let i = namesStart + 1; !/^    \}$/.test(lines[i]); i++) {
  const m = /^\s+"([^"]+)",?$/.exec(lines[i]);
  if (m) names.push(m[1]);
}

// Zones entries: either `:int { n }` (alias) or a `{ ... }` table block.
const zonesStart = lines.findIndex((l) => /^    Zones\{$/.test(l));
const entries = []; // [startLine, endLine] inclusive
for (let i = zonesStart + 1; !/^    \}$/.test(lines[i]); i++) {
  if (/^        :int \{/.test(lines[i])) entries.push([i, i]);
  else if (/^        \{$/.test(lines[i])) {
    const s = i;
    while (!/^        \}$/.test(lines[i])) i++;
    entries.push([s, i]);
  } else throw new Error(`unexpected line in Zones: ${lines[i]}`);
}
if (entries.length !== names.length) throw new Error(`Zones ${entries.length} != Names ${names.length}`);

const s32 = (v) => (v >= 2 ** 31 ? v - 2 ** 32 : v);
const u32 = (v) => (v < 0 ? v + 2 ** 32 : v);
const ints = (body) => body.trim().split(/\s*,\s*/).filter(Boolean).map(Number);

const replacements = new Map(); // startLine -> new lines for [start..end]
for (const p of PATCHES) {
  for (const zone of p.zones) {
    const idx = names.indexOf(zone);
    if (idx < 0) throw new Error(`zone ${zone} not found`);
    const [s, e] = entries[idx];
    if (s === e) throw new Error(`zone ${zone} is an alias; patch its target instead`);
    const fields = new Map();
    for (const l of lines.slice(s + 1, e)) {
      const m = /^            (\w+)(?::(\w+))? \{ ?(.*?) ?\} ?$/.exec(l);
      if (!m) throw new Error(`cannot parse ${zone} line: ${l}`);
      fields.set(m[1], { type: m[2], body: m[3] });
    }
    const pre = fields.has("transPre32") ? ints(fields.get("transPre32").body) : [];
    const mid = fields.has("trans") ? ints(fields.get("trans").body).map(s32) : [];
    const post = fields.has("transPost32") ? ints(fields.get("transPost32").body) : [];
    const times = [];
    for (let i = 0; i < pre.length; i += 2) times.push(s32(pre[i]) * 2 ** 32 + pre[i + 1]);
    times.push(...mid);
    for (let i = 0; i < post.length; i += 2) times.push(s32(post[i]) * 2 ** 32 + post[i + 1]);
    const typeMap = fields.get("typeMap").body.match(/../g).map((h) => parseInt(h, 16));
    if (typeMap.length !== times.length) throw new Error(`${zone}: typeMap ${typeMap.length} != transitions ${times.length}`);
    const offs = ints(fields.get("typeOffsets").body).map(s32);
    // ICU: type 0 is the initial (pre-first-transition) type; typeMap[i] is the type after transition i.
    let type = -1;
    for (let t = 0; t < offs.length / 2; t++) if (offs[2 * t] === p.raw && offs[2 * t + 1] === p.dst) type = t;
    if (type < 0) { type = offs.length / 2; offs.push(p.raw, p.dst); }
    if (type === 0) throw new Error(`${zone}: target type is the initial type; not supported`);
    const keep = times.map((t, i) => [t, typeMap[i]]).filter(([t]) => t < p.cutoff);
    keep.push([p.cutoff, type]);
    const nPre = keep.filter(([t]) => t < -(2 ** 31)).length;
    const nPost = keep.filter(([t]) => t >= 2 ** 31).length;
    const out = [lines[s]];
    const emit = (name, type, body) => out.push(`            ${name}${type ? ":" + type : ""} { ${body} } `);
    for (const [name, f] of [...fields].sort(([a], [b]) => (a < b ? -1 : 1))) {
      if (["finalRaw", "finalRule", "finalYear"].includes(name)) continue; // permanent: no final rule
      if (name === "transPre32") {
        if (nPre) emit(name, f.type, keep.slice(0, nPre).flatMap(([t]) => [u32(Math.floor(t / 2 ** 32)), t - Math.floor(t / 2 ** 32) * 2 ** 32]).join(", "));
      } else if (name === "trans") {
        emit(name, f.type, keep.slice(nPre, keep.length - nPost).map(([t]) => u32(t)).join(", "));
      } else if (name === "transPost32") {
        if (nPost) emit(name, f.type, keep.slice(keep.length - nPost).flatMap(([t]) => [u32(Math.floor(t / 2 ** 32)), t - Math.floor(t / 2 ** 32) * 2 ** 32]).join(", "));
      } else if (name === "typeMap") {
        emit(name, f.type, keep.map(([, ty]) => ty.toString(16).padStart(2, "0")).join(""));
      } else if (name === "typeOffsets") {
        emit(name, f.type, offs.map(u32).join(", "));
      } else emit(name, f.type, f.body);
    }
    if (!fields.has("trans")) throw new Error(`${zone}: no 32-bit trans field`);
    out.push(lines[e]);
    replacements.set(s, { end: e, out });
    console.error(`${zone}: ${times.length} transitions -> ${keep.length} (last at ${new Date(p.cutoff * 1000).toISOString()} to raw ${p.raw} dst ${p.dst})`);
  }
}

const result = [];
for (let i = 0; i < lines.length; i++) {
  const r = replacements.get(i);
  if (r) { result.push(...r.out); i = r.end; continue; }
  const v = /^(    TZVersion \{ )"[^"]*"( \})$/.exec(lines[i]);
  result.push(v ? `${v[1]}"${version}"${v[2]}` : lines[i]);
}
writeFileSync(outPath, result.join("\n"));
