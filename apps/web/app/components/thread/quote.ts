/** A quote is never longer than this many characters (the ellipsis included); as QUOTE_MAX in @commonplace/markdown. */
export const QUOTE_LIMIT = 500;

/**
 * Plain text as a Markdown block quote ("> " before each line, ">" on a blank one), then a blank
 * line, ready to go at the start of a reply. Bounded at a word, so a long selection cannot fill the
 * reply; empty for text that is only white space.
 */
export function asBlockQuote(text: string, max = QUOTE_LIMIT): string {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => line.trimEnd())
    // Runs of blank lines (between paragraphs of a selection) become one.
    .filter((line, index, all) => line !== '' || all[index - 1] !== '');
  const joined = bound(lines.join('\n'), max);
  if (joined === '') return '';
  return `${joined
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n')}\n\n`;
}

function bound(text: string, max: number): string {
  const characters = [...text];
  if (characters.length <= max) return text;
  const cut = characters.slice(0, max - 1).join('');
  const atWord = cut.replace(/\s+\S*$/u, '');
  return `${(atWord.length >= max / 2 ? atWord : cut).replace(/[\s,;:]+$/u, '')}…`;
}
