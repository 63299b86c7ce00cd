// A small static server for the demo, the kiosk and the results pages, on 127.0.0.1 only.
// Every page is served with the strict Content-Security-Policy the product promises to work under.
// Usage: node scripts/serve.mjs [--port 8080]   (PORT=0 picks a free port)
import { createServer } from 'node:http';
import { createReadStream, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
  + "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
  + "require-trusted-types-for 'script'";

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8', '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8', '.md': 'text/plain; charset=utf-8',
};

/** Serves `dir` (default: web/). Resolves with {server, url}. */
export function serve({ dir, port = 0, host = '127.0.0.1', headers = {} } = {}) {
  const base = path.resolve(dir ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'web'));
  const server = createServer((req, res) => {
    let pathname;
    try { pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400).end(); return; }
    let file = path.join(base, path.normalize(pathname));
    if (!file.startsWith(base)) { res.writeHead(403).end(); return; }
    let st;
    try { st = statSync(file); if (st.isDirectory()) { file = path.join(file, 'index.html'); st = statSync(file); } } catch {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
    const head = { 'content-type': type, 'content-length': st.size, 'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff', ...headers };
    if (type.startsWith('text/html')) head['content-security-policy'] = CSP;
    res.writeHead(200, head);
    if (req.method === 'HEAD') { res.end(); return; }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = Number(i > 0 ? process.argv[i + 1] : process.env.PORT ?? 8080);
  const { url } = await serve({ port });
  console.log(`Catalyse demo: ${url}demo/`);
  console.log(`Kiosk:         ${url}kiosk/`);
  console.log(`Results:       ${url}results/`);
  console.log('(Ctrl+C to stop)');
}
