/**
 * The local test server. It serves the shared dev pages, the generated on-topic pages and the labelled
 * real pages, and it doubles as an HTTP proxy for Firefox: requests then arrive in absolute form
 * ("GET http://host/path"), which is routed by path the same way. Only loopback is ever listened on.
 * It also serves the pages over TLS on a second port, with a certificate made for the run (openssl), for
 * Chromium: it upgrades sites on its HSTS preload list (nytimes.com, bbc.com) to HTTPS, and its host
 * rules send port 443 there.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABELLED } from '../fixtures/labelled';
import { PAGES, placeInTemplate, readTemplate, SEEDS, type SeedText } from '../fixtures/positives';
import { columnPage } from '../fixtures/column';

export interface TestServer {
  port: number;
  /** The same pages over TLS (a certificate made for the run), 0 without openssl. */
  tlsPort: number;
  close(): Promise<void>;
  /** Every request seen: [host header, path with query] (HTTPS through the proxy: [host:port, "CONNECT"]). */
  requests: [string, string][];
}

export async function startServer(seeds: Map<string, SeedText>, extraPages: Map<string, string> = new Map()): Promise<TestServer> {
  const requests: [string, string][] = [];
  const handle = (req: IncomingMessage, res: ServerResponse) => {
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
    // A seed in a page laid out with a text column (../fixtures/column.ts).
    const column = /^\/column\/(\w+)$/.exec(url.pathname);
    if (column && seeds.has(column[1]!)) return send(200, columnPage(seeds.get(column[1]!)!));
    // A labelled real page, as its site served it (under whatever host the request names).
    const labelled = /^\/labelled\/(L\d\d-[\w.-]+\.html)$/.exec(url.pathname);
    if (labelled && existsSync(join(LABELLED, labelled[1]!))) return send(200, readFileSync(join(LABELLED, labelled[1]!), 'utf8'));
    // A resource that never answers: its page never finishes loading.
    if (url.pathname === '/slow/never') return;
    const extra = extraPages.get(url.pathname);
    if (extra !== undefined) return send(200, extra, url.pathname.endsWith('.js') ? 'text/javascript; charset=utf-8' : undefined);
    // Anything else (page images, scripts, trackers of the saved pages) is simply absent.
    send(404, 'not found', 'text/plain');
  };
  const server: Server = createServer(handle);
  const tls = selfSignedCertificate();
  const tlsServer = tls ? createTlsServer(tls, handle) : undefined;
  // As Firefox's proxy, HTTPS arrives as CONNECT host:port: recorded, then refused.
  server.on('connect', (req, socket) => {
    requests.push([req.url ?? '', 'CONNECT']);
    socket.destroy();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  if (tlsServer) await new Promise<void>((r) => tlsServer.listen(0, '127.0.0.1', r));
  const portOf = (s: Server | undefined) => {
    const address = s?.address();
    return typeof address === 'object' && address ? address.port : 0;
  };
  const port = portOf(server);
  const tlsPort = portOf(tlsServer);
  return {
    port,
    tlsPort,
    requests,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        tlsServer?.closeAllConnections();
        tlsServer?.close();
        server.close(() => r());
      }),
  };
}

export { SEEDS };

/** A key and certificate for this run only (openssl, in a temporary folder removed at once); undefined without openssl. */
function selfSignedCertificate(): { key: Buffer; cert: Buffer } | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'backstory-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=backstory-test', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
