import { extractWikiLinks, renderMarkdown } from './index';

describe('extractWikiLinks', () => {
  it('finds plain and labelled links in order', () => {
    expect(extractWikiLinks('See [[Emerging issues]] and [[Risk register|the register]].')).toEqual([
      { title: 'Emerging issues', slug: 'emerging-issues', label: 'Emerging issues' },
      { title: 'Risk register', slug: 'risk-register', label: 'the register' },
    ]);
  });

  it('deduplicates by slug, keeping the first occurrence', () => {
    const links = extractWikiLinks('[[Emerging issues]], [[emerging  Issues|again]] and [[Émerging issues!]]');
    expect(links).toEqual([{ title: 'Emerging issues', slug: 'emerging-issues', label: 'Emerging issues' }]);
  });

  it('ignores links in code spans, fenced code and indented code', () => {
    const markdown = [
      'Real: [[Alpha]], code: `[[Beta]]`',
      '',
      '```',
      '[[Gamma]]',
      '```',
      '',
      '    [[Delta]]',
      '',
      '~~~md',
      '[[Epsilon]]',
      '~~~',
      '',
      'And [[Zeta]].',
    ].join('\n');
    expect(extractWikiLinks(markdown).map((l) => l.slug)).toEqual(['alpha', 'zeta']);
  });

  it('ignores escaped, unclosed, multi-line and empty links', () => {
    expect(extractWikiLinks('\\[[Escaped]] [[Unclosed [[Multi\nline]] [[]] [[ | label]] [[!!!]]')).toEqual([]);
  });

  it('finds links in headings, lists, tables and emphasis', () => {
    const markdown = '# About [[A]]\n\n- item [[B]]\n\n| x |\n|---|\n| [[C]] |\n\n*see [[D]]*';
    expect(extractWikiLinks(markdown).map((l) => l.slug)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('trims and collapses whitespace in title and label', () => {
    expect(extractWikiLinks('[[  Patient   safety  |  read   this ]]')).toEqual([
      { title: 'Patient safety', slug: 'patient-safety', label: 'read this' },
    ]);
  });

  it('falls back to the title when the label is empty', () => {
    expect(extractWikiLinks('[[Patient safety|]]')[0].label).toBe('Patient safety');
  });
});

describe('wiki link rendering', () => {
  it('renders an existing page (or no pageExists given) as a plain wiki link', () => {
    expect(renderMarkdown('See [[Emerging issues]].')).toBe(
      '<p>See <a href="/wiki/emerging-issues" class="wiki-link">Emerging issues</a>.</p>\n',
    );
    expect(renderMarkdown('[[Emerging issues|the issues]]', { pageExists: () => true })).toBe(
      '<p><a href="/wiki/emerging-issues" class="wiki-link">the issues</a></p>\n',
    );
  });

  it('says in text, not only by style, that a page is missing', () => {
    expect(renderMarkdown('[[Not written yet]]', { pageExists: () => false })).toBe(
      '<p><a href="/wiki/not-written-yet" class="wiki-link wiki-link--missing">Not written yet' +
        '<span class="visually-hidden"> (page does not exist yet)</span></a></p>\n',
    );
  });

  it('asks pageExists about each link by slug', () => {
    const asked: string[] = [];
    const html = renderMarkdown('[[Alpha Page]] and [[Beta|b]]', {
      pageExists: (slug) => {
        asked.push(slug);
        return slug === 'alpha-page';
      },
    });
    expect(asked).toEqual(['alpha-page', 'beta']);
    expect(html).toContain('<a href="/wiki/alpha-page" class="wiki-link">Alpha Page</a>');
    expect(html).toContain('<a href="/wiki/beta" class="wiki-link wiki-link--missing">b<span');
  });

  it('leaves wiki link syntax in code untouched', () => {
    expect(renderMarkdown('`[[Alpha]]`')).toBe('<p><code>[[Alpha]]</code></p>\n');
    expect(renderMarkdown('```\n[[Alpha]]\n```')).toBe('<pre><code>[[Alpha]]\n</code></pre>\n');
  });

  it('treats the label as text, not markup', () => {
    expect(renderMarkdown('[[Alpha|*not emphasis* <b>]]')).toBe(
      '<p><a href="/wiki/alpha" class="wiki-link">*not emphasis* &lt;b&gt;</a></p>\n',
    );
  });

  it('leaves titles with no usable slug as literal text', () => {
    expect(renderMarkdown('[[!!!]]')).toBe('<p>[[!!!]]</p>\n');
  });
});
