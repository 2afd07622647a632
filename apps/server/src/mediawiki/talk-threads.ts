/**
 * A MediaWiki talk page read as threads, where it follows the usual conventions: each
 * `== subject ==` section is a thread; each comment ends with a signature
 * (`[[User:X|X]] ([[User talk:X|talk]]) 12:00, 1 January 2024 (UTC)`, what `~~~~` writes); a
 * comment indented with more colons than the one before answers it. Text that does not follow them
 * (no signature, text before the first heading) is kept, attributed to nobody known, and named.
 */

export interface TalkComment {
  /** 0 for the section's opening comment; one more per leading colon (or star). */
  depth: number;
  /** Wikitext, without indentation and signature. */
  text: string;
  /** null: no signature was found. */
  username: string | null;
  /** null: no signature time was found. */
  at: Date | null;
}

export interface TalkThread {
  subject: string;
  comments: TalkComment[];
  /** Why this thread does not follow the conventions, if it does not. */
  problem: string | null;
}

const HEADING = /^==(?!=)\s*(.*?)\s*==\s*$/;
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
/** A signature at the end of a line: a link to the user's page (or talk page, or contributions), then a time in UTC. */
const SIGNATURE = /\[\[\s*(?:user(?:[ _]talk)?|special:contributions)\s*:\s*([^|\]/#]+)(?:\|[^\]]*)?\]\](?:(?!\[\[\s*user\s*:).){0,200}?(\d{1,2}):(\d{2}),? (\d{1,2}) ([A-Za-z]+) (\d{4}) \((?:UTC|GMT)\)\s*$/i;

function signatureTime(hours: string, minutes: string, day: string, month: string, year: string): Date | null {
  const index = MONTHS.indexOf(month.toLowerCase());
  if (index === -1) return null;
  return new Date(Date.UTC(Number(year), index, Number(day), Number(hours), Number(minutes)));
}

/** The heading's words without wiki markup (links become their label, bold and italic quotes go). */
export function plainSubject(heading: string): string {
  return heading
    .replace(/\[\[([^\]|]*\|)?([^\]]*)\]\]/g, '$2')
    .replace(/'{2,}/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

export function readTalkPage(wikitext: string): TalkThread[] {
  const sections: { subject: string; lines: string[] }[] = [];
  let current: { subject: string; lines: string[] } = { subject: '', lines: [] };
  for (const line of wikitext.replace(/<!--[\s\S]*?-->/g, '').split('\n')) {
    const heading = HEADING.exec(line);
    if (heading) {
      sections.push(current);
      current = { subject: plainSubject(heading[1]), lines: [] };
    } else current.lines.push(line);
  }
  sections.push(current);

  const threads: TalkThread[] = [];
  for (const section of sections) {
    const comments: TalkComment[] = [];
    let pending: string[] = [];
    let depth = 0;
    for (const line of section.lines) {
      if (pending.length === 0) {
        if (line.trim() === '') continue;
        depth = /^[:*]*/.exec(line)![0].length;
      }
      const stripped = line.replace(/^[:*]+\s*/, '');
      const signed = SIGNATURE.exec(stripped);
      if (signed) {
        pending.push(stripped.slice(0, signed.index).replace(/[\s—–-]+$/, ''));
        comments.push({
          depth: comments.length === 0 ? 0 : Math.max(1, depth),
          text: pending.join('\n').trim(),
          username: signed[1].replace(/_/g, ' ').trim(),
          at: signatureTime(signed[2], signed[3], signed[4], signed[5], signed[6]),
        });
        pending = [];
      } else pending.push(stripped);
    }
    const unsigned = pending.join('\n').trim();
    if (unsigned) comments.push({ depth: comments.length === 0 ? 0 : Math.max(1, depth), text: unsigned, username: null, at: null });
    if (comments.length === 0) continue;
    const subject = section.subject || 'Before the first heading';
    const problems: string[] = [];
    if (!section.subject) problems.push('text before the first == heading ==');
    if (unsigned) problems.push('text without a signature');
    threads.push({ subject, comments, problem: problems.length > 0 ? problems.join(' and ') : null });
  }
  return threads;
}

/** For each comment after the first, the index of the comment it answers: the latest one before it that is indented less (0: the opening comment). */
export function answers(comments: TalkComment[]): number[] {
  return comments.map((comment, i) => {
    if (i === 0) return -1;
    for (let j = i - 1; j >= 0; j--) if (comments[j].depth < comment.depth) return j;
    return 0;
  });
}
