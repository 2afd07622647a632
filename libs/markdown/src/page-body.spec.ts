import { RECOMMENDATIONS_MARKER, splitPageBody } from './index';

describe('splitPageBody', () => {
  it('uses the documented marker', () => {
    expect(RECOMMENDATIONS_MARKER).toBe('{{recommendations}}');
  });

  it('returns a single markdown part when there is no marker', () => {
    expect(splitPageBody('# Intro\n\nText.')).toEqual([{ kind: 'markdown', markdown: '# Intro\n\nText.' }]);
  });

  it('splits around a marker line', () => {
    expect(splitPageBody('Before.\n{{recommendations}}\nAfter.')).toEqual([
      { kind: 'markdown', markdown: 'Before.' },
      { kind: 'recommendations' },
      { kind: 'markdown', markdown: 'After.' },
    ]);
  });

  it('accepts surrounding whitespace on the marker line and CRLF line endings', () => {
    expect(splitPageBody('Before.\r\n   {{recommendations}}\t\r\nAfter.')).toEqual([
      { kind: 'markdown', markdown: 'Before.' },
      { kind: 'recommendations' },
      { kind: 'markdown', markdown: 'After.' },
    ]);
  });

  it('drops empty and whitespace-only markdown parts', () => {
    expect(splitPageBody('\n{{recommendations}}\n\n  \n{{recommendations}}\n')).toEqual([
      { kind: 'recommendations' },
      { kind: 'recommendations' },
    ]);
    expect(splitPageBody('')).toEqual([]);
  });

  it('does not split where the marker is only part of a line', () => {
    const markdown = 'See {{recommendations}} below.\n`{{recommendations}}`';
    expect(splitPageBody(markdown)).toEqual([{ kind: 'markdown', markdown }]);
  });

  it('ignores a marker inside a fenced code block', () => {
    const markdown = 'Put this on its own line:\n\n```\n{{recommendations}}\n```\n';
    expect(splitPageBody(markdown)).toEqual([{ kind: 'markdown', markdown }]);
    const tildes = '~~~~\n{{recommendations}}\n~~~\n{{recommendations}}\n~~~~\n{{recommendations}}';
    expect(splitPageBody(tildes)).toEqual([
      { kind: 'markdown', markdown: '~~~~\n{{recommendations}}\n~~~\n{{recommendations}}\n~~~~' },
      { kind: 'recommendations' },
    ]);
  });
});
