// The benchmark's one local server (127.0.0.1, port 0): static files from several folders, each
// response compressed with brotli (quality 11) or gzip (level 9) as the browser accepts, the way a
// host would serve precompressed assets. Compressed bodies are made once and kept in memory, so
// compression time never shows up in load times. It also counts the bytes it sends per path.
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CSP } from '../scripts/serve.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

/** Compressed size of `bytes` with both encodings (the budget test and the report use this). */
export function compressedSizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    br: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }).length,
  };
}

/**
 * @param {{mounts: Array<[string, string]>, csp?: (pathname: string) => boolean, encoding?: 'auto'|'br'|'gzip'|'identity'}} options
 *   mounts: [url prefix, folder] pairs, longest prefix wins; csp: which HTML pages get the product's CSP.
 */
export function startServer({ mounts, csp = () => false, encoding = 'auto' }) {
  const sorted = [...mounts].sort((a, b) => b[0].length - a[0].length);
  const cache = new Map(); // file → {mtime, raw, br, gzip}
  const sent = new Map(); // pathname → bytes of body sent
  const body = (file, enc) => {
    const st = statSync(file);
    let entry = cache.get(file);
    if (!entry || entry.mtime !== st.mtimeMs) {
      entry = { mtime: st.mtimeMs, raw: readFileSync(file) };
      cache.set(file, entry);
    }
    if (enc === 'br') entry.br ??= brotliCompressSync(entry.raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: entry.raw.length } });
    if (enc === 'gzip') entry.gzip ??= gzipSync(entry.raw, { level: 9 });
    return enc === 'identity' ? entry.raw : entry[enc];
  };
  const server = createServer((req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    const mount = sorted.find(([prefix]) => pathname.startsWith(prefix));
    if (!mount) { res.writeHead(404).end(); return; }
    const base = path.resolve(mount[1]);
    let file = path.join(base, path.normalize(pathname.slice(mount[0].length)));
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    try { if (statSync(file).isDirectory()) file = path.join(file, 'index.html'); statSync(file); } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const accepted = String(req.headers['accept-encoding'] ?? '');
    let enc = 'identity';
    if (encoding === 'auto') enc = /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : 'identity';
    else if (encoding !== 'identity' && accepted.includes(encoding)) enc = encoding;
    const data = body(file, enc);
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const head = { 'content-type': type, 'content-length': data.length, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (enc !== 'identity') head['content-encoding'] = enc;
    if (type.startsWith('text/html') && csp(pathname)) head['content-security-policy'] = CSP;
    res.writeHead(200, head);
    if (req.method === 'HEAD') { res.end(); return; }
    sent.set(pathname, (sent.get(pathname) ?? 0) + data.length);
    res.end(data);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve({
      url: `http://127.0.0.1:${server.address().port}`,
      sent,
      close: () => new Promise((r) => { server.closeAllConnections?.(); server.close(() => r()); }),
    }));
  });
}
