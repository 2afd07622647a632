/** README.md written into every export archive: the format, for whoever opens it without Commonplace. */
export const ARCHIVE_README = `# Commonplace wiki export

This ZIP holds a whole Commonplace wiki as it was at one moment (\`manifest.json\`
says when). Pages are Markdown; uploaded files are as stored; everything else is JSON (UTF-8,
times in ISO 8601, UTC). People are named by their username everywhere.

## Files

- \`manifest.json\`: \`format\` ("commonplace-wiki-export"), \`formatVersion\` (2),
  \`appVersion\`, \`exportedAt\`, and \`counts\` of everything below.
- \`people.json\`: \`[{ username, displayName, role ("participant" | "moderator" | "admin"),
  suspended: null | { at, reason } }]\`, everyone with an account. No email addresses,
  passwords, sessions or settings are exported.
- \`areas.json\`: \`[{ slug, title, description, position, createdAt, archivedAt }]\`.
- \`recommendations.json\`: \`[{ id, area (slug), position, text, status
  ("active" | "archived" | "merged"), mergedIntoId, proposedBy, createdAt, updatedAt,
  stars: [{ username, reason, createdAt }] }]\`.
- \`tags.json\`: \`[{ tag, pages: [slug], threads: [thread id] }]\`.
- \`redirects.json\`: \`[{ from, to, createdAt }]\`: old page addresses (\`/wiki/<from>\`)
  that lead to the page now at \`/wiki/<to>\`.
- \`pages/<slug>/page.json\`: \`{ slug, title, area, featured, tags, createdAt, updatedAt,
  deleted: null | { at, by, reason }, currentRevision, revisions: [{ number, author,
  createdAt, summary, wordsAdded, wordsRemoved, basedOn, revertedTo }] }\`. Revisions are
  numbered from 1, oldest first; \`basedOn\` is the revision the editor started from,
  \`revertedTo\` the one a revert restored (both numbers, or null).
- \`pages/<slug>/revisions/<number>.md\`: the text of each revision, as written (Markdown
  with \`[[wiki links]]\`).
- \`pages/<slug>/current.md\`: the page's current text (a copy of its current revision).
- \`threads/<id>.json\`: \`{ id, page (slug), recommendationId, subject, body (the opening
  post, Markdown), starter, tags, createdAt, lockedAt, pinnedAt, hidden, replies: [{ id,
  parentId, author, body, createdAt, editedAt, editCount, deletedAt, hidden }] }\`. A reply's
  \`parentId\` is the id of the reply it answers (null: it answers the opening post).
- \`files.json\`: \`[{ id, name, kind ("image" | "document"), description, decorative,
  uploadedBy, createdAt, hidden: null | { at, by, reason }, versions: [{ contentHash,
  mediaType, extension, byteSize, width, height, variants: [{ name, width }], uploadedBy,
  createdAt }] }]\`: every uploaded image and document. Texts show one as \`![[file:<id>]]\`
  (or \`![[file:<id>|caption]]\`); \`description\` is an image's text alternative or a
  document's link text, and an image marked \`decorative\` has none. Versions are oldest
  first; the last is the one shown. \`width\` and \`height\` are an image's, in pixels.
- \`files/<contentHash>/original.<extension>\`: each version's full-size copy, whose SHA-256
  is \`contentHash\` (images as the site serves them: upright, with no EXIF or GPS data).
- \`files/<contentHash>/<variant name>\`: the narrower copies of an image (WebP, as wide as
  the variant's \`width\`) that pages offer to small screens. A copy shared by several
  versions is in the archive once.

## Deleted and hidden things

- A page deleted by a moderator is included, with \`deleted\` saying when, by whom and why,
  so that nothing is lost; it is not shown on the site.
- A thread, reply or file hidden by a moderator is included with its text (or bytes) and
  \`hidden: { at, by, reason }\`: only administrators can make this archive, and
  moderators can read hidden posts on the site too. Remove them before sharing the
  archive publicly if that matters.
- A reply its author deleted has \`deletedAt\` and \`body: null\`: Commonplace does not
  keep the words of deleted replies.

Not included: email addresses, passwords and sessions, notifications, watches, drafts,
reading positions, flags, the moderation log, earlier versions of edited replies, and
site settings.
`;
