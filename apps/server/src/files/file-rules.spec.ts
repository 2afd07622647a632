import { cleanFileName, PDF, sniffDocument, TEXT } from './file-rules';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('the type of a file that is not an image, from its content', () => {
  it('takes PDFs by their first bytes and plain text as text, whatever the name', () => {
    expect(sniffDocument(bytes('%PDF-1.7\n...'), 'slides.bin')).toBe(PDF);
    expect(sniffDocument(bytes('Notes from the workshop\n'), 'notes')).toBe(TEXT);
  });

  it('refuses web pages and drawings made of code, however they are named', () => {
    for (const [content, name] of [
      ['<!doctype html><script>alert(1)</script>', 'holiday.png'],
      ['  <html><body>x</body></html>', 'notes.txt'],
      ['<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'diagram.txt'],
      ['<?xml version="1.0"?><svg/>', 'drawing.svg'],
    ]) {
      expect(sniffDocument(bytes(content), name)).toEqual({ refused: expect.stringContaining('web page or a drawing made of code') });
    }
  });

  it('refuses text named as an image, and binary files of other kinds', () => {
    expect(sniffDocument(bytes('just words'), 'photo.jpg')).toEqual({ refused: expect.stringContaining('says it is an image, but it contains text') });
    expect(sniffDocument(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'slides.docx')).toEqual({ refused: expect.stringContaining('We cannot take this kind of file') });
    expect(sniffDocument(new Uint8Array([0xff, 0xd8, 0xff, 0, 1]), 'broken.jpg')).toEqual({ refused: expect.stringContaining('could not be read as one') });
  });

  it('keeps only a bounded base name, without folders or control characters', () => {
    expect(cleanFileName('C:\\Users\\ann\\Desktop\\flip "chart".jpg')).toBe('flip chart.jpg');
    expect(cleanFileName('../../etc/passwd')).toBe('passwd');
    expect(cleanFileName('a\u0000b\nc.txt')).toBe('abc.txt');
    expect(cleanFileName('')).toBe('file');
    expect(cleanFileName('x'.repeat(500)).length).toBe(200);
  });
});
