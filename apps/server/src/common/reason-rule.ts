import type { UserError } from './user-error';

/**
 * Control characters other than line breaks and tabs, and the bidirectional overrides and isolates
 * that can make shown text read differently from what was typed. Joiners and direction marks stay:
 * emoji sequences and many scripts need them.
 */
const HIDDEN = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;
const LINE_BREAKS_AND_TABS = /[\n\r\t]/g;

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * Characters as a person sees them: "é" typed as e and a combining accent is one, a flag or a
 * family emoji is one. Stops counting past `limit`, so a huge text costs no more than a long one.
 */
export function visibleLength(text: string, limit = Number.POSITIVE_INFINITY): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) if (++count > limit) break;
  return count;
}

export interface ReasonRule {
  /** The most characters a reason may have, as a person counts them. */
  maxLength: number;
  /** Whether an empty reason is refused. */
  required: boolean;
  /** What to ask for when it is missing; "Enter a reason" unless the place needs more. */
  requiredMessage?: string;
}

/**
 * The one rule for a reason someone gives for an act (hiding a post, reporting it, suspending a
 * person, deleting a page, changing a recommendation): judged trimmed, as it is stored; counted in
 * characters as a person sees them; no control characters or direction overrides, which could hide
 * or reorder what the reason says when it is shown to others.
 */
export function reasonProblem(raw: string, rule: ReasonRule): UserError | null {
  const reason = raw.trim();
  if (!reason) return rule.required ? { field: 'reason', code: 'REASON_REQUIRED', message: rule.requiredMessage ?? 'Enter a reason' } : null;
  if (visibleLength(reason, rule.maxLength) > rule.maxLength) {
    return { field: 'reason', code: 'REASON_TOO_LONG', message: `The reason must be ${rule.maxLength.toLocaleString('en-GB')} characters or fewer` };
  }
  if (HIDDEN.test(reason.replace(LINE_BREAKS_AND_TABS, ''))) {
    return { field: 'reason', code: 'REASON_INVALID', message: 'The reason must not contain control characters' };
  }
  return null;
}
