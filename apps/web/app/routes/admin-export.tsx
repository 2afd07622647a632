import { requireAdmin } from '../admin-users.server';
import type { Route } from './+types/admin-export';

export async function loader({ request, context }: Route.LoaderArgs) {
  await requireAdmin(request, context);
  return null;
}

/**
 * /admin/export: what the whole-wiki archive holds and the link that downloads it. The archive
 * itself is served by the server (GET /admin/export.zip, apps/server/src/export), so the link is a
 * plain download that works without JavaScript and never goes through the client router.
 */
export default function ExportPage() {
  return (
    <>
      <title>Export the wiki – Commonplace</title>
      <h1>Export the wiki</h1>
      <p>Download everything in this wiki as one ZIP file, to keep a copy or to move the wiki elsewhere.</p>
      <p>The file holds:</p>
      <ul>
        <li>every page, with its current text and every earlier revision, as Markdown files</li>
        <li>who wrote each revision, when, and their edit summary</li>
        <li>recommendation areas, recommendations, and everyone’s stars with their reasons</li>
        <li>discussion threads and replies, with which reply answers which</li>
        <li>uploaded images and files, with every version and their descriptions</li>
        <li>tags, and the usernames, display names and roles of everyone with an account</li>
      </ul>
      <p>
        It does not hold email addresses, passwords or anyone’s settings. Pages that moderators deleted, and posts and files they hid, are included and marked as
        such. A README file inside the ZIP describes the format.
      </p>
      <p>A large wiki can take a few minutes to download. Only one export can be made at a time.</p>
      <p>
        <a href="/admin/export.zip" className="button" download>
          Download the whole wiki (ZIP)
        </a>
      </p>
    </>
  );
}
