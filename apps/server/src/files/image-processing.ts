import sharp, { type Metadata, type Sharp } from 'sharp';
import { FILE_LIMITS, IMAGE_TYPES, type AcceptedType, type ImageFormat } from './file-rules';

/** One stored copy of an upload: the full-size one (`original`) or a narrower one (`w640`). */
export interface ProcessedCopy {
  variant: string;
  extension: string;
  bytes: Buffer;
  width: number | null;
}

export interface ProcessedImage {
  type: AcceptedType;
  width: number;
  height: number;
  copies: ProcessedCopy[];
}

/** Why an image was refused, in words for the person who sent it. */
export class ImageRefused extends Error {}

// sharp's own concurrency is per image; two cores are shared with the database and other requests.
sharp.concurrency(1);

/**
 * Reads `bytes` as an image if it is one. Returns null when it is not an image at all (a PDF, text),
 * throws ImageRefused for one we do not take (SVG, TIFF, HEIC…) or cannot read (damaged).
 *
 * Every stored copy is made by sharp from decoded pixels: turned upright from the EXIF orientation,
 * and written without any metadata (sharp keeps none unless asked), so no EXIF, GPS, XMP or camera
 * data leaves the server, the full-size copy included. Smaller copies are WebP.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage | null> {
  let metadata: Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: FILE_LIMITS.imagePixels }).metadata();
  } catch {
    return null;
  }
  const format = metadata.format as string;
  if (format === 'svg') throw new ImageRefused('SVG drawings are not accepted: they can carry scripts. Export the drawing as a PNG and upload that.');
  if (!(format in IMAGE_TYPES)) throw new ImageRefused(`This image is in ${format.toUpperCase()} format, which we do not take. Save it as JPEG or PNG and upload that.`);
  const type = IMAGE_TYPES[format as ImageFormat];
  const animated = format === 'gif' || format === 'webp';
  const open = () => sharp(bytes, { limitInputPixels: FILE_LIMITS.imagePixels, animated, failOn: 'error' }).rotate();
  try {
    const full = await encode(open(), format as ImageFormat).toBuffer({ resolveWithObject: true });
    const width = full.info.width;
    // An animation's height in `info` is all its frames stacked; the page height is one frame's.
    const height = full.info.pageHeight ?? full.info.height;
    const copies: ProcessedCopy[] = [{ variant: 'original', extension: type.extension, bytes: full.data, width }];
    for (const target of FILE_LIMITS.widths) {
      if (target >= width) break;
      const copy = await open().resize({ width: target }).webp({ quality: 80 }).toBuffer();
      copies.push({ variant: `w${target}`, extension: 'webp', bytes: copy, width: target });
    }
    return { type, width, height, copies };
  } catch (error) {
    if (error instanceof ImageRefused) throw error;
    throw new ImageRefused('This image could not be read: it may be damaged or only partly uploaded. Open it on your device, save it again and upload that.');
  }
}

function encode(image: Sharp, format: ImageFormat): Sharp {
  switch (format) {
    case 'jpeg':
      // libjpeg-turbo, not mozjpeg: a 12-megapixel photo costs 0.3 s of CPU instead of 3.7 s (load:bench-files).
      return image.jpeg({ quality: 88 });
    case 'png':
      return image.png({ compressionLevel: 8 });
    case 'webp':
      return image.webp({ quality: 88 });
    case 'gif':
      return image.gif();
  }
}
