import { renderMarkdown } from './index';

interface Tag {
  name: string;
  attributes: Record<string, string>;
}

/**
 * Opening tags actually present in the HTML, with their attributes. Text '<' is always
 * escaped as &lt;, and attribute values are double-quoted with '"' escaped, so a tag
 * ends at the first '>' and a quoted value cannot hide another attribute.
 */
function parseTags(html: string): Tag[] {
  return [...html.matchAll(/<([a-z][a-z0-9]*)([^>]*)>/gi)].map(([, name, rest]) => {
    const attributes: Record<string, string> = {};
    for (const [, attr, value] of rest.matchAll(/\s([^\s="'>/]+)(?:="([^"]*)")?/g)) {
      attributes[attr.toLowerCase()] = value ?? '';
    }
    return { name: name.toLowerCase(), attributes };
  });
}

/** An href as a browser would read its scheme: entities decoded, ignored characters removed. */
function normaliseHref(href: string): string {
  return (
    href
      .replace(/&#x([0-9a-f]+);?/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
      .replace(/&#(\d+);?/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
      .replace(/&colon;/gi, ':')
      .replace(/&amp;/g, '&')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0020]+/g, '')
  );
}

const ALLOWED_TAGS = new Set([
  'p', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'a', 'em', 'strong', 'del', 's', 'code', 'pre',
  'blockquote', 'hr', 'br', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span',
]);

describe('renderMarkdown: CommonMark and GFM', () => {
  it('renders paragraphs, emphasis and strikethrough', () => {
    expect(renderMarkdown('Some *emphasis*, **strong** and ~~struck~~ text.')).toBe(
      '<p>Some <em>emphasis</em>, <strong>strong</strong> and <s>struck</s> text.</p>\n',
    );
  });

  it('renders GFM tables, turning alignment into classes rather than inline styles', () => {
    const html = renderMarkdown('| Risk | Score |\n|:-----|------:|\n| Falls | 3 |\n| Sepsis | 5 |');
    expect(html).toBe(
      [
        '<table>',
        '<thead>',
        '<tr>',
        '<th class="align-left">Risk</th>',
        '<th class="align-right">Score</th>',
        '</tr>',
        '</thead>',
        '<tbody>',
        '<tr>',
        '<td class="align-left">Falls</td>',
        '<td class="align-right">3</td>',
        '</tr>',
        '<tr>',
        '<td class="align-left">Sepsis</td>',
        '<td class="align-right">5</td>',
        '</tr>',
        '</tbody>',
        '</table>',
        '',
      ].join('\n'),
    );
    expect(html).not.toContain('style=');
  });

  it('renders unaligned table cells without a class', () => {
    expect(renderMarkdown('| a |\n|---|\n| b |')).toContain('<th>a</th>');
  });

  it('renders bullet lists, ordered lists and their start number', () => {
    expect(renderMarkdown('- one\n- two')).toBe('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n');
    expect(renderMarkdown('1. one\n2. two')).toBe('<ol>\n<li>one</li>\n<li>two</li>\n</ol>\n');
    expect(renderMarkdown('3. three\n4. four')).toBe('<ol start="3">\n<li>three</li>\n<li>four</li>\n</ol>\n');
  });

  it('renders block quotes, code blocks, rules and hard breaks', () => {
    expect(renderMarkdown('> quoted')).toBe('<blockquote>\n<p>quoted</p>\n</blockquote>\n');
    expect(renderMarkdown('```js\nconst a = 1 < 2;\n```')).toBe('<pre><code>const a = 1 &lt; 2;\n</code></pre>\n');
    expect(renderMarkdown('---')).toBe('<hr />\n');
    expect(renderMarkdown('line one  \nline two')).toBe('<p>line one<br />\nline two</p>\n');
  });

  it('makes the top heading of a text an h2, keeping the others relative to it, so there is never a second h1', () => {
    expect(renderMarkdown('# One\n## Two\n### Three\n#### Four\n##### Five\n###### Six')).toBe(
      '<h2>One</h2>\n<h3>Two</h3>\n<h4>Three</h4>\n<h5>Four</h5>\n<h6>Five</h6>\n<h6>Six</h6>\n',
    );
    expect(renderMarkdown('Setext\n======')).toBe('<h2>Setext</h2>\n');
    expect(renderMarkdown('# Title')).not.toContain('<h1');
    expect(renderMarkdown('## Section\n### Subsection')).toBe('<h2>Section</h2>\n<h3>Subsection</h3>\n');
    expect(renderMarkdown('### Deep\n#### Deeper')).toBe('<h2>Deep</h2>\n<h3>Deeper</h3>\n');
  });

  it('shows raw HTML as text', () => {
    expect(renderMarkdown('<b>bold</b>')).toBe('<p>&lt;b&gt;bold&lt;/b&gt;</p>\n');
  });

  it('renders images as a link to the image, keeping the alt text', () => {
    expect(renderMarkdown('![Ward layout](/files/ward.png)')).toBe('<p>!<a href="/files/ward.png">Ward layout</a></p>\n');
  });

  it('is deterministic', () => {
    const markdown = '# T\n\n[[A]] https://example.org | x |\n\n| a |\n|:-:|\n| b |';
    expect(renderMarkdown(markdown)).toBe(renderMarkdown(markdown));
  });
});

describe('renderMarkdown: links', () => {
  it('marks external links rel="nofollow ugc"', () => {
    expect(renderMarkdown('[NHS](https://www.nhs.uk/ "NHS home")')).toBe(
      '<p><a href="https://www.nhs.uk/" title="NHS home" rel="nofollow ugc">NHS</a></p>\n',
    );
    expect(renderMarkdown('<http://example.com/a>')).toBe(
      '<p><a href="http://example.com/a" rel="nofollow ugc">http://example.com/a</a></p>\n',
    );
    expect(renderMarkdown('[x](//example.com)')).toBe('<p><a href="//example.com" rel="nofollow ugc">x</a></p>\n');
  });

  it('linkifies bare URLs, also as external links', () => {
    expect(renderMarkdown('Read https://example.org/report and www.nhs.uk today')).toBe(
      '<p>Read <a href="https://example.org/report" rel="nofollow ugc">https://example.org/report</a> and ' +
        '<a href="http://www.nhs.uk" rel="nofollow ugc">www.nhs.uk</a> today</p>\n',
    );
  });

  it('gives internal, anchor and mailto links no rel', () => {
    expect(renderMarkdown('[page](/wiki/risk)')).toBe('<p><a href="/wiki/risk">page</a></p>\n');
    expect(renderMarkdown('[section](#method)')).toBe('<p><a href="#method">section</a></p>\n');
    expect(renderMarkdown('<someone@example.com>')).toBe(
      '<p><a href="mailto:someone@example.com">someone@example.com</a></p>\n',
    );
    expect(renderMarkdown('[[Risk]]')).not.toContain('rel=');
  });

  it('refuses schemes other than http, https and mailto', () => {
    expect(renderMarkdown('[x](ftp://example.com/file)')).not.toContain('href');
    expect(renderMarkdown('[x](file:///etc/passwd)')).not.toContain('href');
  });
});

describe('renderMarkdown: XSS payloads', () => {
  const payloads: string[] = [
    '<script>alert(1)</script>',
    '<SCRIPT SRC=//evil.example/x.js></SCRIPT>',
    '<<script>script>alert(1)<</script>/script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<body onload=alert(1)>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<a href="javascript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<style>body{display:none}</style>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](  JaVaScRiPt:alert(1) )',
    '[x](<javascript:alert(1)>)',
    '[x](&#106;avascript:alert(1))',
    '[x](&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](java&#x09;script:alert(1))',
    '[x](java%0Ascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](data:image/png;base64,iVBORw0KGgo=)',
    '[x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    '[x](http://example.com"onmouseover="alert(1))',
    '[x](https://example.com "title\\" onmouseover=\\"alert(1)")',
    '![x](javascript:alert(1))',
    '![x](x" onerror="alert(1))',
    '[ref]\n\n[ref]: javascript:alert(1)',
    '<javascript:alert(1)>',
    '<JAVASCRIPT:alert(1)>',
    'javascript:alert(1) as bare text',
    '[[<script>alert(1)</script>]]',
    '[[Page|<img src=x onerror=alert(1)>]]',
    '[[javascript:alert(1)]]',
    '`<script>alert(1)</script>`',
    '```\n<script>alert(1)</script>\n```',
    '| <script>alert(1)</script> |\n|---|\n| <img src=x onerror=alert(1)> |',
    '# <script>alert(1)</script>',
    '> <svg onload=alert(1)>',
  ];

  it('uses checks that would catch an unsafe tag (guards against a vacuous test)', () => {
    expect(parseTags('<p>x</p><A HREF="java&#x09;script:alert(1)" onclick="y">')).toEqual([
      { name: 'p', attributes: {} },
      { name: 'a', attributes: { href: 'java&#x09;script:alert(1)', onclick: 'y' } },
    ]);
    expect(normaliseHref('java&#x09;script:alert(1)')).toBe('javascript:alert(1)');
  });

  it('covers at least 20 payloads', () => {
    expect(payloads.length).toBeGreaterThanOrEqual(20);
  });

  it.each(payloads)('neutralises %j', (payload) => {
    const html = renderMarkdown(payload, { pageExists: () => false });

    expect(html).not.toMatch(/<script/i);
    for (const tag of parseTags(html)) {
      expect(ALLOWED_TAGS).toContain(tag.name);
      for (const attr of Object.keys(tag.attributes)) {
        expect(attr).not.toMatch(/^on/);
        expect(['href', 'class', 'rel', 'title', 'start']).toContain(attr);
      }
      if (tag.attributes.href !== undefined) {
        const href = normaliseHref(tag.attributes.href);
        expect(href).not.toMatch(/^(javascript|data|vbscript):/i);
        expect(href.toLowerCase()).not.toContain('javascript:');
      }
    }
  });
});
