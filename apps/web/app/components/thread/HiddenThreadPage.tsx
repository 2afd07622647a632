import type { HiddenThreadView } from '../../thread.server';

/** A thread a moderator hid, for anyone who may not read it: why it is gone, and where to go. */
export function HiddenThreadPage({ thread }: { thread: HiddenThreadView }) {
  return (
    <article className="thread">
      <title>This thread was hidden by a moderator – Commonplace</title>
      <p className="context-link">
        Thread on the page <a href={`/wiki/${thread.page.slug}`}>{thread.page.title}</a>
      </p>
      <h1>This thread was hidden by a moderator</h1>
      <p className="post__missing">
        <strong>Hidden by a moderator: {thread.hiddenReason}</strong>
      </p>
      <p>Its opening post and its replies are shown only to moderators.</p>
      <p>
        <a href={`/wiki/${thread.page.slug}/threads`}>Other threads about {thread.page.title}</a>
      </p>
    </article>
  );
}
