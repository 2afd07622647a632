/**
 * Known cross-site scripting payloads for xss.spec.ts. Each one tries to run script in the page:
 * it sets `window.__xss` (or `top.__xss` from inside a frame) and/or calls `alert(1)`, so a payload
 * that runs is seen either as the flag or as a dialog.
 *
 * Each is stored as a page's text (markdown) and title, a thread's subject and a reply's text.
 * Sources: OWASP's XSS filter evasion cheat sheet, PortSwigger's XSS cheat sheet, DOMPurify's
 * mutation-XSS reports and markdown-it's link-validation tests, cut to what applies here.
 */
export interface XssPayload {
  /** What the payload tries, for the test title. */
  name: string;
  payload: string;
}

// A page that runs `top.__xss=1;alert(1)` when loaded as a document.
const SCRIPT_DOCUMENT_BASE64 = 'PHNjcmlwdD50b3AuX194c3M9MTthbGVydCgxKTwvc2NyaXB0Pg=='; // <script>top.__xss=1;alert(1)</script>

export const XSS_PAYLOADS: readonly XssPayload[] = [
  // Script tags
  { name: 'script tag', payload: '<script>window.__xss=1</script>' },
  { name: 'upper-case script tag', payload: '<SCRIPT>window.__xss=1;alert(1)</SCRIPT>' },
  { name: 'script with data: src', payload: '<script src="data:text/javascript,window.__xss=1"></script>' },
  { name: 'script split by a nested script', payload: '<scr<script>ipt>window.__xss=1</scr</script>ipt>' },
  { name: 'doubled angle brackets', payload: '<<script>script>window.__xss=1<</script>/script>' },
  { name: 'attribute break-out with double quote', payload: '"><script>window.__xss=1</script>' },
  { name: 'attribute break-out with single quote', payload: "'><script>window.__xss=1</script>" },
  { name: 'textarea break-out', payload: '</textarea><script>window.__xss=1</script>' },
  { name: 'title break-out', payload: '</title><script>window.__xss=1</script>' },
  { name: 'script break-out (hydration data)', payload: '</script><script>window.__xss=1</script>' },
  { name: 'comment opener in script data', payload: '<!--<script>window.__xss=1</script>' },
  { name: 'line separators around a script break-out', payload: '\u2028\u2029</script><script>window.__xss=1</script>' },
  { name: 'closed comment then script', payload: '<!-- --><script>window.__xss=1</script>-->' },
  { name: 'CDATA-wrapped script', payload: '<![CDATA[<script>window.__xss=1</script>]]>' },
  { name: 'script inside svg', payload: '<svg><script>window.__xss=1</script></svg>' },
  { name: 'script inside template', payload: '<template><script>window.__xss=1</script></template>' },
  { name: 'alert in a script tag', payload: '<script>alert(1)</script>' },

  // Event handlers
  { name: 'img onerror (quoted)', payload: '<img src=x onerror="window.__xss=1">' },
  { name: 'img onerror (unquoted)', payload: '<img src=x onerror=window.__xss=1>' },
  { name: 'img onerror (mixed case)', payload: '<IMG SRC=x OnErRoR=window.__xss=1;alert(1)>' },
  { name: 'img onerror with entity-encoded code', payload: '<img src="x" onerror="&#119;&#105;ndow.__xss=1">' },
  { name: 'img onerror evaluating its src', payload: '<img src="x:window.__xss=1" onerror="eval(src.slice(2))">' },
  { name: 'unclosed img onerror', payload: '<img src=x onerror=window.__xss=1//' },
  { name: 'img with quotes confusing the tag end', payload: '<img """><script>window.__xss=1</script>">' },
  { name: 'body onload', payload: '<body onload="window.__xss=1">' },
  { name: 'doctype and body onload', payload: '<!DOCTYPE html><html><body onload=window.__xss=1></body></html>' },
  { name: 'svg onload', payload: '<svg onload=window.__xss=1>' },
  { name: 'svg/onload without a space', payload: '<svg/onload=window.__xss=1>' },
  { name: 'details ontoggle', payload: '<details open ontoggle="window.__xss=1"><summary>x</summary></details>' },
  { name: 'autofocus onfocus', payload: '<input autofocus onfocus="window.__xss=1">' },
  { name: 'select autofocus onfocus', payload: '<select autofocus onfocus=window.__xss=1></select>' },
  { name: 'video source onerror', payload: '<video><source onerror="window.__xss=1"></video>' },
  { name: 'audio onerror', payload: '<audio src=x onerror=window.__xss=1>' },
  { name: 'full-screen onmouseover', payload: '<div onmouseover="window.__xss=1" style="position:fixed;inset:0">hover</div>' },
  { name: 'link onclick', payload: '<a href="#" onclick="window.__xss=1">click</a>' },
  { name: 'svg animate onbegin', payload: '<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s></svg>' },
  { name: 'custom element onafterscriptexecute', payload: '<xss onafterscriptexecute=window.__xss=1><script>1</script>' },
  { name: 'style tag onload', payload: '<style onload=window.__xss=1></style>' },

  // javascript: links
  { name: 'markdown javascript: link', payload: '[click](javascript:window.__xss=1)' },
  { name: 'markdown JaVaScRiPt: link', payload: '[click](JaVaScRiPt:window.__xss=1)' },
  { name: 'markdown javascript: link in angle brackets', payload: '[click](<javascript:window.__xss=1>)' },
  { name: 'markdown javascript: link with spaces', payload: '[click](  javascript:window.__xss=1  "t")' },
  { name: 'markdown link with an entity colon', payload: '[click](javascript&#58;window.__xss=1)' },
  { name: 'markdown link with a named entity colon', payload: '[click](javascript&colon;window.__xss=1)' },
  { name: 'markdown link with an entity tab in the scheme', payload: '[click](java&#x09;script:window.__xss=1)' },
  { name: 'markdown link with decimal entities', payload: '[click](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1)' },
  { name: 'markdown link with a control character', payload: '[click](\u0001javascript:window.__xss=1)' },
  { name: 'markdown link with an escaped colon', payload: String.raw`[click](javascript\:window.__xss=1)` },
  { name: 'markdown vbscript: link', payload: '[click](vbscript:window.__xss=1)' },
  { name: 'reference-style javascript: link', payload: '[click][x]\n\n[x]: javascript:window.__xss=1' },
  { name: 'reference-style link with a title', payload: '[click][x]\n\n[x]: JAVASCRIPT:window.__xss=1 "title"' },
  { name: 'collapsed reference link', payload: '[x][]\n\n[x]: javascript:alert(1)' },
  { name: 'autolink javascript:', payload: '<javascript:window.__xss=1>' },
  { name: 'autolink JAVASCRIPT:', payload: '<JAVASCRIPT:alert(1)>' },
  { name: 'html javascript: link', payload: '<a href="javascript:window.__xss=1">x</a>' },
  { name: 'html link with an entity tab in the scheme', payload: '<a href="jav&#x09;ascript:window.__xss=1">x</a>' },
  { name: 'html link with a leading space', payload: '<a href=" javascript:window.__xss=1">x</a>' },
  { name: 'html link with decimal entities', payload: '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1">x</a>' },
  { name: 'unclosed html javascript: link', payload: '<a href="javascript:window.__xss=1"' },
  { name: 'markdown link followed by a javascript: link', payload: '[a](https://example.org)[b](javascript:window.__xss=1)' },
  { name: 'markdown title attribute break-out', payload: '[x](https://example.org "\\" onmouseover=\\"window.__xss=1")' },
  { name: 'linkified URL with an attribute break-out', payload: 'https://example.org/"onmouseover="window.__xss=1"' },
  { name: 'linkified URL with a script tag', payload: 'www.example.org/<script>window.__xss=1</script>' },
  { name: 'autolink with a script break-out', payload: '<https://example.org/"><script>window.__xss=1</script>>' },
  { name: 'html as a markdown link text', payload: '[<img src=x onerror=window.__xss=1>](https://example.org)' },
  { name: 'markdown image with a javascript: src', payload: '![x](javascript:window.__xss=1)' },
  { name: 'markdown image alt break-out', payload: '![x" onerror="window.__xss=1](x)' },

  // data: URLs
  { name: 'markdown data:text/html link', payload: `[click](data:text/html;base64,${SCRIPT_DOCUMENT_BASE64})` },
  { name: 'markdown data: link with a script', payload: '[click](data:text/html,<script>alert(1)</script>)' },
  { name: 'html data: link', payload: `<a href="data:text/html;base64,${SCRIPT_DOCUMENT_BASE64}">x</a>` },

  // Wiki links
  { name: 'wiki link with a script title', payload: '[[<script>window.__xss=1</script>]]' },
  { name: 'wiki link with an img label', payload: '[[x|<img src=x onerror=window.__xss=1>]]' },
  { name: 'wiki link to javascript:', payload: '[[javascript:window.__xss=1]]' },
  { name: 'wiki link with a markdown link label', payload: '[[x|[click](javascript:window.__xss=1)]]' },
  { name: 'wiki link with a quote in the label', payload: '[[x|"><svg onload=window.__xss=1>]]' },

  // SVG and MathML
  { name: 'svg link with xlink:href', payload: '<svg><a xlink:href="javascript:window.__xss=1"><text x="20" y="20">x</text></a></svg>' },
  { name: 'svg use with a data: document', payload: `<svg><use href="data:image/svg+xml,<svg id='x' xmlns='http://www.w3.org/2000/svg'><image href='1' onerror='top.__xss=1'/></svg>#x"/></svg>` },
  { name: 'svg style mutation', payload: '<svg><style><img src=x onerror=window.__xss=1></style></svg>' },
  { name: 'math mi with xlink:href', payload: '<math><mi xlink:href="javascript:window.__xss=1">x</mi></math>' },
  { name: 'math mglyph style mutation', payload: '<math><mtext><table><mglyph><style><img src=x onerror=window.__xss=1>' },
  { name: 'noscript mutation', payload: '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">' },

  // Frames, objects, embedding and document-level tags
  { name: 'iframe srcdoc', payload: '<iframe srcdoc="<script>top.__xss=1;alert(1)</script>"></iframe>' },
  { name: 'iframe javascript: src', payload: '<iframe src="javascript:top.__xss=1"></iframe>' },
  { name: 'iframe inside svg foreignObject', payload: '<svg><foreignObject><iframe srcdoc="<script>top.__xss=1</script>"></iframe></foreignObject></svg>' },
  { name: 'object with javascript: data', payload: '<object data="javascript:window.__xss=1"></object>' },
  { name: 'object with a data: document', payload: `<object data="data:text/html;base64,${SCRIPT_DOCUMENT_BASE64}"></object>` },
  { name: 'embed with javascript: src', payload: '<embed src="javascript:window.__xss=1">' },
  { name: 'meta refresh to javascript:', payload: '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">' },
  { name: 'base href to javascript:', payload: '<base href="javascript:window.__xss=1//">' },
  { name: 'form action javascript:', payload: '<form action="javascript:window.__xss=1"><button>go</button></form>' },
  { name: 'button formaction javascript:', payload: '<button form="x" formaction="javascript:window.__xss=1">go</button>' },

  // CSS
  { name: 'CSS expression()', payload: '<div style="width:expression(window.__xss=1)">x</div>' },
  { name: 'style @import of javascript:', payload: "<style>@import 'javascript:window.__xss=1';</style>" },
  { name: 'stylesheet link to javascript:', payload: '<link rel="stylesheet" href="javascript:window.__xss=1">' },
  { name: 'CSS url(javascript:)', payload: '<div style="background:url(javascript:window.__xss=1)">x</div>' },

  // Entities, encodings and string break-outs
  { name: 'entity-escaped script tag', payload: '&lt;script&gt;window.__xss=1&lt;/script&gt;' },
  { name: 'numeric-entity script tag', payload: '&#60;script&#62;window.__xss=1&#60;/script&#62;' },
  { name: 'JavaScript-escaped script tag', payload: String.raw`\u003cscript\u003ewindow.__xss=1\u003c/script\u003e` },
  { name: 'percent-encoded script tag', payload: '%3Cscript%3Ewindow.__xss=1%3C/script%3E' },
  { name: 'full-width angle brackets', payload: '\uFF1Cscript\uFF1Ewindow.__xss=1\uFF1C/script\uFF1E' },
  { name: 'single-quoted string break-out', payload: "'-alert(1)-'" },
  { name: 'double-quoted string break-out', payload: '";window.__xss=1;//' },
  { name: 'template literal', payload: '${window.__xss=1}`;window.__xss=1;`' },
  { name: 'template-injection braces', payload: "{{constructor.constructor('window.__xss=1')()}}" },

  // Markdown structures around HTML
  { name: 'img onerror in inline code', payload: '`<img src=x onerror=window.__xss=1>`' },
  { name: 'script in a fenced code block', payload: '```html\n<script>window.__xss=1</script>\n```' },
  { name: 'img onerror in a table cell', payload: '| a |\n| - |\n| <img src=x onerror=window.__xss=1> |' },
  { name: 'script in a blockquote', payload: '> <script>window.__xss=1</script>' },
  { name: 'img onerror in a heading', payload: '# <img src=x onerror=window.__xss=1>' },
  { name: 'html block after a recommendations marker', payload: '{{recommendations}}\n<div>\n<script>window.__xss=1</script>\n</div>' },
];
