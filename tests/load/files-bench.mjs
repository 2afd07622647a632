#!/usr/bin/env node
// Benchmark of images (issue 15): the server CPU to take one 4,000 × 3,000 photograph (upload
// through GraphQL's multipart request spec, decoding, turning upright, stripping metadata, the full
// size and the 320/640/1,280 WebP copies, storing) and to serve one image request (a stored copy
// from the local store; then a revalidation answered 304 from its ETag).
//
//   npx nx run load:bench-files          (builds first; embedded PostgreSQL in a temporary folder)
//   DATABASE_URL=postgres://… node tests/load/files-bench.mjs
//   BENCH_UPLOADS=5 BENCH_REQUESTS=2000  (the defaults)
//
// CPU is the server process's own (from /proc/<pid>/stat, 10 ms ticks); sharp's worker threads run
// inside it, so their time is counted. The database's CPU is not.
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { benchDatabase, cpuMs, freePort, GraphqlClient, percentile, positive, serverEnv, startServer } from './support.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = path.join(root, 'dist/server/apps/server/src/main.js');
const uploads = positive('BENCH_UPLOADS', 5);
const requests = positive('BENCH_REQUESTS', 2000);

/** A photograph-like 4,000 × 3,000 JPEG (noise compresses as a photo does, unlike a flat colour). */
async function photo(seed) {
  const width = 4000;
  const height = 3000;
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2654435761;
  for (let i = 0; i < pixels.length; i += 3) {
    state = (state * 1103515245 + 12345) >>> 0;
    const x = (i / 3) % width;
    pixels[i] = (x / 16 + (state & 31)) & 255;
    pixels[i + 1] = ((i / 3 / width) / 12 + ((state >> 8) & 31)) & 255;
    pixels[i + 2] = (state >> 16) & 127;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .withExif({ IFD0: { Make: 'Bench camera' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .jpeg({ quality: 88 })
    .toBuffer();
}

const UPLOAD = `mutation ($i: UploadFilesInput!) { uploadFiles(input: $i) { files { id current { url byteSize width height } } errors { code message } } }`;

async function upload(client, bytes, name) {
  const form = new FormData();
  form.set('operations', JSON.stringify({ query: UPLOAD, variables: { i: { files: [{ file: null, description: 'A benchmark photograph' }] } } }));
  form.set('map', JSON.stringify({ 0: ['variables.i.files.0.file'] }));
  form.set('0', new File([bytes], name, { type: 'image/jpeg' }));
  const started = performance.now();
  const response = await fetch(`${client.baseUrl}/graphql`, { method: 'POST', headers: { origin: client.baseUrl, cookie: client.cookie, 'apollo-require-preflight': 'true' }, body: form });
  const body = await response.json();
  const ms = performance.now() - started;
  const payload = body.data?.uploadFiles;
  if (!payload || payload.errors.length) throw new Error(`upload failed: ${JSON.stringify(body).slice(0, 300)}`);
  return { ms, file: payload.files[0] };
}

function get(baseUrl, url, agent, headers = {}) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    http
      .get(new URL(url, baseUrl), { agent, headers }, (res) => {
        let bytes = 0;
        res.on('data', (chunk) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode, etag: res.headers.etag, bytes, ms: performance.now() - started }));
      })
      .on('error', reject);
  });
}

async function serveMany(baseUrl, url, count, headers) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const times = [];
  let bytes = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const answer = await get(baseUrl, url, agent, headers);
      if (answer.status !== 200 && answer.status !== 304) throw new Error(`${url} answered ${answer.status}`);
      times.push(answer.ms);
      bytes += answer.bytes;
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  agent.destroy();
  return { times: times.sort((a, b) => a - b), bytes };
}

const database = await benchDatabase('files');
const filesDir = mkdtempSync(path.join(os.tmpdir(), 'commonplace-bench-files-'));
const port = await freePort();
const server = await startServer({ main, cwd: root, port, env: serverEnv({ ...database.env, PORT: String(port), FILES_DIR: filesDir, RATE_LIMITS: 'off', NODE_ENV: 'production' }) });
try {
  const client = new GraphqlClient(server.baseUrl, 1);
  await client.register(`bench${process.pid}`);
  console.log(`Server ${server.baseUrl}, ${database.description}; files in ${filesDir}`);
  const photos = [];
  for (let i = 0; i < uploads + 1; i++) photos.push(await photo(i + 1));
  console.log(`${uploads} uploads of a 4,000 × 3,000 JPEG of ${(photos[1].length / 1e6).toFixed(1)} MB (and one to warm up)`);
  await upload(client, photos[0], 'warm-up.jpg');
  const uploadTimes = [];
  const cpuBefore = cpuMs(server.pid);
  let stored;
  for (let i = 1; i <= uploads; i++) {
    const done = await upload(client, photos[i], `photo-${i}.jpg`);
    uploadTimes.push(done.ms);
    stored = done.file;
  }
  const uploadCpu = (cpuMs(server.pid) - cpuBefore) / uploads;
  uploadTimes.sort((a, b) => a - b);
  const copy = stored.current.url.replace('original.jpg', 'w640.webp');
  const rows = [
    ['upload a 4,000 × 3,000 photo', uploads, percentile(uploadTimes, 50), percentile(uploadTimes, 99), uploadCpu],
  ];
  for (const [name, url, headers] of [
    ['serve the 640 px WebP copy', copy, {}],
    ['serve the full-size JPEG', stored.current.url, {}],
  ]) {
    await serveMany(server.baseUrl, url, 50, headers);
    const before = cpuMs(server.pid);
    const served = await serveMany(server.baseUrl, url, requests, headers);
    rows.push([`${name} (${Math.round(served.bytes / requests / 1000)} KB)`, requests, percentile(served.times, 50), percentile(served.times, 99), (cpuMs(server.pid) - before) / requests]);
  }
  const etag = (await get(server.baseUrl, copy, undefined)).etag;
  const before304 = cpuMs(server.pid);
  const revalidated = await serveMany(server.baseUrl, copy, requests, { 'if-none-match': etag });
  rows.push(['revalidate the copy (304 from its ETag)', requests, percentile(revalidated.times, 50), percentile(revalidated.times, 99), (cpuMs(server.pid) - before304) / requests]);
  console.log('\nrun                                              count    p50 ms    p99 ms   server CPU ms/op');
  for (const [name, count, p50, p99, cpu] of rows) console.log(`${name.padEnd(48)} ${String(count).padStart(5)} ${p50.toFixed(1).padStart(9)} ${p99.toFixed(1).padStart(9)} ${cpu.toFixed(2).padStart(18)}`);
  console.log("\nCPU is the server process's (sharp's threads included), from /proc/<pid>/stat in 10 ms ticks; the database's is not counted.");
  client.close();
} finally {
  await server.stop();
  await database.cleanup();
  rmSync(filesDir, { recursive: true, force: true });
}
