/**
 * A post a moderator hid, in its place: "Hidden by a moderator: <reason>". Moderators also see
 * its text (`html`), marked as hidden.
 */
export function HiddenPost({ kind, reason, html }: { kind: 'reply' | 'thread'; reason: string | null; html: string | null }) {
  return (
    <div className="post__hidden">
      <p className="post__missing">
        <strong>Hidden by a moderator: {reason}</strong>
      </p>
      {html !== null ? (
        <div className="post__hidden-text">
          <p className="hint">The hidden text of this {kind === 'reply' ? 'reply' : 'opening post'}, shown only to moderators:</p>
          <div className="prose" dangerouslySetInnerHTML={{ __html: html }} />
        </div>
      ) : null}
    </div>
  );
}
