import { Form } from 'react-router';
import { shortText } from '../../curation';
import { errorFor } from '../../forms';
import { CsrfField } from '../CsrfField';
import { TextInput } from '../TextInput';
import { type AreaForms, ErrorText, Hidden } from './area-forms';

interface Listed {
  id: number;
  text: string;
  isNew: boolean;
}

/** Where a recommendation can go: the other areas, and each area's recommendations to merge it into. */
export interface CurationTargets {
  otherAreas: readonly { id: number; title: string }[];
  mergeGroups: readonly { id: number; title: string; recommendations: readonly { id: number; text: string }[] }[];
}

/**
 * A moderator's tools for one listed recommendation, in a disclosure named after it: mark it seen,
 * reorder it, move it to another area, reword, merge or archive it. Open after a problem with one
 * of its forms, or when the page comes back from changing it.
 */
export function RecommendationTools({
  recommendation,
  index,
  count,
  open,
  targets: { otherAreas, mergeGroups },
  forms: { values, submission, errorsOf },
}: {
  recommendation: Listed;
  /** Its place in the whole area (from 0), whether or not the list is filtered. */
  index: number;
  count: number;
  open: boolean;
  targets: CurationTargets;
  forms: AreaForms;
}) {
  const id = recommendation.id;
  const r = `r-${id}`;
  const name = shortText(recommendation.text);
  const mine = (which: string | string[]) => errorsOf(which, id);
  const positionError = errorFor(mine(['up', 'down', 'position']), 'position', 'recommendationId') ?? errorFor(mine(['up', 'down', 'position']), 'recommendationId');
  const targetError = errorFor(mine('moveTo'), 'areaId', 'recommendationId') ?? errorFor(mine('moveTo'), 'recommendationId');
  const intoError = errorFor(mine('merge'), 'intoId', 'recommendationId') ?? errorFor(mine('merge'), 'recommendationId') ?? errorFor(mine('merge'), 'reason');
  return (
    <details className="details curation-tools" open={open || undefined}>
      <summary className="details__summary">Moderator tools for ‘{name}’</summary>
      <div className="details__text">
        {recommendation.isNew ? (
          <Form method="post" noValidate>
            <CsrfField />
            <Hidden name="intent" value="seen" />
            <Hidden name="recommendationId" value={id} />
            <button type="submit" id={`${r}-seen`} className="button button--secondary button--small">
              Mark<span className="visually-hidden"> ‘{name}’</span> as seen
            </button>
          </Form>
        ) : null}
        <h3 className="curation-tools__heading">Order</h3>
        <Form method="post" noValidate className="button-group">
          <CsrfField />
          <Hidden name="recommendationId" value={id} />
          <button type="submit" name="intent" value="up" className="button button--secondary button--small" disabled={index === 0}>
            Move<span className="visually-hidden"> ‘{name}’</span> up
          </button>
          <button type="submit" name="intent" value="down" className="button button--secondary button--small" disabled={index === count - 1}>
            Move<span className="visually-hidden"> ‘{name}’</span> down
          </button>
        </Form>
        <Form method="post" noValidate key={`position-${id}-${submission}`} className={`form-group${positionError ? ' form-group--error' : ''}`}>
          <CsrfField />
          <Hidden name="intent" value="position" />
          <Hidden name="recommendationId" value={id} />
          <label className="label" htmlFor={`${r}-position`}>
            Position<span className="visually-hidden"> for ‘{name}’</span> (1 to {count})
          </label>
          <ErrorText id={`${r}-position`} error={positionError} />
          <input
            className={`input input--narrow${positionError ? ' input--error' : ''}`}
            id={`${r}-position`}
            name="position"
            inputMode="numeric"
            defaultValue={mine(['position']) ? values.position : String(index + 1)}
            aria-describedby={positionError ? `${r}-position-error` : undefined}
            aria-invalid={positionError ? true : undefined}
          />{' '}
          <button type="submit" className="button button--secondary button--small">
            Move<span className="visually-hidden"> ‘{name}’ to this position</span>
          </button>
        </Form>

        {otherAreas.length > 0 ? (
          <Form method="post" noValidate key={`move-${id}-${submission}`}>
            <CsrfField />
            <Hidden name="intent" value="moveTo" />
            <Hidden name="recommendationId" value={id} />
            <div className={`form-group${targetError ? ' form-group--error' : ''}`}>
              <label className="label" htmlFor={`${r}-target`}>
                Move<span className="visually-hidden"> ‘{name}’</span> to another area
              </label>
              <ErrorText id={`${r}-target`} error={targetError} />
              <select
                className={`select${targetError ? ' select--error' : ''}`}
                id={`${r}-target`}
                name="targetAreaId"
                defaultValue={mine('moveTo') ? values.targetAreaId : ''}
                aria-describedby={targetError ? `${r}-target-error` : undefined}
                aria-invalid={targetError ? true : undefined}
              >
                <option value="">Choose an area</option>
                {otherAreas.map((other) => (
                  <option key={other.id} value={other.id}>
                    {other.title}
                  </option>
                ))}
              </select>
            </div>
            <TextInput
              id={`${r}-move-reason`}
              name="reason"
              label={
                <>
                  Reason for moving<span className="visually-hidden"> ‘{name}’</span> (optional)
                </>
              }
              defaultValue={mine('moveTo') ? values.reason : undefined}
              error={errorFor(mine('moveTo'), 'reason')}
              width="full"
            />
            <button type="submit" className="button button--secondary button--small">
              Move to area<span className="visually-hidden"> (‘{name}’)</span>
            </button>
          </Form>
        ) : null}

        <Form method="post" noValidate key={`reword-${id}-${submission}`}>
          <CsrfField />
          <Hidden name="intent" value="reword" />
          <Hidden name="recommendationId" value={id} />
          <div className={`form-group${errorFor(mine('reword'), 'text', 'recommendationId') ? ' form-group--error' : ''}`}>
            <label className="label" htmlFor={`${r}-text`}>
              New wording<span className="visually-hidden"> for ‘{name}’</span>
            </label>
            <ErrorText id={`${r}-text`} error={errorFor(mine('reword'), 'text', 'recommendationId') ?? errorFor(mine('reword'), 'recommendationId')} />
            <textarea
              className={`textarea textarea--short${errorFor(mine('reword'), 'text') ? ' textarea--error' : ''}`}
              id={`${r}-text`}
              name="text"
              rows={3}
              defaultValue={mine('reword') ? values.text : recommendation.text}
              aria-describedby={errorFor(mine('reword'), 'text', 'recommendationId') ? `${r}-text-error` : undefined}
              aria-invalid={errorFor(mine('reword'), 'text') ? true : undefined}
            />
          </div>
          <TextInput
            id={`${r}-reword-reason`}
            name="reason"
            label={
              <>
                Reason for rewording<span className="visually-hidden"> ‘{name}’</span>
              </>
            }
            required
            defaultValue={mine('reword') ? values.reason : undefined}
            error={errorFor(mine('reword'), 'reason')}
            width="full"
          />
          <button type="submit" className="button button--secondary button--small">
            Reword<span className="visually-hidden"> ‘{name}’</span>
          </button>
        </Form>

        <Form method="post" noValidate key={`merge-${id}-${submission}`}>
          <CsrfField />
          <Hidden name="intent" value="merge" />
          <Hidden name="recommendationId" value={id} />
          <div className={`form-group${intoError ? ' form-group--error' : ''}`}>
            <label className="label" htmlFor={`${r}-into`}>
              Merge<span className="visually-hidden"> ‘{name}’</span> into…
            </label>
            <div className="hint" id={`${r}-into-hint`}>
              Its stars, threads and history move to the one you choose; its page will lead there.
            </div>
            <ErrorText id={`${r}-into`} error={intoError} />
            <select
              className={`select${intoError ? ' select--error' : ''}`}
              id={`${r}-into`}
              name="intoId"
              defaultValue={mine('merge') ? values.intoId : ''}
              aria-describedby={`${r}-into-hint${intoError ? ` ${r}-into-error` : ''}`}
              aria-invalid={intoError ? true : undefined}
            >
              <option value="">Choose a recommendation</option>
              {mergeGroups.map((group) => (
                <optgroup key={group.id} label={group.title}>
                  {group.recommendations
                    .filter((other) => other.id !== id)
                    .map((other) => (
                      <option key={other.id} value={other.id}>
                        {shortText(other.text, 90)}
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
          <button type="submit" className="button button--secondary button--small">
            Merge<span className="visually-hidden"> ‘{name}’</span>
          </button>
        </Form>

        <Form method="post" noValidate key={`archive-${id}-${submission}`}>
          <CsrfField />
          <Hidden name="intent" value="archive" />
          <Hidden name="recommendationId" value={id} />
          <TextInput
            id={`${r}-archive-reason`}
            name="reason"
            label={
              <>
                Reason for archiving<span className="visually-hidden"> ‘{name}’</span> (optional)
              </>
            }
            defaultValue={mine('archive') ? values.reason : undefined}
            error={errorFor(mine('archive'), 'reason', 'recommendationId') ?? errorFor(mine('archive'), 'recommendationId')}
            width="full"
          />
          <button type="submit" className="button button--warning button--small">
            Archive<span className="visually-hidden"> ‘{name}’</span>
          </button>
        </Form>
      </div>
    </details>
  );
}
