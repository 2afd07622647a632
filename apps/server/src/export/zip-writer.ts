import { Readable, type Writable } from 'node:stream';
import { ZipFile } from 'yazl';

/** Entries handed to yazl but not yet written out: what bounds the memory an export holds. */
const MOST_ENTRIES_AHEAD = 16;

/**
 * A ZIP written to a stream as it is made (yazl). yazl takes every entry at once and keeps what
 * it has not written yet, and writes without waiting for a slow reader; so entries are given to it
 * lazily (addReadStreamLazy: yazl asks for an entry's bytes only when the ones before it are out)
 * and `add` waits while more than a few are ahead. An entry's bytes are piped, so a slow download
 * holds yazl back, which holds `add` back, which holds the database reads back.
 */
export class ZipWriter {
  private readonly zip = new ZipFile();
  private readonly ahead: Promise<void>[] = [];
  private failure: Error | null = null;
  private readonly stopped: Promise<void>;
  private stop!: () => void;

  constructor(output: Writable) {
    this.stopped = new Promise((resolve) => (this.stop = resolve));
    this.zip.outputStream.on('error', (error: Error) => this.fail(error));
    this.zip.outputStream.pipe(output);
  }

  /** Stops making the archive (the reader went away): every waiting `add` gives up. */
  fail(error: Error): void {
    this.failure ??= error;
    this.stop();
  }

  /** Adds a file with this text (or these chunks, text or bytes, read only when its turn comes). */
  async add(name: string, content: string | (() => AsyncIterable<string | Buffer>), modified: Date): Promise<void> {
    if (this.failure) throw this.failure;
    const started = new Promise<void>((resolve) => {
      this.zip.addReadStreamLazy(name, { mtime: modified }, (callback) => {
        resolve();
        const stream = typeof content === 'string' ? Readable.from([Buffer.from(content, 'utf8')]) : Readable.from(content(), { objectMode: false });
        stream.on('error', (error: Error) => this.fail(error));
        callback(null, stream);
      });
    });
    this.ahead.push(started);
    if (this.ahead.length > MOST_ENTRIES_AHEAD) await Promise.race([this.ahead.shift(), this.stopped]);
    if (this.failure) throw this.failure;
  }

  /** Writes the central directory once every entry is out; resolves when the output has it all. */
  async finish(output: Writable): Promise<void> {
    if (this.failure) throw this.failure;
    const done = new Promise<void>((resolve, reject) => {
      output.once('finish', resolve);
      output.once('close', () => (output.writableFinished ? resolve() : reject(this.failure ?? new Error('The download was closed before the archive was complete'))));
    });
    this.zip.end();
    await Promise.race([done, this.stopped.then(() => Promise.reject(this.failure))]);
  }
}
