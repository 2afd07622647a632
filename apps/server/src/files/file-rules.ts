/**
 * What may be uploaded, and how big: pure rules, shared by the service, the forms and the tests.
 * The type is decided from the content (sharp reads images; the first bytes decide PDF; text is
 * text only when it is valid UTF-8 with no NUL and does not start like a web page), never from the
 * file's name or the browser's claim.
 */
export const FILE_LIMITS = {
  /** One file, as uploaded. A phone photo is 3–8 MB; a slide deck as PDF a few MB. */
  fileBytes: 10 * 1024 * 1024,
  /** Files in one upload (the forms offer this many slots). */
  filesPerUpload: 3,
  /** Pixels sharp will decode (a 4,000 × 3,000 photo is 12 million): bounds memory and time. */
  imagePixels: 50_000_000,
  /** Everything one person has uploaded, all versions counted. */
  quotaBytes: 200 * 1024 * 1024,
  /** Uploads (files) one person may make in an hour. */
  uploadsPerHour: 30,
  descriptionLength: 1000,
  nameLength: 200,
  /** Widths of the smaller copies made of each image (only those narrower than the image). */
  widths: [320, 640, 1280] as const,
} as const;

/** Largest multipart form body the web forms accept: the files plus the form's text, with room. */
export const MAX_UPLOAD_BODY_BYTES = FILE_LIMITS.fileBytes * FILE_LIMITS.filesPerUpload + 2 * 1024 * 1024;

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

export interface AcceptedType {
  kind: 'image' | 'document';
  mediaType: string;
  /** The extension the stored copy is served with. */
  extension: string;
  /** A short name people read: "JPEG", "PDF". */
  label: string;
}

export const IMAGE_TYPES: Record<ImageFormat, AcceptedType> = {
  jpeg: { kind: 'image', mediaType: 'image/jpeg', extension: 'jpg', label: 'JPEG' },
  png: { kind: 'image', mediaType: 'image/png', extension: 'png', label: 'PNG' },
  webp: { kind: 'image', mediaType: 'image/webp', extension: 'webp', label: 'WebP' },
  gif: { kind: 'image', mediaType: 'image/gif', extension: 'gif', label: 'GIF' },
};
export const PDF: AcceptedType = { kind: 'document', mediaType: 'application/pdf', extension: 'pdf', label: 'PDF' };
export const TEXT: AcceptedType = { kind: 'document', mediaType: 'text/plain; charset=utf-8', extension: 'txt', label: 'Text' };

/** Every type a stored copy can have, by its extension (what the serving route answers with). */
export const SERVED_TYPES: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif', pdf: 'application/pdf', txt: 'text/plain; charset=utf-8' };

export const ACCEPTED_SUMMARY = 'JPEG, PNG, WebP or GIF images, PDF documents or plain text files';

/** The type of a file that is not an image (sharp could not read it), or why it is refused. */
export function sniffDocument(bytes: Uint8Array, name: string): AcceptedType | { refused: string } {
  const head = Buffer.from(bytes.subarray(0, 1024));
  if (head.subarray(0, 5).toString('latin1') === '%PDF-') return PDF;
  const claimsImage = /\.(jpe?g|png|gif|webp|svg|bmp|tiff?|heic|avif)$/i.test(name);
  if (isText(bytes)) {
    const start = head.toString('utf8').trimStart().slice(0, 200).toLowerCase();
    if (/^(<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe|<object|<embed)/.test(start)) {
      return { refused: 'This file is a web page or a drawing made of code (HTML, SVG or XML), which could run scripts. Upload a PNG or JPEG picture, a PDF or a plain text file instead.' };
    }
    if (claimsImage) return { refused: `This file's name says it is an image, but it contains text. Upload the picture itself (${ACCEPTED_SUMMARY}).` };
    return TEXT;
  }
  if (claimsImage) return { refused: `This file's name says it is an image, but it could not be read as one: it may be damaged, or of a kind we do not take (${ACCEPTED_SUMMARY}).` };
  return { refused: `We cannot take this kind of file. We accept ${ACCEPTED_SUMMARY}.` };
}

/** Valid UTF-8 with no NUL byte (binary formats almost always have one early on). */
function isText(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A file name fit to show and to offer as a download name: no folders, no control characters, bounded. */
export function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]+/g, '').replace(/\s+/g, ' ').trim();
  return (base || 'file').slice(0, FILE_LIMITS.nameLength);
}
