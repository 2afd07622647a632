import { GraphQLError, GraphQLScalarType } from 'graphql';
import type { Readable } from 'node:stream';

/**
 * A file sent with a mutation. Two ways reach it: the web forms' actions pass the `File` that
 * `request.formData()` gave them straight through the in-process executor; HTTP clients send a
 * multipart request (the GraphQL multipart request spec, graphql-upload-minimal on /graphql), which
 * gives a promise of `{ filename, createReadStream }`.
 */
export type UploadValue = WebFileLike | Promise<MultipartUpload> | MultipartUpload;

interface WebFileLike {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

interface MultipartUpload {
  filename: string;
  createReadStream(): Readable;
}

export const Upload = new GraphQLScalarType({
  name: 'Upload',
  description: 'A file sent as part of a multipart request (GraphQL multipart request spec)',
  parseValue: (value) => {
    if (value && typeof value === 'object') {
      // graphql-upload-minimal's Upload: the file arrives through its promise.
      if ('promise' in value && value.promise instanceof Promise) return value.promise;
      if ('arrayBuffer' in value || 'then' in value || 'createReadStream' in value) return value;
    }
    throw new GraphQLError('Upload values come only in a multipart request', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  parseLiteral: () => {
    throw new GraphQLError('Upload values come only in a multipart request', { extensions: { code: 'BAD_USER_INPUT' } });
  },
  serialize: () => {
    throw new GraphQLError('Upload is an input-only type');
  },
});

/** The uploaded bytes and name, or 'too-large' past `limit` bytes (reading stops there). */
export async function readUpload(value: UploadValue, limit: number): Promise<{ name: string; bytes: Buffer } | 'too-large'> {
  const upload = await value;
  if ('arrayBuffer' in upload) {
    if (upload.size > limit) return 'too-large';
    return { name: upload.name, bytes: Buffer.from(await upload.arrayBuffer()) };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of upload.createReadStream()) {
      size += (chunk as Buffer).length;
      if (size > limit) return 'too-large';
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    // The multipart reader stops a file past its maxFileSize (set just above `limit`) with a 413.
    if ((error as { status?: number }).status === 413) return 'too-large';
    throw error;
  }
  return { name: upload.filename, bytes: Buffer.concat(chunks) };
}
