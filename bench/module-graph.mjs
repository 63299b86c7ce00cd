// What a page loads when it imports an ES module: the module and, transitively, every module it
// imports (static `import … from`, `export … from`, bare `import '…'`, and `import('…')` with a
// literal specifier, which the widget uses to load its core), plus the assets a module locates with
// `new URL('…', import.meta.url)` (the wasm binary, the default questionnaire). Read from the
// files themselves, so a new module or asset is counted without anyone updating a list.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const MODULE_EXT = new Set(['.js', '.mjs']);

/** Source text without comments (strings and regular expressions are left alone as far as
 *  our own modules need: a `//` inside a quoted string is kept). */
function stripComments(source) {
  let out = '';
  let i = 0;
  let quote = null;
  while (i < source.length) {
    const c = source[i];
    if (quote) {
      out += c;
      if (c === '\\') { out += source[i + 1] ?? ''; i += 2; continue; }
      if (c === quote) quote = null;
      i += 1;
      continue;
    }
    if (c === "'" || c === '"' || c === '`') { quote = c; out += c; i += 1; continue; }
    if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 2;
      continue;
    }
    if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
      continue;
    }
    out += c;
    i += 1;
  }
  return out;
}

/** Relative specifiers a module's source refers to: {imports: [...], assets: [...]}. */
export function references(source) {
  const text = stripComments(source);
  const imports = new Set();
  const assets = new Set();
  const patterns = [
    /\bimport\s+[^'"`;()]*?\bfrom\s*(['"])([^'"]+)\1/g, // import x from '…', import {a} from '…'
    /\bexport\s+[^'"`;()]*?\bfrom\s*(['"])([^'"]+)\1/g, // export {a} from '…', export * from '…'
    /\bimport\s*(['"])([^'"]+)\1/g, // import '…'
    /\bimport\s*\(\s*(['"])([^'"]+)\1\s*\)/g, // import('…')
  ];
  for (const re of patterns) for (const m of text.matchAll(re)) imports.add(m[2]);
  for (const m of text.matchAll(/\bnew\s+URL\s*\(\s*(['"])([^'"]+)\1\s*,\s*import\.meta\.url\s*\)/g)) {
    (MODULE_EXT.has(path.extname(m[2])) ? imports : assets).add(m[2]);
  }
  const local = (s) => s.startsWith('./') || s.startsWith('../');
  return { imports: [...imports].filter(local), assets: [...assets].filter(local) };
}

/**
 * Every file loaded from `entry` (an absolute path): [{file, kind: 'module'|'asset', from}], in
 * discovery order, each once. A reference to a file that does not exist is listed as missing.
 */
export function moduleGraph(entry) {
  const seen = new Map();
  const queue = [{ file: path.resolve(entry), kind: 'module', from: null }];
  while (queue.length) {
    const item = queue.shift();
    if (seen.has(item.file)) continue;
    item.missing = !existsSync(item.file);
    seen.set(item.file, item);
    if (item.kind !== 'module' || item.missing) continue;
    const { imports, assets } = references(readFileSync(item.file, 'utf8'));
    const dir = path.dirname(item.file);
    for (const s of imports) queue.push({ file: path.resolve(dir, s), kind: 'module', from: item.file });
    for (const s of assets) queue.push({ file: path.resolve(dir, s), kind: 'asset', from: item.file });
  }
  return [...seen.values()];
}
