import { extractWikiLinks } from '@commonplace/markdown';
import { convertMany, convertWikitext } from './wikitext-converter';

// These run the machine's Pandoc (the import needs it, as backup needs pg_dump).
describe('wikitext → Markdown (Pandoc)', () => {
  it('turns headings, lists, bold, italic, tables and internal links into Markdown and wiki links', async () => {
    const { markdown, keptAsCode } = await convertWikitext(
      [
        "'''Bold''' and ''italic'', see [[Open archives]] and [[Shared infrastructure|the infrastructure page]].",
        '',
        '== Background ==',
        '* one',
        '** nested',
        '# first',
        '{| class="wikitable"',
        '! Name !! Count',
        '|-',
        '| [[Peer review]] || 3',
        '|}',
      ].join('\n'),
    );
    expect(markdown).toContain('**Bold** and *italic*');
    expect(markdown).toMatch(/^## Background$/m);
    expect(markdown).toMatch(/^- +one$/m);
    expect(markdown).toMatch(/^ +- +nested$/m);
    expect(markdown).toMatch(/^1\. +first$/m);
    expect(markdown).toMatch(/^\| Name +\| Count +\|$/m);
    expect(extractWikiLinks(markdown).map((link) => [link.title, link.label])).toEqual([
      ['Open archives', 'Open archives'],
      ['Shared infrastructure', 'the infrastructure page'],
      ['Peer review', 'Peer review'],
    ]);
    expect(keptAsCode).toEqual([]);
  });

  it('keeps templates, parser functions, files, extension tags and merged-cell tables verbatim as code, and lists them', async () => {
    const wikitext = [
      '{{Infobox package|name=dpkg|section=admin}}',
      'Installed {{#if: yes | often | rarely}} by [[File:Logo.png|thumb|The [[Debian]] logo]] people.',
      '<gallery>',
      'File:A.jpg|One',
      '</gallery>',
      '{| class="wikitable"',
      '| rowspan="2" | merged || b',
      '|-',
      '| c',
      '|}',
      'Talk to [[Talk:Packaging|the packagers]] or [[User:Alice|Alice]]. [[Category:Tools]]',
    ].join('\n');
    const { markdown, keptAsCode, categories } = await convertWikitext(wikitext);
    expect(keptAsCode.map((part) => part.kind)).toEqual(['template', 'parser function', 'file', 'extension tag', 'complex table']);
    expect(markdown).toContain('```mediawiki\n{{Infobox package|name=dpkg|section=admin}}\n```');
    expect(markdown).toContain('`{{#if: yes | often | rarely}}`');
    expect(markdown).toContain('`[[File:Logo.png|thumb|The [[Debian]] logo]]`');
    expect(markdown).toContain('```mediawiki\n<gallery>\nFile:A.jpg|One\n</gallery>\n```');
    expect(markdown).toContain('| rowspan="2" | merged || b');
    // A talk page link goes to the page (its discussions are there); a user page link is just its text.
    expect(markdown).toContain('[[Packaging|the packagers]] or Alice.');
    expect(categories).toEqual(['Tools']);
    expect(markdown).not.toContain('Category');
  });

  it('converts many texts in one run and each as if alone, even when one leaves a table open', async () => {
    const texts = ["''one''", '{|\n| open table never closed', '== two ==', '[[Three]]'];
    const together = await convertMany(texts);
    const alone = await Promise.all(texts.map((text) => convertWikitext(text)));
    expect(together.map((c) => c.markdown)).toEqual(alone.map((c) => c.markdown));
    expect(together[0].markdown).toBe('*one*\n');
    expect(together[3].markdown).toBe('[[Three]]\n');
  });
});
