export const RECOMMENDATIONS_MARKER = '{{recommendations}}';

export type PageBodyPart = { kind: 'markdown'; markdown: string } | { kind: 'recommendations' };

const FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Split a page body at lines that consist only of RECOMMENDATIONS_MARKER (surrounding
 * whitespace ignored), so the page can place the recommendations widget there.
 * Markdown parts that are empty or whitespace-only are dropped.
 *
 * A marker inside a fenced code block is left alone: a help page must be able to show
 * the marker itself as an example.
 */
export function splitPageBody(markdown: string): PageBodyPart[] {
  const parts: PageBodyPart[] = [];
  let buffer: string[] = [];
  let fence: string | null = null; // the opening fence while inside a fenced block

  const flush = (): void => {
    const text = buffer.join('\n');
    if (text.trim() !== '') parts.push({ kind: 'markdown', markdown: text });
    buffer = [];
  };

  for (const line of markdown.split(/\r\n|\r|\n/)) {
    if (fence !== null) {
      // CommonMark: a closing fence uses the same character, at least as long, nothing after.
      const trimmed = line.trim();
      if (trimmed.length >= fence.length && trimmed === fence[0].repeat(trimmed.length) && /^ {0,3}\S/.test(line)) {
        fence = null;
      }
      buffer.push(line);
      continue;
    }
    const open = FENCE_OPEN.exec(line);
    // A backtick fence's info string may not contain backticks; otherwise it is a code span.
    if (open && !(open[1][0] === '`' && line.slice(open[0].length).includes('`'))) {
      fence = open[1];
      buffer.push(line);
      continue;
    }
    if (line.trim() === RECOMMENDATIONS_MARKER) {
      flush();
      parts.push({ kind: 'recommendations' });
      continue;
    }
    buffer.push(line);
  }
  flush();
  return parts;
}
