import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LocalFileStore, localFileKeys, S3FileStore, type FileStore } from './file-store';

// s3rver: an S3-compatible server in Node (no typings), run here so the S3 store talks to a real server.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

const HASH = 'ab'.repeat(32);
const OTHER = 'cd'.repeat(32);

/** The same behaviour from either store: what was put is got back, a second put changes nothing, unknown keys are null. */
function behavesAsAStore(name: string, make: () => FileStore) {
  describe(name, () => {
    it('gives back what was stored, and null for what was not', async () => {
      const store = make();
      await store.put(`${HASH}/original.txt`, Buffer.from('first'), 'text/plain');
      // Content-addressed: the same key is the same bytes, so a second put leaves the first.
      await store.put(`${HASH}/original.txt`, Buffer.from('never written'), 'text/plain');
      expect((await store.get(`${HASH}/original.txt`))?.toString()).toBe('first');
      expect(await store.get(`${OTHER}/original.txt`)).toBeNull();
    });

    it('refuses keys that are not a hash and a copy name (no path outside the store)', async () => {
      const store = make();
      await expect(store.put('../../etc/passwd', Buffer.from('x'), 'text/plain')).rejects.toThrow('Not a file key');
      await expect(store.get(`${HASH}/../../x.txt`)).rejects.toThrow('Not a file key');
    });
  });
}

let folder: string;
let s3: InstanceType<typeof S3rver>;
let endpoint: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'commonplace-store-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: path.join(folder, 's3') });
  const { port } = await s3.run();
  endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
  await client.send(new CreateBucketCommand({ Bucket: 'commonplace-files' }));
  client.destroy();
  process.env.AWS_ACCESS_KEY_ID = 'S3RVER';
  process.env.AWS_SECRET_ACCESS_KEY = 'S3RVER';
});

afterAll(async () => {
  await s3.close();
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  await rm(folder, { recursive: true, force: true });
});

behavesAsAStore('the local store', () => new LocalFileStore(path.join(folder, 'local')));
behavesAsAStore('the S3 store (against s3rver)', () => new S3FileStore({ bucket: 'commonplace-files', region: 'us-east-1', endpoint, forcePathStyle: true, prefix: 'site-a/' }));

it('keeps local copies in <2 hex>/<hash>/<copy>, whole files only, listed for backups', async () => {
  const dir = path.join(folder, 'listed');
  const store: FileStore = new LocalFileStore(dir);
  await store.put(`${HASH}/original.jpg`, Buffer.from('a'), 'image/jpeg');
  await store.put(`${HASH}/w320.webp`, Buffer.from('b'), 'image/webp');
  expect(localFileKeys(dir)).toEqual([`${HASH}/original.jpg`, `${HASH}/w320.webp`]);
  // No temporary file is left beside them.
  expect(await readdir(path.join(dir, 'ab', HASH))).toEqual(['original.jpg', 'w320.webp']);
});
