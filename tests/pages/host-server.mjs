// A static server for the embedding tests' host pages: several folders mounted under URL prefixes
// (so the widget can sit at a deep path of a site), a Content-Security-Policy chosen per server,
// extra headers (e.g. Access-Control-Allow-Origin for a widget served from another origin), and
// {{NAME}} placeholders in HTML pages filled from `vars` (e.g. the other origin's URL, only known
// once its server is listening). 127.0.0.1 only; every request is logged on `requests`.
import { createServer } from 'node:http';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const PAGES = path.join(ROOT, 'tests', 'pages');
export const WEB = path.join(ROOT, 'web');

/** The policy the product promises to work under, word for word, with Trusted Types. */
export const STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "require-trusted-types-for 'script'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png',
};

/**
 * mounts: {'/url/prefix/': '/folder', …} (longest prefix wins); csp: header value or null;
 * headers: added to every response; vars: {NAME: value} for {{NAME}} in HTML.
 * Resolves {url, origin, requests, close()}.
 */
export async function serveSite({ mounts, csp = STRICT_CSP, headers = {}, vars = {} }) {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const requests = [];
  const server = createServer((req, res) => {
    requests.push(req.url);
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    if (!prefix) { res.writeHead(404).end(); return; }
    const base = path.resolve(mounts[prefix]);
    let file = path.join(base, path.normalize(pathname.slice(prefix.length)));
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    try {
      if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
      statSync(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', ...headers }).end('not found');
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    let body = readFileSync(file);
    const head = { 'content-type': type, 'cache-control': 'no-store', ...headers };
    if (type.startsWith('text/html')) {
      body = Buffer.from(body.toString('utf8').replace(/\{\{([A-Z0-9_]+)\}\}/g, (m, name) => vars[name] ?? m));
      if (csp) head['content-security-policy'] = csp;
    }
    head['content-length'] = body.length;
    res.writeHead(200, head);
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise((resolve, reject) => { server.once('error', reject); server.listen(0, '127.0.0.1', resolve); });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: `${origin}/`, origin, requests, server,
    close: () => new Promise((resolve) => { server.closeAllConnections?.(); server.close(resolve); }),
  };
}
