import { renderMarkdown } from '@commonplace/markdown';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Form, useBlocker } from 'react-router';
import { errorFor, summaryItems, type FormError } from '../forms';
import { CsrfField } from './CsrfField';
import { ErrorSummary } from './ErrorSummary';
import { Select } from './Select';
import { TextInput } from './TextInput';

export interface PageEditorValues {
  title: string;
  body: string;
  summary: string;
  tags: string;
  areaSlug?: string;
}

export interface PageEditorProps {
  action: string;
  /** The revision the edit starts from (absent when creating a page). */
  baseRevisionId?: number;
  /** Sent with the save, so a form sent twice (resubmitted, retried) saves once. */
  idempotencyKey?: string;
  values: PageEditorValues;
  errors?: FormError[];
  /** New for every answer from the server, so the form is drawn afresh with what it sent back. */
  submission?: string;
  /** Server-rendered preview (the "Preview" button without JavaScript). */
  previewHtml?: string | null;
  /** Areas a new page can be filed under. */
  areas?: { slug: string; title: string }[];
  /** Where the browser keeps an unsaved draft: one key per page and starting revision. */
  draftKey: string;
  submitLabel: string;
  titleHint?: string;
}

export const EDITOR_FIELDS = { title: 'title', areaSlug: 'areaSlug', body: 'body', tags: 'tags', summary: 'summary' };

interface Draft {
  title: string;
  body: string;
  summary: string;
  tags: string;
  savedAt: string;
}

/** Formatting the toolbar applies to the selection: text before and after it, or a prefix for each line. */
const FORMATS = [
  { id: 'bold', label: 'Bold', shortcut: 'b', wrap: ['**', '**'], placeholder: 'bold text' },
  { id: 'italic', label: 'Italic', shortcut: 'i', wrap: ['_', '_'], placeholder: 'italic text' },
  { id: 'heading', label: 'Heading', shortcut: null, line: '## ', placeholder: 'Heading' },
  { id: 'link', label: 'Link', shortcut: 'k', wrap: ['[', '](https://)'], placeholder: 'link text' },
  { id: 'wiki-link', label: 'Link to a wiki page', shortcut: null, wrap: ['[[', ']]'], placeholder: 'Page title' },
  { id: 'bullets', label: 'Bulleted list', shortcut: null, line: '- ', placeholder: 'List item' },
  { id: 'numbers', label: 'Numbered list', shortcut: null, line: '1. ', placeholder: 'List item' },
] as const;

type Format = (typeof FORMATS)[number];

function applyFormat(textarea: HTMLTextAreaElement, format: Format): void {
  const { selectionStart: start, selectionEnd: end, value } = textarea;
  const selected = value.slice(start, end) || format.placeholder;
  let replacement: string;
  if ('line' in format) {
    const lineStart = value.lastIndexOf('\n', start - 1) + 1;
    textarea.setSelectionRange(lineStart, end);
    replacement = (value.slice(lineStart, start) + selected).split('\n').map((line) => format.line + line).join('\n');
  } else {
    replacement = format.wrap[0] + selected + format.wrap[1];
  }
  textarea.focus();
  // execCommand keeps the browser's undo history; setRangeText is the fallback.
  if (!document.execCommand('insertText', false, replacement)) textarea.setRangeText(replacement, textarea.selectionStart, textarea.selectionEnd, 'end');
}

/**
 * The page editor: a labelled markdown textarea (the most dependable editor for assistive
 * technology), title, keyword tags and "about this update". Without JavaScript it is a plain form
 * whose "Preview" button asks the server. With JavaScript it adds a formatting toolbar with
 * shortcuts, a preview without a round trip, a draft kept in this browser until the page is saved,
 * and a warning before leaving with unsaved changes.
 */
export function PageEditor(props: PageEditorProps) {
  const { values, errors, submission, draftKey, areas } = props;
  const [enhanced, setEnhanced] = useState(false);
  const [preview, setPreview] = useState<string | null>(props.previewHtml ?? null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [draftMessage, setDraftMessage] = useState('');
  const form = useRef<HTMLFormElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const dirty = useRef(false);
  const submitting = useRef(false);
  const toolbarIndex = useRef(0);

  useEffect(() => setPreview(props.previewHtml ?? null), [props.previewHtml, submission]);

  useEffect(() => {
    setEnhanced(true);
    // An answer came back (a problem, a conflict, a preview): the text is unsaved again, so leaving warns again.
    submitting.current = false;
    try {
      const saved = localStorage.getItem(draftKey);
      const parsed = saved ? (JSON.parse(saved) as Draft) : null;
      if (parsed && (parsed.body !== values.body || parsed.title !== values.title || parsed.summary !== values.summary || parsed.tags !== values.tags)) setDraft(parsed);
    } catch {
      // No storage, or an unreadable draft: nothing to offer.
    }
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current && !submitting.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [draftKey, submission]); // eslint-disable-line react-hooks/exhaustive-deps

  // Leaving by a link inside the site: ask, as the browser does for closing the tab.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty.current && !submitting.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('You have changes that are not saved. Leave this page anyway? Your draft stays in this browser.')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  const fieldValue = (name: string) => (form.current?.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';

  const keepDraft = () => {
    dirty.current = true;
    try {
      const next: Draft = { title: fieldValue('title'), body: fieldValue('body'), summary: fieldValue('summary'), tags: fieldValue('tags'), savedAt: new Date().toISOString() };
      localStorage.setItem(draftKey, JSON.stringify(next));
    } catch {
      // Storage full or off: the text is still in the form.
    }
  };

  const restoreDraft = () => {
    if (!draft || !form.current) return;
    for (const name of ['title', 'body', 'summary', 'tags'] as const) {
      const element = form.current.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
      if (element) element.value = draft[name];
    }
    dirty.current = true;
    setDraft(null);
    setDraftMessage('Your draft has been restored.');
    textarea.current?.focus();
  };

  const discardDraft = () => {
    try {
      localStorage.removeItem(draftKey);
    } catch {
      // Nothing kept.
    }
    setDraft(null);
    setDraftMessage('Your draft has been discarded.');
  };

  const showPreview = (event: MouseEvent<HTMLButtonElement>) => {
    // The same sanitising path as the page, in the browser: no round trip.
    event.preventDefault();
    setPreview(renderMarkdown(fieldValue('body')));
    requestAnimationFrame(() => document.getElementById('preview-heading')?.focus());
  };

  const format = (item: Format) => {
    if (!textarea.current) return;
    applyFormat(textarea.current, item);
    keepDraft();
  };

  const shortcuts = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
    const item = FORMATS.find((candidate) => candidate.shortcut === event.key.toLowerCase());
    if (item) {
      event.preventDefault();
      format(item);
    }
  };

  // The ARIA toolbar pattern: one Tab stop, arrow keys move between its buttons.
  const moveInToolbar = (event: KeyboardEvent<HTMLDivElement>) => {
    const buttons = Array.from(event.currentTarget.querySelectorAll<HTMLButtonElement>('button'));
    const current = buttons.indexOf(document.activeElement as HTMLButtonElement);
    let next = current;
    if (event.key === 'ArrowRight') next = (current + 1) % buttons.length;
    else if (event.key === 'ArrowLeft') next = (current - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    else return;
    event.preventDefault();
    buttons.forEach((button, index) => (button.tabIndex = index === next ? 0 : -1));
    toolbarIndex.current = next;
    buttons[next].focus();
  };

  const bodyError = errorFor(errors, 'body');
  const describedBy = ['body-hint', bodyError ? 'body-error' : null].filter(Boolean).join(' ');
  return (
    <>
      <ErrorSummary items={summaryItems(errors, EDITOR_FIELDS)} focusKey={submission} />
      {draft ? (
        <div className="notification-banner" role="region" aria-labelledby="draft-title">
          <div className="notification-banner__header">
            <h2 className="notification-banner__title" id="draft-title">
              Unsaved draft
            </h2>
          </div>
          <div className="notification-banner__content">
            <p>This browser kept text you had not saved, from {new Date(draft.savedAt).toLocaleString('en-GB', { timeZone: 'Europe/London' })}.</p>
            <div className="button-group">
              <button type="button" className="button" onClick={restoreDraft}>
                Restore my draft
              </button>
              <button type="button" className="button button--secondary" onClick={discardDraft}>
                Discard my draft
              </button>
            </div>
          </div>
        </div>
      ) : null}
      <p role="status" className="visually-hidden">
        {draftMessage}
      </p>
      <Form
        method="post"
        action={props.action}
        noValidate
        key={submission}
        className="form page-editor"
        ref={form}
        onInput={keepDraft}
        onSubmit={() => (submitting.current = true)}
      >
        <CsrfField />
        {props.baseRevisionId !== undefined ? <input type="hidden" name="baseRevisionId" value={props.baseRevisionId} /> : null}
        {props.idempotencyKey !== undefined ? <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} /> : null}
        <TextInput id="title" name="title" label="Title" hint={props.titleHint} defaultValue={values.title} error={errorFor(errors, 'title', 'title')} width="full" />
        {areas ? (
          <Select
            id="areaSlug"
            name="areaSlug"
            label="Recommendation area (optional)"
            emptyOption="Not filed under an area"
            defaultValue={values.areaSlug ?? ''}
            error={errorFor(errors, 'areaSlug')}
            options={areas.map((area) => ({ value: area.slug, label: area.title }))}
          />
        ) : null}
        <div className={`form-group${bodyError ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="body">
            Page text
          </label>
          <div className="hint" id="body-hint">
            Written in Markdown: a blank line between paragraphs, <code>## Heading</code>, <code>- list item</code>, <code>**bold**</code>, <code>_italic_</code>,{' '}
            <code>[text](https://address)</code>, and <code>[[Page title]]</code> or <code>[[Page title|words to show]]</code> to link to a wiki page. Up to 500 KB.
            {enhanced ? ' Shortcuts in the text box: Ctrl+B bold, Ctrl+I italic, Ctrl+K link.' : null}
          </div>
          {bodyError ? (
            <p className="error-message" id="body-error">
              <span className="visually-hidden">Error:</span> {bodyError}
            </p>
          ) : null}
          {enhanced ? (
            <div role="toolbar" aria-label="Formatting" aria-controls="body" className="toolbar" onKeyDown={moveInToolbar}>
              {FORMATS.map((item, index) => (
                <button
                  key={item.id}
                  type="button"
                  className="toolbar__button"
                  tabIndex={index === toolbarIndex.current ? 0 : -1}
                  aria-keyshortcuts={item.shortcut ? `Control+${item.shortcut.toUpperCase()}` : undefined}
                  onClick={() => format(item)}
                >
                  {item.label}
                  {item.shortcut ? <span className="toolbar__shortcut"> (Ctrl+{item.shortcut.toUpperCase()})</span> : null}
                </button>
              ))}
            </div>
          ) : null}
          <textarea
            className={`textarea${bodyError ? ' textarea--error' : ''}`}
            id="body"
            name="body"
            rows={20}
            defaultValue={values.body}
            ref={textarea}
            onKeyDown={shortcuts}
            aria-describedby={describedBy}
            aria-invalid={bodyError ? true : undefined}
            spellCheck
          />
        </div>
        <TextInput id="tags" name="tags" label="Keyword tags (optional)" hint="Separate tags with commas, for example: safety, evaluation" defaultValue={values.tags} error={errorFor(errors, 'tags')} width="full" />
        <TextInput id="summary" name="summary" label="About this update (optional)" hint="A few words on what you changed and why, shown in the page’s history" defaultValue={values.summary} error={errorFor(errors, 'summary')} width="full" />
        <div className="button-group">
          <button type="submit" className="button" name="intent" value="save">
            {props.submitLabel}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="preview" onClick={enhanced ? showPreview : undefined}>
            Preview
          </button>
        </div>
      </Form>
      {preview !== null ? (
        <section className="preview" aria-labelledby="preview-heading">
          <h2 id="preview-heading" tabIndex={-1}>
            Preview
          </h2>
          <p className="hint">This is how the text will look. It is not saved yet.</p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: preview }} />
        </section>
      ) : null}
    </>
  );
}
