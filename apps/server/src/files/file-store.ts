import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chooseDataDir } from '../config';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

/**
 * Where the bytes of stored files live. Keys are `<sha-256 of the full-size copy>/<variant>.<ext>`:
 * content-addressed, so the same picture uploaded twice is stored once, and a key's bytes never
 * change (which is what lets them be served with a year's caching).
 */
export interface FileStore {
  readonly kind: 'local' | 's3';
  /** Stores `bytes` under `key` unless something is there already (the same bytes, by construction). */
  put(key: string, bytes: Buffer, mediaType: string): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
}

/** The injection token of the configured FileStore (local disk or S3). */
export const FILE_STORE = Symbol('FILE_STORE');

const KEY = /^[0-9a-f]{64}\/[a-z0-9]{1,16}\.[a-z]{2,5}$/;

function checkKey(key: string): void {
  // Keys are made by the service, but a path outside the store must be impossible whatever calls this.
  if (!KEY.test(key)) throw new Error(`Not a file key: ${key}`);
}

/**
 * Files on local disk, in `<dir>/<first two hex digits>/<hash>/<variant>.<ext>` — outside the web
 * client's folder, served only by the file route. Every process given the same folder (FILES_DIR,
 * or `<DATA_DIR>/files`) sees the same files: each is written to a temporary name and renamed into
 * place, so a reader never sees half a file.
 */
export class LocalFileStore implements FileStore {
  readonly kind = 'local';

  constructor(readonly dir: string) {}

  private pathOf(key: string): string {
    return localPathOf(this.dir, key);
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const target = this.pathOf(key);
    if (await exists(target)) return;
    await mkdir(path.dirname(target), { recursive: true });
    const temporary = path.join(path.dirname(target), `.${randomUUID()}.partial`);
    try {
      await writeFile(temporary, bytes, { flag: 'wx' });
      await rename(temporary, target);
    } finally {
      await rm(temporary, { force: true });
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export interface S3Settings {
  bucket: string;
  region: string;
  endpoint?: string;
  forcePathStyle: boolean;
  prefix: string;
}

/**
 * Files in an S3-compatible object store (AWS S3, MinIO, Ceph, Garage…) through the official AWS
 * SDK. Credentials come the SDK's usual way (AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY, a profile,
 * or the instance's role); every server process reaches the same bucket.
 */
export class S3FileStore implements FileStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({ region: settings.region, endpoint: settings.endpoint, forcePathStyle: settings.forcePathStyle });
  }

  private keyOf(key: string): string {
    checkKey(key);
    return `${this.settings.prefix}${key}`;
  }

  async put(key: string, bytes: Buffer, mediaType: string): Promise<void> {
    const Key = this.keyOf(key);
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: bytes, ContentType: mediaType }));
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.keyOf(key) }));
      if (!answer.Body) return null;
      return Buffer.from(await answer.Body.transformToByteArray());
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  destroy(): void {
    this.client.destroy();
  }
}

function isNotFound(error: unknown): boolean {
  const named = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return named.name === 'NoSuchKey' || named.name === 'NotFound' || named.$metadata?.httpStatusCode === 404;
}

/**
 * The store the settings ask for: S3 when FILE_STORE=s3 (S3_BUCKET required; S3_REGION, S3_ENDPOINT,
 * S3_FORCE_PATH_STYLE=1 for MinIO-style servers, S3_PREFIX), otherwise local disk in FILES_DIR or
 * `<DATA_DIR>/files`.
 */
export function fileStoreFromEnv(env: NodeJS.ProcessEnv = process.env): FileStore {
  if (env.FILE_STORE === 's3') {
    if (!env.S3_BUCKET) throw new Error('FILE_STORE=s3 needs S3_BUCKET (and credentials as the AWS SDK reads them, e.g. AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).');
    return new S3FileStore({
      bucket: env.S3_BUCKET,
      region: env.S3_REGION || 'us-east-1',
      endpoint: env.S3_ENDPOINT || undefined,
      forcePathStyle: env.S3_FORCE_PATH_STYLE === '1' || env.S3_FORCE_PATH_STYLE === 'true',
      prefix: env.S3_PREFIX ?? '',
    });
  }
  return new LocalFileStore(localFilesDir(env));
}

/** The local store's folder: FILES_DIR, or `files` in the data folder (DATA_DIR, as config.ts chooses it). */
export function localFilesDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.FILES_DIR || path.join(chooseDataDir(env, process.getuid?.() === 0).dataDir, 'files'));
}

/** Every key in a local store's folder (for backups), sorted. */
export function localFileKeys(dir: string): string[] {
  const keys: string[] = [];
  if (!existsSync(dir)) return keys;
  for (const prefix of readdirSync(dir)) {
    if (!/^[0-9a-f]{2}$/.test(prefix)) continue;
    for (const hash of readdirSync(path.join(dir, prefix))) {
      if (!/^[0-9a-f]{64}$/.test(hash)) continue;
      for (const copy of readdirSync(path.join(dir, prefix, hash))) {
        const key = `${hash}/${copy}`;
        if (KEY.test(key)) keys.push(key);
      }
    }
  }
  return keys.sort();
}

/** A key's path inside a local store's folder. */
export function localPathOf(dir: string, key: string): string {
  checkKey(key);
  return path.join(dir, key.slice(0, 2), key);
}
