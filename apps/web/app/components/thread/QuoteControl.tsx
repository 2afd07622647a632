import { useEffect, useRef, useState } from 'react';
import { asBlockQuote } from './quote';

/**
 * "Quote in your reply": with scripts a button that quotes what the person selected inside this
 * post (or, with nothing selected there, its first paragraph) at the start of the reply form's text
 * box, as Markdown block quote lines, opens that form, puts the caret after the quote and says so
 * politely. Without scripts (and before they run) a link to the same page with `?quote=<post>`,
 * whose reply box the server fills with the first paragraph.
 */
export function QuoteControl({ textId, boxId, href, postName, hydrated }: { textId: string; boxId: string; href: string; postName: string; hydrated: boolean }) {
  const [said, setSaid] = useState('');
  // A pointer press can clear the selection before the click: what was selected is noted first.
  const pressed = useRef('');
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const label = (
    <>
      Quote in your reply<span className="visually-hidden"> (from {postName})</span>
    </>
  );
  if (!hydrated) {
    return (
      <p className="post-action__quote">
        <a href={href}>{label}</a>
      </p>
    );
  }
  const selectedHere = () => {
    const text = document.getElementById(textId);
    const selection = window.getSelection();
    if (!text || !selection || selection.isCollapsed) return '';
    return text.contains(selection.anchorNode) && text.contains(selection.focusNode) ? selection.toString() : '';
  };
  const quote = () => {
    const box = document.getElementById(boxId) as HTMLTextAreaElement | null;
    if (!box) return;
    let text = selectedHere() || pressed.current;
    pressed.current = '';
    if (!text.trim()) {
      // Nothing chosen: the first paragraph of the post's own words (not a quote it holds).
      const post = document.getElementById(textId);
      const first = post ? [...post.children].find((child) => child.tagName === 'P') : undefined;
      text = (first?.textContent ?? '').replace(/\s+/g, ' ');
    }
    const quoted = asBlockQuote(text);
    if (!quoted) return;
    const form = box.closest('details');
    if (form) form.open = true;
    box.focus();
    box.setRangeText(quoted, 0, 0, 'end');
    // As if typed: the draft is saved, and the mentions box reads its text afresh.
    box.dispatchEvent(new Event('input', { bubbles: true }));
    // Emptied first, so a second quote is announced again.
    setSaid('');
    clearTimeout(timer.current);
    timer.current = setTimeout(() => setSaid('Quote added to your reply'), 100);
  };
  return (
    <p className="post-action__quote">
      <button
        type="button"
        className="button button--secondary"
        onPointerDown={() => {
          pressed.current = selectedHere();
        }}
        onClick={quote}
      >
        {label}
      </button>
      <span role="status" className="visually-hidden">
        {said}
      </span>
    </p>
  );
}
