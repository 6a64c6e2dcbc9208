/**
 * The local test server. It serves the shared dev pages and the generated on-topic pages, and it
 * doubles as an HTTP proxy for Firefox: requests then arrive in absolute form ("GET http://host/path"),
 * which is routed by path the same way. Only loopback is ever listened on.
 */
import { createServer, type Server } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGES, placeInTemplate, readTemplate, SEEDS, type SeedText } from '../fixtures/positives';

export interface TestServer {
  port: number;
  close(): Promise<void>;
  /** Every request seen: [host header, path with query] (HTTPS through the proxy: [host:port, "CONNECT"]). */
  requests: [string, string][];
}

export async function startServer(seeds: Map<string, SeedText>, extraPages: Map<string, string> = new Map()): Promise<TestServer> {
  const requests: [string, string][] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push([req.headers.host ?? '', `${url.pathname}${url.search}`]);
    // "?sealed": the page may load nothing of its own (CSP), so any other request is not the page's.
    const sealed = url.searchParams.has('sealed') ? { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'" } : {};
    const send = (status: number, body: string, type = 'text/html; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...sealed });
      res.end(body);
    };
    const dev = /^\/dev\/([\w.-]+\.html)$/.exec(url.pathname);
    if (dev && existsSync(join(PAGES, dev[1]!))) return send(200, readFileSync(join(PAGES, dev[1]!), 'utf8'));
    const pos = /^\/positive\/([\w.-]+\.html)\/(\w+)$/.exec(url.pathname);
    if (pos && existsSync(join(PAGES, pos[1]!)) && seeds.has(pos[2]!)) return send(200, placeInTemplate(readTemplate(pos[1]!), seeds.get(pos[2]!)!));
    // A resource that never answers: its page never finishes loading.
    if (url.pathname === '/slow/never') return;
    const extra = extraPages.get(url.pathname);
    if (extra !== undefined) return send(200, extra, url.pathname.endsWith('.js') ? 'text/javascript; charset=utf-8' : undefined);
    // Anything else (page images, scripts, trackers of the saved pages) is simply absent.
    send(404, 'not found', 'text/plain');
  });
  // As Firefox's proxy, HTTPS arrives as CONNECT host:port: recorded, then refused.
  server.on('connect', (req, socket) => {
    requests.push([req.url ?? '', 'CONNECT']);
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export { SEEDS };
