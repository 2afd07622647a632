import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { FormGroup } from '../FormGroup';
import { mentionQuery, peopleFound, type MentionQuery } from './mention-query';

interface Person {
  username: string;
  displayName: string;
}

/** How long after the last key the people are asked for: a pause, not every letter. */
const LOOKUP_DEBOUNCE_MS = 150;
const PEOPLE_TO_MENTION = 'query PeopleToMention($prefix: String!) { peopleToMention(prefix: $prefix, first: 8) { username displayName } }';

async function findPeople(prefix: string, signal: AbortSignal): Promise<Person[]> {
  const response = await fetch('/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ query: PEOPLE_TO_MENTION, variables: { prefix } }),
    signal,
  });
  const answer = (await response.json()) as { data?: { peopleToMention?: Person[] } | null };
  return answer.data?.peopleToMention ?? [];
}

/**
 * A post's text box that, with scripts, offers people to mention after "@": the ARIA Authoring
 * Practices' combobox with a listbox popup. Focus stays in the text box; the arrow keys move the
 * active option (aria-activedescendant), Enter puts "@username " in the text, Escape closes the
 * list, and a polite live region says how many people were found. Without scripts (and before they
 * run) it is the plain text box of PostTextarea: "@username" typed by hand works the same, since
 * the server reads mentions from the text.
 */
export function MentionTextarea({ id, name, label, hint, error, defaultValue, rows = 6 }: { id: string; name: string; label: ReactNode; hint?: ReactNode; error?: string; defaultValue?: string; rows?: number }) {
  const textarea = useRef<HTMLTextAreaElement>(null);
  const [enhanced, setEnhanced] = useState(false);
  const [query, setQuery] = useState<MentionQuery | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const listId = `${id}-people`;

  // The combobox roles only once the script runs: the server's markup is the plain text box.
  useEffect(() => setEnhanced(true), []);

  useEffect(() => {
    if (!query) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      findPeople(query.prefix, controller.signal)
        .then((found) => {
          setPeople(found);
          setActive(-1);
          setOpen(found.length > 0);
          setAnnouncement(peopleFound(found.length));
        })
        // Aborted (a newer letter was typed) or offline: the text box works on without suggestions.
        .catch(() => undefined);
    }, LOOKUP_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query?.prefix, query?.start]); // eslint-disable-line react-hooks/exhaustive-deps

  const close = () => {
    setOpen(false);
    setActive(-1);
  };

  const readQuery = () => {
    const element = textarea.current!;
    const found = element.selectionStart === element.selectionEnd ? mentionQuery(element.value, element.selectionStart) : null;
    setQuery(found);
    if (!found) {
      close();
      setPeople([]);
    }
  };

  const choose = (index: number) => {
    const element = textarea.current!;
    const person = people[index];
    if (!person || !query) return;
    const caret = element.selectionStart;
    const inserted = `@${person.username} `;
    element.value = `${element.value.slice(0, query.start)}${inserted}${element.value.slice(caret)}`;
    const after = query.start + inserted.length;
    element.setSelectionRange(after, after);
    setQuery(null);
    setPeople([]);
    close();
    setAnnouncement(`${person.displayName} (@${person.username}) mentioned`);
    // Tell the form's other listeners (the draft saver) that the text changed.
    element.dispatchEvent(new Event('input', { bubbles: true }));
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open || people.length === 0) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => (index + 1) % people.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => (index <= 0 ? people.length - 1 : index - 1));
    } else if (event.key === 'Enter' && active >= 0) {
      event.preventDefault();
      choose(active);
    } else if (event.key === 'Escape') {
      // Escape closes the list only; the typed "@name" stays as it is.
      event.preventDefault();
      close();
    }
  };

  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {(describedBy) => (
        <div className="mention-field">
          <textarea
            ref={textarea}
            className={`textarea textarea--post${error ? ' textarea--error' : ''}`}
            id={id}
            name={name}
            rows={rows}
            defaultValue={defaultValue}
            aria-describedby={describedBy}
            aria-invalid={error ? true : undefined}
            {...(enhanced
              ? {
                  role: 'combobox',
                  'aria-autocomplete': 'list' as const,
                  'aria-expanded': open,
                  'aria-controls': listId,
                  'aria-activedescendant': open && active >= 0 ? optionId(active) : undefined,
                  onKeyDown,
                  onInput: readQuery,
                  onClick: readQuery,
                  onBlur: close,
                }
              : {})}
          />
          {enhanced ? (
            <>
              <ul className="mention-list" id={listId} role="listbox" aria-label="People to mention" hidden={!open}>
                {people.map((person, index) => (
                  <li
                    key={person.username}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === active}
                    className={`mention-list__option${index === active ? ' mention-list__option--active' : ''}`}
                    // Chosen with the pointer without taking focus from the text box.
                    onMouseDown={(event) => {
                      event.preventDefault();
                      choose(index);
                    }}
                  >
                    {person.displayName} <span className="mention-list__username">@{person.username}</span>
                  </li>
                ))}
              </ul>
              <div className="visually-hidden" role="status" aria-live="polite">
                {announcement}
              </div>
            </>
          ) : null}
        </div>
      )}
    </FormGroup>
  );
}
