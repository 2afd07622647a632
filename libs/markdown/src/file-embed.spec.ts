import { extractFileReferences, fileReference, formatBytes, renderMarkdown, type EmbeddedFile } from './index';

const photo: EmbeddedFile = {
  id: 7,
  kind: 'image',
  name: 'flipchart.jpg',
  description: 'Flip chart listing three barriers to discharge',
  decorative: false,
  url: `/files/${'a'.repeat(64)}/original.jpg`,
  typeLabel: 'JPEG',
  byteSize: 2_400_000,
  width: 1600,
  height: 1200,
  sizes: [
    { url: `/files/${'a'.repeat(64)}/w320.webp`, width: 320 },
    { url: `/files/${'a'.repeat(64)}/w640.webp`, width: 640 },
  ],
  hidden: false,
};
const slides: EmbeddedFile = { ...photo, id: 8, kind: 'document', name: 'slides.pdf', description: 'Workshop slides', url: `/files/${'b'.repeat(64)}/original.pdf`, typeLabel: 'PDF', width: null, height: null, sizes: [] };
const files = new Map([photo, slides].map((file) => [file.id, file]));
const fileById = (id: number) => files.get(id) ?? null;

describe('file references', () => {
  it('renders an image as a figure with its description as alt, sizes, dimensions and a caption', () => {
    const html = renderMarkdown('Before\n\n![[file:7|The second workshop]]\n\nAfter', { fileById });
    expect(html).toContain('<figure class="file-figure"><img');
    expect(html).toContain('alt="Flip chart listing three barriers to discharge"');
    expect(html).toContain('width="1600" height="1200"');
    expect(html).toContain(`srcset="/files/${'a'.repeat(64)}/w320.webp 320w, /files/${'a'.repeat(64)}/w640.webp 640w, /files/${'a'.repeat(64)}/original.jpg 1600w"`);
    expect(html).toContain('<figcaption>The second workshop <a href="/files/');
    expect(html).toContain('Full size image (JPEG, 2.4 MB)');
  });

  it('gives a decorative image an empty alt', () => {
    const html = renderMarkdown('![[file:7]]', { fileById: (id) => ({ ...fileById(id)!, decorative: true, description: '' }) });
    expect(html).toContain('alt=""');
  });

  it('renders a document as a link naming its type and size', () => {
    expect(renderMarkdown('![[file:8]]', { fileById })).toContain('<a class="file-link" href="/files/' + 'b'.repeat(64) + '/original.pdf">Workshop slides (PDF, 2.4 MB)</a>');
  });

  it('shows a clear placeholder for a missing or hidden file, never a broken image', () => {
    expect(renderMarkdown('![[file:99]]', { fileById })).toContain('File 99 is missing');
    expect(renderMarkdown('![[file:7]]', { fileById: (id) => ({ ...fileById(id)!, hidden: true }) })).toContain('A moderator has hidden this file');
    expect(renderMarkdown('![[file:7]]', { fileById: (id) => ({ ...fileById(id)!, hidden: true }) })).not.toContain('<img');
  });

  it('in a preview, where files are not looked up, says the file shows once saved', () => {
    expect(renderMarkdown('![[file:7]]')).toContain('File 7 is shown here once the text is saved');
  });

  it('escapes what people wrote in descriptions and captions', () => {
    const html = renderMarkdown('![[file:7|<script>alert(1)</script>]]', { fileById: (id) => ({ ...fileById(id)!, description: '"><script>alert(2)</script>' }) });
    expect(html).not.toContain('<script');
    expect(html).toContain('alt="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"');
  });

  it('never lets another image through: markdown images stay links and raw <img> is text', () => {
    expect(renderMarkdown('![x](https://evil.example/a.png)\n\n<img src="/files/x">')).not.toContain('<img');
  });

  it('is a reference only alone on its line and outside code', () => {
    expect(extractFileReferences('![[file:7]]\n\ntext ![[file:8]] inline\n\n    ![[file:9]]\n\n```\n![[file:10]]\n```\n\n![[file:7]]')).toEqual([7]);
  });

  it('writes references the parser reads back, and sizes as people read them', () => {
    expect(extractFileReferences(fileReference(12, 'A caption | with ] odd bits'))).toEqual([12]);
    expect(formatBytes(87)).toBe('87 bytes');
    expect(formatBytes(312_000)).toBe('312 KB');
    expect(formatBytes(2_400_000)).toBe('2.4 MB');
  });
});
