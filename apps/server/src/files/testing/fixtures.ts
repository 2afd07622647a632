import sharp from 'sharp';

/**
 * A photograph as a phone makes one: 1,600 × 1,200 pixels stored on its side (EXIF orientation 6,
 * so it is shown 1,200 wide and 1,600 high), with the camera's make and the place it was taken
 * (GPS, in London) in its EXIF.
 */
export function gpsTaggedPhoto(width = 1600, height = 1200): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a6ea5' } })
    .composite([{ input: { create: { width: Math.round(width / 4), height: Math.round(height / 4), channels: 3, background: '#f0c020' } }, left: 10, top: 10 }])
    .withExif({
      IFD0: { Make: 'Test camera', Model: 'Workshop phone' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg({ quality: 90 })
    .toBuffer();
}

/** A minimal one-page PDF (what a slide deck exported as PDF starts and ends with). */
export function smallPdf(): Buffer {
  return Buffer.from(
    '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 144]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
    'latin1',
  );
}

export const SCRIPTED_SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>';
export const HTML_PAGE = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
