import { Form } from 'react-router';
import { CsrfField } from './CsrfField';

/** "4 people found this valuable" */
export function valuableText(count: number): string {
  if (count === 0) return 'Nobody has said they found this valuable yet';
  return `${count} ${count === 1 ? 'person' : 'people'} found this valuable`;
}

/**
 * "Do you find this valuable?" with Yes and No as buttons of a plain form (enhanced by React
 * Router when scripts run). `postName` makes each button's name unique on the page.
 */
export function ValuableForm({
  action,
  target,
  count,
  answer,
  postName,
  canAnswer,
}: {
  action: string;
  target: { threadId: number } | { replyId: number };
  count: number;
  answer: boolean | null;
  postName: string;
  /** False for the post's own author and for readers who are not signed in: the count only. */
  canAnswer: boolean;
}) {
  return (
    <div className="valuable">
      <p className="valuable__count">{valuableText(count)}</p>
      {canAnswer ? (
        <Form method="post" action={action} className="valuable__form" preventScrollReset>
          <CsrfField />
          <input type="hidden" name="intent" value="valuable" />
          {'threadId' in target ? <input type="hidden" name="threadId" value={target.threadId} /> : <input type="hidden" name="replyId" value={target.replyId} />}
          <fieldset className="valuable__fieldset">
            <legend className="valuable__legend">Do you find this valuable?</legend>
            <div className="button-group">
              <button type="submit" name="valuable" value="yes" className="button button--secondary button--small" aria-pressed={answer === true}>
                Yes<span className="visually-hidden">, {postName} is valuable</span>
              </button>
              <button type="submit" name="valuable" value="no" className="button button--secondary button--small" aria-pressed={answer === false}>
                No<span className="visually-hidden">, {postName} is not valuable</span>
              </button>
            </div>
            {answer !== null ? <p className="hint">You said {answer ? 'yes' : 'no'}; you can change your answer.</p> : null}
          </fieldset>
        </Form>
      ) : null}
    </div>
  );
}
