import type { Viewer } from './viewer';

/** Whether the signed-in person may curate (moderators and administrators who are not suspended). */
export function canCurate(viewer: Viewer | null | undefined): boolean {
  return Boolean(viewer && !viewer.suspended && (viewer.role === 'Moderator' || viewer.role === 'Admin'));
}

/** A recommendation's words, shortened for button and control names: "Engage key stakeholders…". */
export function shortText(text: string, length = 40): string {
  return text.length <= length ? text : `${text.slice(0, length).replace(/\s+\S*$/, '')}…`;
}
