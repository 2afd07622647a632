import { formatBytes } from '@commonplace/markdown';
import { data, Form } from 'react-router';
import { CsrfField } from '../components/CsrfField';
import { DateTime } from '../components/DateTime';
import { ErrorSummary } from '../components/ErrorSummary';
import { NotificationBanner } from '../components/NotificationBanner';
import { PersonName } from '../components/UserLink';
import { canCurate } from '../curation';
import { PersonFields } from '../fragments';
import { errorFor, formTitle, summaryItems, type FormError } from '../forms';
import { field, formMutation, readForm } from '../forms.server';
import { graphql } from '../graphql';
import { notFound, query } from '../load-context';
import { useRootData } from '../viewer';
import type { Route } from './+types/file';

const FILE_PAGE = graphql(
  `
    query FilePage($id: Int!) {
      file(id: $id) {
        id name kind description decorative reference createdAt hiddenAt hiddenReason mayEdit
        uploader { ...PersonFields }
        current { id url typeLabel byteSize width height }
        versions { id url typeLabel byteSize width height createdAt }
        usedOn { title path }
      }
    }
  `,
  [PersonFields],
);

const DESCRIBE_FILE = graphql(`
  mutation DescribeFile($input: DescribeFileInput!) { describeFile(input: $input) { file { id } errors { field message code } } }
`);
const UPLOAD_VERSION = graphql(`
  mutation UploadFileVersion($input: UploadFileVersionInput!) { uploadFileVersion(input: $input) { file { id } errors { field message code } } }
`);
const HIDE_FILE = graphql(`
  mutation HideFile($input: ModerateFileInput!) { hideFile(input: $input) { file { id } errors { field message code } } }
`);
const UNHIDE_FILE = graphql(`
  mutation UnhideFile($input: ModerateFileInput!) { unhideFile(input: $input) { file { id } errors { field message code } } }
`);

/** The form fields' ids, for the error summary. */
const FIELD_IDS = { description: 'description', file: 'new-version', reason: 'reason' };

interface FileAnswer {
  errors: FormError[];
  done: string | null;
  description: string;
  decorative: boolean;
  submission: string;
}

function fileId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0 || id > 2147483647) notFound();
  return id;
}

export async function loader({ params, request, context }: Route.LoaderArgs) {
  const { file } = await query(context, FILE_PAGE, { id: fileId(params.id) }, { request });
  if (!file) notFound();
  return { file };
}

export async function action({ params, request, context }: Route.ActionArgs) {
  const id = fileId(params.id);
  const form = await readForm(request, context);
  const intent = field(form, 'intent');
  const description = field(form, 'description');
  const decorative = field(form, 'decorative') === 'yes';
  const answer = (extra: Partial<FileAnswer>, status: number) => data({ errors: [], done: null, description, decorative, submission: crypto.randomUUID(), ...extra } satisfies FileAnswer, { status });
  const outcome =
    intent === 'describe'
      ? { done: 'The description is saved. Every page showing this file uses it now.', result: await formMutation(context, request, DESCRIBE_FILE, { input: { fileId: id, description, decorative } }) }
      : intent === 'version'
        ? await (async () => {
            const upload = form.get('file');
            if (!(upload instanceof File) || (upload.name === '' && upload.size === 0)) return { done: null, result: { ok: false as const, errors: [{ field: 'file', message: 'Choose the new version’s file' }] } };
            return { done: 'The new version is uploaded. Pages show it now; the old one is still listed below.', result: await formMutation(context, request, UPLOAD_VERSION, { input: { fileId: id, file: upload } }) };
          })()
        : intent === 'hide'
          ? { done: 'The file is hidden: pages show a notice in its place.', result: await formMutation(context, request, HIDE_FILE, { input: { fileId: id, reason: field(form, 'reason') } }) }
          : intent === 'unhide'
            ? { done: 'The file is shown again.', result: await formMutation(context, request, UNHIDE_FILE, { input: { fileId: id, reason: field(form, 'reason') } }) }
            : null;
  if (!outcome) return answer({ errors: [{ field: null, message: 'This form was not understood. Reload the page and try again.' }] }, 400);
  if (!outcome.result.ok) return answer({ errors: outcome.result.errors.map((error) => ({ ...error, field: error.field === 'fileId' ? null : error.field })) }, 400);
  return answer({ done: outcome.done }, 200);
}

export default function FilePage({ loaderData, actionData }: Route.ComponentProps) {
  const { file } = loaderData;
  const root = useRootData();
  const moderator = canCurate(root?.viewer);
  const errors = actionData?.errors;
  const isImage = file.kind === 'image';
  const about = `${file.current.typeLabel}, ${formatBytes(file.current.byteSize)}`;
  return (
    <>
      <title>{formTitle(`${file.name} (file)`, Boolean(errors?.length))}</title>
      <ErrorSummary items={summaryItems(errors, FIELD_IDS)} focusKey={actionData?.submission} />
      {actionData?.done ? (
        <NotificationBanner id="file-done" title="Done" success>
          <p>{actionData.done}</p>
        </NotificationBanner>
      ) : null}
      <h1>{file.name}</h1>
      {file.hiddenAt ? (
        <NotificationBanner id="file-hidden" title="Hidden by a moderator">
          <p>
            A moderator hid this file on <DateTime iso={file.hiddenAt} />. Pages and posts show a notice in its place.
            {file.hiddenReason ? ` Reason: ${file.hiddenReason}` : null}
          </p>
        </NotificationBanner>
      ) : null}
      {file.current.url ? (
        isImage ? (
          <figure className="file-preview">
            <img src={file.current.url} alt={file.decorative ? '' : file.description} width={file.current.width ?? undefined} height={file.current.height ?? undefined} />
            <figcaption>
              <a href={file.current.url}>Full size image ({about})</a>
            </figcaption>
          </figure>
        ) : (
          <p>
            <a href={file.current.url}>
              Download {file.name} ({about})
            </a>
          </p>
        )
      ) : null}
      <h2>About this file</h2>
      <dl className="summary-list">
        <div className="summary-list__row">
          <dt>{isImage ? 'Description (its text alternative)' : 'Link text'}</dt>
          <dd>{file.decorative ? 'None: marked as decorative, so screen readers skip it' : file.description || '(none: the file’s name is used)'}</dd>
        </div>
        <div className="summary-list__row">
          <dt>Uploaded</dt>
          <dd>
            {file.uploader ? <PersonName person={file.uploader} /> : 'A former participant'}, <DateTime iso={file.createdAt} />
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>Type and size</dt>
          <dd>
            {about}
            {file.current.width && file.current.height ? `, ${file.current.width} × ${file.current.height} pixels` : null}
          </dd>
        </div>
        <div className="summary-list__row">
          <dt>To show it in a page or post</dt>
          <dd>
            Put this line on its own: <code>{file.reference}</code>. Add a caption after a bar: <code>{file.reference.replace(']]', '|Your caption]]')}</code>
          </dd>
        </div>
      </dl>
      <h2>Where it is used</h2>
      {file.usedOn.length ? (
        <ul className="list">
          {file.usedOn.map((use) => (
            <li key={use.path}>
              <a href={use.path}>{use.title}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>No page or thread shows it at the moment.</p>
      )}
      <h2>Versions</h2>
      <table className="table">
        <caption className="visually-hidden">Versions of {file.name}, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Uploaded</th>
            <th scope="col">Type and size</th>
            <th scope="col">File</th>
          </tr>
        </thead>
        <tbody>
          {file.versions.map((version, index) => (
            <tr key={version.id}>
              <td>
                <DateTime iso={version.createdAt} />
                {index === 0 ? ' (current)' : null}
              </td>
              <td>
                {version.typeLabel}, {formatBytes(version.byteSize)}
                {version.width && version.height ? `, ${version.width} × ${version.height}` : null}
              </td>
              <td>{version.url ? <a href={version.url}>Open version {file.versions.length - index}</a> : 'Hidden'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {file.mayEdit ? <EditForms file={file} errors={errors} answer={actionData} /> : null}
      {moderator ? <ModerationForm hidden={Boolean(file.hiddenAt)} errors={errors} /> : null}
    </>
  );
}

function EditForms({ file, errors, answer }: { file: { kind: string; description: string; decorative: boolean }; errors?: FormError[]; answer?: FileAnswer }) {
  const descriptionError = errorFor(errors, 'description');
  const fileError = errorFor(errors, 'file');
  const isImage = file.kind === 'image';
  return (
    <>
      <h2>Change the description</h2>
      <Form method="post" className="form" noValidate key={answer?.submission}>
        <CsrfField />
        <div className={`form-group${descriptionError ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="description">
            {isImage ? 'Description (what the image shows that a reader needs)' : 'Link text'}
          </label>
          {descriptionError ? (
            <p className="error-message" id="description-error">
              <span className="visually-hidden">Error:</span> {descriptionError}
            </p>
          ) : null}
          <textarea
            className={`textarea${descriptionError ? ' textarea--error' : ''}`}
            id="description"
            name="description"
            rows={3}
            defaultValue={answer && errors?.length ? answer.description : file.description}
            aria-describedby={descriptionError ? 'description-error' : undefined}
            aria-invalid={descriptionError ? true : undefined}
          />
        </div>
        {isImage ? (
          <div className="checkbox">
            <input className="checkbox__input" type="checkbox" id="decorative" name="decorative" value="yes" defaultChecked={answer && errors?.length ? answer.decorative : file.decorative} />
            <label className="checkbox__label" htmlFor="decorative">
              This image is decorative: it adds nothing a reader needs
            </label>
          </div>
        ) : null}
        <button type="submit" className="button" name="intent" value="describe">
          Save the description
        </button>
      </Form>
      <h2>Upload a new version</h2>
      <Form method="post" encType="multipart/form-data" className="form" noValidate key={`version-${answer?.submission}`}>
        <CsrfField />
        <div className={`form-group${fileError ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="new-version">
            New version ({isImage ? 'an image' : 'a PDF or text file'}, up to 10 MB)
          </label>
          <div className="hint" id="new-version-hint">
            Pages show the new version at once, with the same description. The old version stays listed above.
          </div>
          {fileError ? (
            <p className="error-message" id="new-version-error">
              <span className="visually-hidden">Error:</span> {fileError}
            </p>
          ) : null}
          <input className="file-input" type="file" id="new-version" name="file" aria-describedby={`new-version-hint${fileError ? ' new-version-error' : ''}`} aria-invalid={fileError ? true : undefined} />
        </div>
        <button type="submit" className="button button--secondary" name="intent" value="version">
          Upload the new version
        </button>
      </Form>
    </>
  );
}

function ModerationForm({ hidden, errors }: { hidden: boolean; errors?: FormError[] }) {
  const reasonError = errorFor(errors, 'reason');
  return (
    <>
      <h2>Moderation</h2>
      <Form method="post" className="form" noValidate>
        <CsrfField />
        <div className={`form-group${reasonError ? ' form-group--error' : ''}`}>
          <label className="label" htmlFor="reason">
            {hidden ? 'Reason for showing it again (optional)' : 'Reason for hiding this file'}
          </label>
          <div className="hint" id="reason-hint">
            Recorded in the moderation log.
          </div>
          {reasonError ? (
            <p className="error-message" id="reason-error">
              <span className="visually-hidden">Error:</span> {reasonError}
            </p>
          ) : null}
          <textarea className="textarea" id="reason" name="reason" rows={2} aria-describedby={`reason-hint${reasonError ? ' reason-error' : ''}`} aria-invalid={reasonError ? true : undefined} />
        </div>
        <button type="submit" className={`button${hidden ? '' : ' button--warning'}`} name="intent" value={hidden ? 'unhide' : 'hide'}>
          {hidden ? 'Show this file again' : 'Hide this file everywhere'}
        </button>
      </Form>
    </>
  );
}
