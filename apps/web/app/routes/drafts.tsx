import { redirect } from 'react-router';
import { DISCARD_DRAFT, SAVE_DRAFT } from '../drafts.server';
import { field, formMutation, readForm, safeReturnTo } from '../forms.server';
import type { Route } from './+types/drafts';

/** GET /drafts has nothing to show. */
export function loader() {
  return redirect('/', 303);
}

/**
 * Drafts kept on the server. `intent=save` comes from the editing pages' script while someone types
 * (it answers JSON: when the draft was saved, or why not). `intent=discard` is the offer's "Discard"
 * button, a plain form: it goes back to `returnTo` (a local path only).
 */
export async function action({ request, context }: Route.ActionArgs) {
  const form = await readForm(request, context);
  const key = field(form, 'draftKey');
  if (field(form, 'intent') === 'save') {
    const optional = (name: string) => (form.has(name) ? field(form, name) : null);
    const saved = await formMutation(context, request, SAVE_DRAFT, {
      input: { key, body: field(form, 'body'), title: optional('title') ?? optional('subject'), summary: optional('summary'), tags: optional('tags'), baseRevisionId: Number(field(form, 'baseRevisionId')) || null, savedAt: field(form, 'savedAt') },
    });
    if (!saved.ok) return Response.json({ savedAt: null, error: saved.errors[0].message }, { status: saved.payload ? 400 : 429 });
    return Response.json({ savedAt: saved.payload.draft!.savedAt, error: null });
  }
  const returnTo = safeReturnTo(field(form, 'returnTo'), '/');
  await formMutation(context, request, DISCARD_DRAFT, { input: { key } });
  const back = new URL(returnTo, 'https://commonplace.invalid');
  back.searchParams.delete('draft');
  back.searchParams.set('draft', 'discarded');
  return redirect(`${back.pathname}${back.search}${back.hash}`, 303);
}
