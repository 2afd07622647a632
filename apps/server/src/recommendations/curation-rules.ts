import { slugify } from '@commonplace/markdown';
import type { UserError } from '../common/user-error';
import { reasonProblem as sharedReasonProblem } from '../common/reason-rule';
import { CURATION_LIMITS, MoveDirection } from './curation.models';
import { STAR_LIMITS } from './stars.models';

/** White space collapsed and trimmed, as titles and recommendations are stored. */
export function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A reason for a curation act: the shared rule, with this limit. */
export function reasonProblem(reason: string, required: boolean): UserError | null {
  return sharedReasonProblem(reason, { maxLength: CURATION_LIMITS.reasonLength, required });
}

/** What is wrong with a recommendation's text, if anything. */
export function textProblem(text: string): UserError | null {
  const clean = cleanText(text);
  if (!clean) return { field: 'text', code: 'TEXT_REQUIRED', message: 'Enter the recommendation' };
  if (clean.length > CURATION_LIMITS.recommendationLength) {
    return { field: 'text', code: 'TEXT_TOO_LONG', message: `The recommendation must be ${CURATION_LIMITS.recommendationLength} characters or fewer` };
  }
  return null;
}

/** What is wrong with an area's title (already cleaned), if anything. */
export function areaTitleProblem(title: string): UserError | null {
  if (!title) return { field: 'title', code: 'TITLE_REQUIRED', message: 'Enter a title for the area' };
  if (title.length > CURATION_LIMITS.areaTitleLength) return { field: 'title', code: 'TITLE_TOO_LONG', message: `The title must be ${CURATION_LIMITS.areaTitleLength} characters or fewer` };
  if (!slugify(title)) return { field: 'title', code: 'TITLE_INVALID', message: 'The title must contain at least one letter or number' };
  return null;
}

export function areaDescriptionProblem(description: string): UserError | null {
  if (description.length > CURATION_LIMITS.areaDescriptionLength) {
    return { field: 'description', code: 'DESCRIPTION_TOO_LONG', message: `The description must be ${CURATION_LIMITS.areaDescriptionLength} characters or fewer` };
  }
  return null;
}

/** Moving needs a direction, or a position of 1 or more. */
export function moveProblem(direction: MoveDirection | null | undefined, position: number | null | undefined): UserError | null {
  if (direction) return null;
  if (position === null || position === undefined) return { field: 'position', code: 'POSITION_REQUIRED', message: 'Choose up, down or a position' };
  if (!Number.isInteger(position) || position < 1) return { field: 'position', code: 'POSITION_INVALID', message: 'Enter a position of 1 or more' };
  return null;
}

/** Why a recommendation is a simple, realistic mechanism (a star's reason). */
export function starReasonProblem(reason: string): UserError | null {
  return sharedReasonProblem(reason, { maxLength: STAR_LIMITS.reasonLength, required: true, requiredMessage: 'Enter why this is a simple, realistic mechanism' });
}

/** Why a moderator removes someone's star. */
export function starRemovalReasonProblem(reason: string): UserError | null {
  return sharedReasonProblem(reason, { maxLength: STAR_LIMITS.reasonLength, required: true, requiredMessage: 'Enter why you are removing this mark' });
}
