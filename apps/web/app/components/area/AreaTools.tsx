import { Form } from 'react-router';
import { errorFor } from '../../forms';
import { CsrfField } from '../CsrfField';
import { TextInput } from '../TextInput';
import { type AreaForms, ErrorText, Hidden } from './area-forms';

/** A moderator's forms for the area itself: rename it, describe it, archive or restore it. */
export function AreaTools({ area, forms: { values, submission, errorsOf } }: { area: { id: number; title: string; description: string; archived: boolean }; forms: AreaForms }) {
  return (
    <details className="details" id="area-tools" open={['rename', 'describe', 'archiveArea', 'restoreArea'].includes(values.intent ?? '') || undefined}>
      <summary className="details__summary">Change this area</summary>
      <div className="details__text">
        <Form method="post" noValidate key={`rename-${submission}`}>
          <CsrfField />
          <Hidden name="intent" value="rename" />
          <Hidden name="areaId" value={area.id} />
          <TextInput
            id="area-title"
            name="title"
            label="Title"
            defaultValue={errorsOf('rename') ? values.title : area.title}
            error={errorFor(errorsOf('rename'), 'title', 'areaId') ?? errorFor(errorsOf('rename'), 'areaId')}
            width="full"
          />
          <TextInput
            id="area-title-reason"
            name="reason"
            label="Reason for renaming (optional)"
            defaultValue={errorsOf('rename') ? values.reason : undefined}
            error={errorFor(errorsOf('rename'), 'reason')}
            width="full"
          />
          <button type="submit" className="button button--secondary">
            Rename area
          </button>
        </Form>
        <Form method="post" noValidate key={`describe-${submission}`}>
          <CsrfField />
          <Hidden name="intent" value="describe" />
          <Hidden name="areaId" value={area.id} />
          <div className={`form-group${errorFor(errorsOf('describe'), 'description', 'areaId') ? ' form-group--error' : ''}`}>
            <label className="label" htmlFor="area-description">
              Description
            </label>
            <ErrorText id="area-description" error={errorFor(errorsOf('describe'), 'description', 'areaId')} />
            <textarea
              className="textarea textarea--short"
              id="area-description"
              name="description"
              rows={3}
              defaultValue={errorsOf('describe') ? values.description : area.description}
              aria-describedby={errorFor(errorsOf('describe'), 'description', 'areaId') ? 'area-description-error' : undefined}
            />
          </div>
          <TextInput
            id="area-description-reason"
            name="reason"
            label="Reason for the change (optional)"
            defaultValue={errorsOf('describe') ? values.reason : undefined}
            error={errorFor(errorsOf('describe'), 'reason')}
            width="full"
          />
          <button type="submit" className="button button--secondary">
            Change description
          </button>
        </Form>
        <Form method="post" noValidate key={`archive-area-${submission}`}>
          <CsrfField />
          <Hidden name="intent" value={area.archived ? 'restoreArea' : 'archiveArea'} />
          <Hidden name="areaId" value={area.id} />
          <TextInput
            id="area-archive-reason"
            name="reason"
            label={area.archived ? 'Reason for restoring the area (optional)' : 'Reason for archiving the area (optional)'}
            defaultValue={errorsOf(['archiveArea', 'restoreArea']) ? values.reason : undefined}
            error={errorFor(errorsOf(['archiveArea', 'restoreArea']), 'reason', 'areaId') ?? errorFor(errorsOf(['archiveArea', 'restoreArea']), 'areaId')}
            width="full"
          />
          <button type="submit" className={`button ${area.archived ? 'button--secondary' : 'button--warning'}`}>
            {area.archived ? 'Restore area' : 'Archive area'}
          </button>
        </Form>
      </div>
    </details>
  );
}
