import { expect, test, type CDPSession } from '@playwright/test';

/*
 * Page weight (issue 12, item 5): a newcomer's first visit to the Emerging issues page, in a fresh
 * browser with nothing cached, as the network carries it. MediaWiki 1.39 sends 156 KB in 9 requests
 * for the same page; the budget keeps Commonplace well under it, and this test fails when the page
 * grows beyond it. Figures are printed on every run.
 */
const PAGE = '/wiki/emerging-issues';
/**
 * The whole first visit: the document, its stylesheet, the scripts that make it interactive, then
 * the live-update client (fetched once the page is idle) and its WebSocket. Measured 88.8 KB in 8
 * requests (131.4 KB before the browser bundle ran Preact in React's place: the framework chunk
 * went from 90.0 KB to 47.5 KB); the budget leaves 3 KB for headers and small changes, under the
 * issue's goal of 100 KB. Whether the live client arrives before or after the network first goes
 * quiet depends on the machine's speed, so the budget is on the whole visit and the part before
 * idle is only printed.
 */
const BUDGET = { bytes: 92 * 1024, requests: 8 };

interface Transfer {
  url: string;
  type: string;
  /** Bytes on the wire: headers and (compressed) body. */
  encoded: number;
  /** The body as the browser decoded it. */
  decoded: number;
  encoding: string;
}

/** Records every request of the page from the network (nothing is served from a cache here). */
function recordTransfers(cdp: CDPSession): { finished: Transfer[]; started: () => number; sockets: () => number } {
  const pending = new Map<string, Transfer>();
  const finished: Transfer[] = [];
  let started = 0;
  let sockets = 0;
  cdp.on('Network.requestWillBeSent', (event) => {
    started += 1;
    pending.set(event.requestId, { url: event.request.url, type: event.type ?? '', encoded: 0, decoded: 0, encoding: '' });
  });
  cdp.on('Network.responseReceived', (event) => {
    const transfer = pending.get(event.requestId);
    if (!transfer) return;
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
    transfer.encoding = headers['content-encoding'] ?? 'identity';
  });
  cdp.on('Network.dataReceived', (event) => {
    const transfer = pending.get(event.requestId);
    if (transfer) transfer.decoded += event.dataLength;
  });
  cdp.on('Network.loadingFinished', (event) => {
    const transfer = pending.get(event.requestId);
    if (!transfer) return;
    transfer.encoded = event.encodedDataLength;
    finished.push(transfer);
  });
  cdp.on('Network.webSocketCreated', () => (sockets += 1));
  return { finished, started: () => started, sockets: () => sockets };
}

function summary(transfers: Transfer[]): { bytes: number; requests: number; decodedJs: number } {
  return {
    bytes: transfers.reduce((sum, transfer) => sum + transfer.encoded, 0),
    requests: transfers.length,
    decodedJs: transfers.filter((transfer) => transfer.type === 'Script' || /\.m?js(\?|$)/.test(transfer.url)).reduce((sum, transfer) => sum + transfer.decoded, 0),
  };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function print(title: string, transfers: Transfer[]): void {
  const total = summary(transfers);
  const lines = transfers.map((transfer) => `  ${kb(transfer.encoded).padStart(9)} ${kb(transfer.decoded).padStart(9)} ${transfer.encoding.padEnd(8)} ${new URL(transfer.url).pathname}${new URL(transfer.url).search}`);
  console.log(`${title}: ${kb(total.bytes)} transferred in ${total.requests} requests, ${kb(total.decodedJs)} of JavaScript decoded\n${lines.join('\n')}`);
}

test('a first visit to the Emerging issues page stays within its weight budget', async ({ browser }) => {
  // A fresh context: no cache, no cookies, as a newcomer arrives.
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const record = recordTransfers(cdp);

  const response = await page.goto(PAGE, { waitUntil: 'networkidle' });
  expect(response?.status()).toBe(200);
  // Printed only: the live client's request may be under way as the network first goes quiet.
  print(`First visit to ${PAGE}, until the network first goes quiet`, [...record.finished]);

  // Live updates still come: the page joins its room and says so; then every request has finished.
  await expect(page.getByText('Live updates on')).toBeVisible({ timeout: 10_000 });
  await expect.poll(() => record.started() - record.finished.length, { message: 'requests started and not yet finished' }).toBe(0);
  const withLive = [...record.finished];
  print(`... and with live updates connected (${record.sockets()} WebSocket)`, withLive);

  const live = summary(withLive);
  expect(live.bytes, `bytes of the whole first visit (budget ${kb(BUDGET.bytes)})`).toBeLessThanOrEqual(BUDGET.bytes);
  expect(live.requests, 'requests of the whole first visit').toBeLessThanOrEqual(BUDGET.requests);
  // Live updates come over the WebSocket, without long polling.
  expect(withLive.map((transfer) => transfer.url).filter((url) => /\/socket\.io\//.test(url))).toEqual([]);
  // The editor is for editing pages only.
  expect(withLive.map((transfer) => transfer.url).filter((url) => /PageEditor/.test(url))).toEqual([]);
  // The "@" suggestions belong to the post forms of thread pages, not to reading a page.
  expect(withLive.map((transfer) => transfer.url).filter((url) => /MentionTextarea/.test(url))).toEqual([]);
  await context.close();
});

test('scripts and stylesheets are sent precompressed with brotli, or gzip, or plain, as the browser accepts', async ({ page, request }) => {
  await page.goto(PAGE);
  const script = await page.locator('script[type="module"][src], link[rel="modulepreload"]').first().evaluate((element) => element.getAttribute('src') ?? element.getAttribute('href'));
  expect(script).toMatch(/^\/assets\/.+\.js$/);
  const plain = await request.get(script!, { headers: { 'accept-encoding': 'identity' } });
  expect(plain.headers()['content-encoding']).toBeUndefined();
  const text = await plain.text();
  for (const encoding of ['br', 'gzip']) {
    const response = await request.get(script!, { headers: { 'accept-encoding': `gzip, deflate, ${encoding === 'br' ? 'br' : 'zstd'}` } });
    expect(response.status()).toBe(200);
    const headers = response.headers();
    expect(headers['content-encoding']).toBe(encoding);
    expect(headers['content-type']).toMatch(/^text\/javascript/);
    expect(headers['vary']).toMatch(/accept-encoding/i);
    expect(headers['cache-control']).toMatch(/immutable/);
    expect(Number(headers['content-length'])).toBeLessThan(text.length / 2);
    // Playwright decodes the body as a browser would: the same script.
    expect(await response.text()).toBe(text);
  }
});

test('the page comes alive without errors, keeps its one stylesheet, and moves to another page without reloading', async ({ page }) => {
  // The browser runs Preact where the server renders with React (apps/web/app/entry.client.tsx):
  // what hydration could get wrong shows here, not as a failed assertion elsewhere.
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  const stylesheets = () => page.evaluate(() => [...document.styleSheets].map((sheet) => new URL(sheet.href ?? 'inline:', location.href).pathname));
  await page.goto(PAGE);
  // Live updates start from an effect: the page has been hydrated.
  await expect(page.getByText('Live updates on')).toBeVisible({ timeout: 10_000 });
  await expect.poll(stylesheets).toEqual([expect.stringMatching(/^\/assets\/styles-[\w-]+\.css$/)]);

  const documents: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'document') documents.push(request.url());
  });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recent changes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Recent changes' })).toBeVisible();
  await expect(page).toHaveTitle(/^Recent changes/);
  expect(documents, 'a client-side navigation, not a new document').toEqual([]);
  expect(await stylesheets()).toEqual([expect.stringMatching(/^\/assets\/styles-[\w-]+\.css$/)]);
  expect(await page.locator('html').count()).toBe(1);
  expect(await page.locator('body').count()).toBe(1);
  expect(errors).toEqual([]);
});
