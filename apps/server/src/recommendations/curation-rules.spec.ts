import { MoveDirection, CURATION_LIMITS } from './curation.models';
import { areaDescriptionProblem, areaTitleProblem, cleanText, moveProblem, reasonProblem, starReasonProblem, starRemovalReasonProblem, textProblem } from './curation-rules';
import { STAR_LIMITS } from './stars.models';

describe('curation rules', () => {
  it('cleans white space as titles and recommendations are stored', () => {
    expect(cleanText('  Clinical   safety\n cases ')).toBe('Clinical safety cases');
  });

  it("a recommendation's text is required and limited, judged cleaned", () => {
    expect(textProblem(' \n ')?.code).toBe('TEXT_REQUIRED');
    expect(textProblem(`${'x'.repeat(CURATION_LIMITS.recommendationLength)}   `)).toBeNull();
    expect(textProblem('x'.repeat(CURATION_LIMITS.recommendationLength + 1))?.code).toBe('TEXT_TOO_LONG');
  });

  it("an area's title is required, limited and must give an address", () => {
    expect(areaTitleProblem('')?.code).toBe('TITLE_REQUIRED');
    expect(areaTitleProblem('x'.repeat(CURATION_LIMITS.areaTitleLength + 1))?.code).toBe('TITLE_TOO_LONG');
    expect(areaTitleProblem('!!!')?.code).toBe('TITLE_INVALID');
    expect(areaTitleProblem('Education and training')).toBeNull();
  });

  it("an area's description may be empty but is limited", () => {
    expect(areaDescriptionProblem('')).toBeNull();
    expect(areaDescriptionProblem('x'.repeat(CURATION_LIMITS.areaDescriptionLength + 1))?.code).toBe('DESCRIPTION_TOO_LONG');
  });

  it('moving needs a direction or a whole position of 1 or more', () => {
    expect(moveProblem(MoveDirection.Up, null)).toBeNull();
    expect(moveProblem(null, 3)).toBeNull();
    expect(moveProblem(null, null)?.code).toBe('POSITION_REQUIRED');
    expect(moveProblem(undefined, 0)?.code).toBe('POSITION_INVALID');
    expect(moveProblem(undefined, 1.5)?.code).toBe('POSITION_INVALID');
  });

  it('reasons follow the shared rule with their own limits and questions', () => {
    expect(reasonProblem('', true)?.code).toBe('REASON_REQUIRED');
    expect(reasonProblem('', false)).toBeNull();
    expect(reasonProblem('x'.repeat(CURATION_LIMITS.reasonLength + 1), false)?.code).toBe('REASON_TOO_LONG');
    expect(starReasonProblem(' ')?.message).toBe('Enter why this is a simple, realistic mechanism');
    expect(starRemovalReasonProblem('')?.message).toBe('Enter why you are removing this mark');
    expect(starReasonProblem('x'.repeat(STAR_LIMITS.reasonLength + 1))?.code).toBe('REASON_TOO_LONG');
  });
});
