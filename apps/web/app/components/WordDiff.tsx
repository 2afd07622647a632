import type { DiffPartView } from '../fragments';

export type { DiffPartView };

/**
 * Additions and removals marked by more than colour: `<ins>`/`<del>` (struck through and
 * underlined), with "added:" and "removed:" spoken before each, since screen readers rarely
 * announce the elements themselves.
 */
function Part({ part }: { part: DiffPartView }) {
  if (part.kind === 'Added') {
    return (
      <ins className="diff__added">
        <span className="visually-hidden">[added: </span>
        {part.text}
        <span className="visually-hidden">]</span>
      </ins>
    );
  }
  if (part.kind === 'Removed') {
    return (
      <del className="diff__removed">
        <span className="visually-hidden">[removed: </span>
        {part.text}
        <span className="visually-hidden">]</span>
      </del>
    );
  }
  return <>{part.text}</>;
}

/** The whole text once, with removals and additions in place. */
export function InlineDiff({ parts, label }: { parts: DiffPartView[]; label: string }) {
  return (
    <div className="diff" role="region" aria-label={label} tabIndex={0}>
      {parts.map((part, index) => (
        <Part key={index} part={part} />
      ))}
    </div>
  );
}

/** The older text with its removals beside the newer text with its additions. */
export function SideBySideDiff({ parts, olderLabel, newerLabel }: { parts: DiffPartView[]; olderLabel: string; newerLabel: string }) {
  return (
    <div className="diff-columns">
      <section aria-labelledby="older-heading" className="diff-columns__column">
        <h2 id="older-heading">{olderLabel}</h2>
        <div className="diff" tabIndex={0} role="region" aria-labelledby="older-heading">
          {parts.filter((part) => part.kind !== 'Added').map((part, index) => (
            <Part key={index} part={part} />
          ))}
        </div>
      </section>
      <section aria-labelledby="newer-heading" className="diff-columns__column">
        <h2 id="newer-heading">{newerLabel}</h2>
        <div className="diff" tabIndex={0} role="region" aria-labelledby="newer-heading">
          {parts.filter((part) => part.kind !== 'Removed').map((part, index) => (
            <Part key={index} part={part} />
          ))}
        </div>
      </section>
    </div>
  );
}

/** Shown when the server gave up comparing word by word (too many changes to do it in bounded time). */
export const COARSE_DIFF =
  'Too many changes to compare word by word; showing changed paragraphs. The numbers of words added and removed are approximate.';
