import { renderMarkdown } from '@commonplace/markdown';
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { Form, useBlocker } from 'react-router';
import { errorFor, summaryItems, type FormError } from '../forms';
import { CsrfField } from './CsrfField';
import { ErrorSummary } from './ErrorSummary';
import { DraftOffer, DraftSaving } from './ServerDraft';
import { Select } from './Select';
import type { OfferedDraft } from '../drafts.server';
import { clearBrowserDrafts } from '../drafts';
import { TextInput } from './TextInput';
import { NotificationBanner } from './NotificationBanner';
import { FileUploadFields, type FileUploadValues } from './FileUploadFields';
import { UPLOAD_FIELD_IDS } from '../uploads';

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
  /** The server's key for this form's draft (see drafts.server.ts). */
  draftKey: string;
  /** The viewer's draft kept on the server, offered above the form; `restored` when the form holds it. */
  draft: OfferedDraft | null;
  restored: boolean;
  submitLabel: string;
  titleHint?: string;
  /** Offer the upload slots (the action takes files): what they held when last sent. */
  uploads?: FileUploadValues;
  /** Files just uploaded and added to the text, to say so. */
  uploaded?: string[];
}

export const EDITOR_FIELDS = { title: 'title', areaSlug: 'areaSlug', body: 'body', tags: 'tags', summary: 'summary', ...UPLOAD_FIELD_IDS };

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
 * shortcuts, a preview without a round trip, a draft kept on the server while typing (ServerDraft),
 * and a warning before leaving with unsaved changes.
 */
export function PageEditor(props: PageEditorProps) {
  const { values, errors, submission, draftKey, areas, draft, restored } = props;
  const [enhanced, setEnhanced] = useState(false);
  const [preview, setPreview] = useState<string | null>(props.previewHtml ?? null);
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
    // Drafts once lived in this browser's storage; on a shared computer the next person could read them.
    clearBrowserDrafts();
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty.current && !submitting.current) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [submission]);

  // A restored draft is not saved to the page yet: leaving warns, as for typed changes.
  useEffect(() => {
    if (restored) dirty.current = true;
  }, [restored]);

  // Leaving by a link inside the site: ask, as the browser does for closing the tab.
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty.current && !submitting.current && currentLocation.pathname !== nextLocation.pathname);
  useEffect(() => {
    if (blocker.state !== 'blocked') return;
    if (window.confirm('You have changes that are not saved. Leave this page anyway? Your draft is saved on the site a moment after you stop typing.')) blocker.proceed();
    else blocker.reset();
  }, [blocker]);

  const fieldValue = (name: string) => (form.current?.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null)?.value ?? '';

  const keepDraft = () => {
    dirty.current = true;
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
      <DraftOffer draft={draft} restored={restored} />
      {props.uploaded?.length ? (
        <NotificationBanner id="uploaded" title="Uploaded" success>
          <p>
            {props.uploaded.length === 1 ? 'The file is uploaded and its line is' : `${props.uploaded.length} files are uploaded and their lines are`} added at the end of the text
            ({props.uploaded.join(', ')}). Move {props.uploaded.length === 1 ? 'it' : 'them'} where you want, then save: the page is not saved yet.
          </p>
        </NotificationBanner>
      ) : null}
      <Form
        method="post"
        action={props.action}
        encType={props.uploads ? 'multipart/form-data' : undefined}
        noValidate
        key={`${submission}-${restored}`}
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
        <DraftSaving draftKey={draftKey} form={form} submission={submission} restored={restored} />
        <div className="button-group">
          <button type="submit" className="button" name="intent" value="save">
            {props.submitLabel}
          </button>
          <button type="submit" className="button button--secondary" name="intent" value="preview" onClick={enhanced ? showPreview : undefined}>
            Preview
          </button>
        </div>
        {/* After the buttons: pressing Enter in a field sends the form with its first button, which must be the save. */}
        {props.uploads ? <FileUploadFields errors={errors} values={props.uploads} noun="page" uploadLabel="Upload and add to the text" /> : null}
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
