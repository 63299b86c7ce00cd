// Where a wasm binary's bytes go: the size of each section and of each function body, grouped by
// what the function's name says it belongs to (needs a build with names, e.g. linked with
// --profiling-funcs; without names, functions are listed by index).
//   node bench/wasm-sizes.mjs FILE.wasm [--top 40]
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

function reader(bytes) {
  let pos = 0;
  const u32 = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[pos++];
      result |= (b & 0x7f) << shift;
      if (!(b & 0x80)) return result >>> 0;
      shift += 7;
    }
  };
  return { u32, get pos() { return pos; }, set pos(p) { pos = p; }, name: () => { const n = u32(); const s = Buffer.from(bytes.subarray(pos, pos + n)).toString('utf8'); pos += n; return s; } };
}

const SECTIONS = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

/** {sections: [{name, bytes}], functions: [{index, name, bytes}]} */
export function wasmSizes(bytes) {
  const r = reader(bytes);
  r.pos = 8;
  const sections = [];
  let importedFunctions = 0;
  const bodies = [];
  const names = new Map();
  while (r.pos < bytes.length) {
    const id = bytes[r.pos];
    r.pos += 1;
    const size = r.u32();
    const start = r.pos;
    let name = SECTIONS[id] ?? `section ${id}`;
    if (id === 0) {
      name = `custom "${r.name()}"`;
      if (name === 'custom "name"') {
        while (r.pos < start + size) {
          const sub = bytes[r.pos];
          r.pos += 1;
          const subSize = r.u32();
          const subEnd = r.pos + subSize;
          if (sub === 1) {
            const count = r.u32();
            for (let i = 0; i < count; i += 1) { const idx = r.u32(); names.set(idx, r.name()); }
          }
          r.pos = subEnd;
        }
      }
    } else if (id === 2) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        r.name(); r.name();
        const kind = bytes[r.pos]; r.pos += 1;
        if (kind === 0) { r.u32(); importedFunctions += 1; } else if (kind === 1) { r.pos += 1; const f = r.u32(); r.u32(); if (f & 1) r.u32(); } else if (kind === 2) { const f = r.u32(); r.u32(); if (f & 1) r.u32(); } else if (kind === 3) { r.pos += 2; } else if (kind === 4) { r.pos += 1; r.u32(); }
      }
    } else if (id === 10) {
      const count = r.u32();
      for (let i = 0; i < count; i += 1) {
        const bodySize = r.u32();
        bodies.push({ index: importedFunctions + i, bytes: bodySize });
        r.pos += bodySize;
      }
    }
    sections.push({ name, bytes: size });
    r.pos = start + size;
  }
  for (const b of bodies) b.name = names.get(b.index) ?? `function ${b.index}`;
  return { sections, functions: bodies };
}

function demangle(names) {
  try {
    const out = execFileSync('c++filt', [], { input: names.join('\n'), encoding: 'utf8', maxBuffer: 1 << 26 });
    return out.split('\n');
  } catch {
    return names;
  }
}

/** A coarse owner of a (demangled) function name: the library or core file it comes from. */
export function owner(name) {
  if (/nlohmann.*ordered_map/.test(name)) return 'nlohmann::ordered_json';
  if (/nlohmann/.test(name)) return 'nlohmann::json';
  if (/boost::/.test(name)) return 'boost';
  if (/catalyse::expr/.test(name)) return 'catalyse::expr';
  if (/catalyse::reflect/.test(name)) return 'catalyse::reflect';
  if (/catalyse::aggregation/.test(name)) return 'catalyse::aggregation';
  if (/catalyse/.test(name)) return 'catalyse (other)';
  if (/std::__2::(basic_string|char_traits)/.test(name)) return 'std::string';
  if (/std::__2::(__tree|map|set)/.test(name)) return 'std::map/set';
  if (/std::__2::(vector|__split_buffer)/.test(name)) return 'std::vector';
  if (/std::__2::(variant|__variant)/.test(name)) return 'std::variant';
  if (/std::__2::(function|__function)/.test(name)) return 'std::function';
  if (/std::/.test(name)) return 'std (other)';
  if (/^(dlmalloc|emmalloc|malloc|free|memcpy|memset|memmove|__)/.test(name)) return 'libc / runtime';
  return 'other';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  const i = process.argv.indexOf('--top');
  const top = i > 0 ? Number(process.argv[i + 1]) : 30;
  const { sections, functions } = wasmSizes(readFileSync(file));
  console.log('sections:');
  for (const s of sections) console.log(`  ${s.name.padEnd(24)} ${String(s.bytes).padStart(9)}`);
  const demangled = demangle(functions.map((f) => f.name));
  functions.forEach((f, k) => { f.name = demangled[k] ?? f.name; });
  const groups = new Map();
  for (const f of functions) {
    const g = owner(f.name);
    groups.set(g, (groups.get(g) ?? { bytes: 0, count: 0 }));
    groups.get(g).bytes += f.bytes;
    groups.get(g).count += 1;
  }
  console.log('\ncode by owner:');
  for (const [g, v] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) console.log(`  ${g.padEnd(24)} ${String(v.bytes).padStart(9)} bytes in ${v.count} functions`);
  console.log(`\nlargest ${top} functions:`);
  for (const f of [...functions].sort((a, b) => b.bytes - a.bytes).slice(0, top)) console.log(`  ${String(f.bytes).padStart(7)}  ${f.name.slice(0, 160)}`);
}
