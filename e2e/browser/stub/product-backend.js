// A stand-in for a product's own backend: it serves the product's page (on its own origin) and a
// /token route that mints a client token with the API key, server-side, so the browser never
// sees the key. The page's script uses the playground's api.js exactly as it is published.

import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
const API_JS = join(HERE, '../../../src/main/resources/static/playground/api.js');
const PAGE_JS = join(HERE, 'shop-page.js');

const PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>A shop</title></head>
<body>
  <h1>A shop's page on its own origin</h1>
  <ol id="log"></ol>
  <div id="images"></div>
  <script type="module" src="/shop-page.js"></script>
</body>
</html>`;

/**
 * Starts the stub on 127.0.0.1:port. Resolves with { origin, tokensMinted(), lastExpiry(), close() }.
 * @param {{port: number, gatewayUrl: string, apiKey: string, user?: string}} options
 */
export async function startProductBackend({ port, gatewayUrl, apiKey, user = 'shopper-1' }) {
  let minted = 0;
  let lastExpiry = null;
  const server = createServer(async (request, response) => {
    const url = new URL(request.url, `http://127.0.0.1:${port}`);
    try {
      if (url.pathname === '/') return send(response, 200, 'text/html', PAGE);
      if (url.pathname === '/api.js') return send(response, 200, 'text/javascript', await readFile(API_JS));
      if (url.pathname === '/shop-page.js') return send(response, 200, 'text/javascript', await readFile(PAGE_JS));
      if (url.pathname === '/token' && request.method === 'POST') {
        const answer = await fetch(`${gatewayUrl}/tokens`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ user, ttl: url.searchParams.get('ttl') ?? '15m' }),
        });
        const text = await answer.text();
        if (answer.status === 201) {
          minted++;
          lastExpiry = Date.parse(JSON.parse(text).expires_at);
        }
        return send(response, answer.status, 'application/json', text);
      }
      return send(response, 404, 'text/plain', 'not found');
    } catch (error) {
      return send(response, 500, 'text/plain', String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    tokensMinted: () => minted,
    /** When the last token minted expires (epoch ms). */
    lastExpiry: () => lastExpiry,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(resolve);
    }),
  };
}

function send(response, status, type, body) {
  response.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Cache-Control': 'no-store' });
  response.end(body);
}
