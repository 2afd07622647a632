/**
 * Seed content for Commonplace: the 2008 NHS masterclass wiki page "Emerging issues",
 * transcribed from the text capture `/work/shared/seeds/002_25704e614ab0f247.txt`,
 * plus a short Home page and a Reading list built from `/work/shared/seeds/README.md`.
 *
 * Pure data, no imports. A seeder loads it into PostgreSQL.
 *
 * Transcription rules followed here:
 * - Original wording, spelling, typos and punctuation are kept exactly
 *   ("drivan", "natinally", "cliniciancs", "primarycare", curly quotes ’ ‘ “ ”, en dashes –,
 *   "action learning sets )", "Informaticians are key stakeholders too !", "whose 'system and who's 'thinking'?").
 * - A recommendation bullet that ended with " *" in the capture is `starred: true`, and the " *" is removed from its text.
 * - Capture times are EST (UTC-5; daylight saving had ended on 2 November 2008) and are stored here as UTC ISO strings.
 * - Nothing that the capture does not hold is invented: the one captured reply has `body: null`,
 *   and the fourth thread ("Showing 3 of 4 threads") is only counted, not created.
 */

export interface SeedUser {
  username: string;
  displayName: string;
  role: 'participant' | 'moderator' | 'admin';
}

export interface SeedRecommendation {
  text: string;
  /** The bullet ended with ' *' in the capture: marked as a "simple, realistic mechanism". */
  starred: boolean;
}

export interface SeedArea {
  slug: string;
  title: string;
  description: string;
  recommendations: SeedRecommendation[];
}

export interface SeedPage {
  slug: string;
  title: string;
  featured: boolean;
  tags: string[];
  areaSlug: string | null;
  /** Markdown. */
  body: string;
}

export interface SeedReply {
  authorUsername: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** Markdown, or null when the capture did not keep the reply's text. */
  body: string | null;
  /** Index into the thread's `replies` of the reply this answers; null = answers the opening post. */
  parentIndex: number | null;
}

export interface SeedThread {
  pageSlug: string;
  subject: string;
  starterUsername: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** Markdown. */
  body: string;
  tags: string[];
  replies: SeedReply[];
}

export interface SeedStarUpdate {
  username: 'davemiller';
  /** ISO 8601, UTC (capture: Nov 14 2008, 5:07 AM EST). */
  at: '2008-11-14T10:07:00.000Z';
  /** The "about this update" note, exact, without the trailing ' - davemiller' signature. */
  note: string;
  /** Reason recorded on each star. */
  reason: string;
}

/** Joins paragraphs into a markdown body with a blank line between them. */
const paragraphs = (...parts: string[]): string => parts.join('\n\n');

// ---------------------------------------------------------------------------
// Users
// ---------------------------------------------------------------------------

/** The account the original page and its recommendation list are attributed to: the capture does not record their author. */
export const IMPORT_USER: SeedUser = {
  username: 'masterclass-import',
  displayName: 'Masterclass wiki import (original author not recorded)',
  role: 'participant',
};

/** The participants named in the capture. */
export const SEED_USERS: SeedUser[] = [
  { username: 'davemiller', displayName: 'davemiller', role: 'participant' },
  { username: 'hadleyac', displayName: 'hadleyac', role: 'participant' },
  { username: 'higgoo', displayName: 'higgoo', role: 'participant' },
];

// ---------------------------------------------------------------------------
// "Emerging issues": areas and recommendations
// ---------------------------------------------------------------------------

/** The five areas, in the capture's order (8, 6, 9, 5 and 6 recommendations; 34 in all, 6 starred). */
export const AREAS: SeedArea[] = [
  {
    slug: 'engage-key-stakeholders',
    title: 'Engage Key Stakeholders, have Clinicians in the Lead',
    description: '',
    recommendations: [
      { text: 'Engage clinicians in the change process', starred: false },
      { text: 'Get a clinician to lead the change project', starred: true },
      { text: 'Use a clinically led decision making panel', starred: true },
      { text: 'Incentivise clinicians and those that need to engage with the change', starred: false },
      { text: 'Give clinicians protected time to participate in change projects', starred: false },
      {
        text: 'Provide bank staff to backfill when clinicians asked to participate in change projects',
        starred: false,
      },
      { text: 'Use the clinician’s contract to incentivise / influence', starred: false },
      { text: 'Don’t forget the nurses and other health professionals', starred: false },
    ],
  },
  {
    slug: 'flexible-processes',
    title:
      'Develop new, flexible processes – including planning and project management, contract and supplier management',
    description: '',
    recommendations: [
      { text: 'Need to align local business objectives with IT drivers coming from the centre', starred: false },
      { text: 'Start with small pilots and work with the enthusiasts', starred: true },
      { text: 'Get the technology working before committing to its extensive use', starred: false },
      { text: 'Develop standards, not standard systems', starred: false },
      { text: 'Build in realistic timescales / relax targets', starred: false },
      { text: 'Bring together clinicians, managers, academics etc.', starred: false },
    ],
  },
  {
    slug: 'service-user-benefits',
    title: 'Base activity on service / service user benefits',
    description: '',
    recommendations: [
      { text: 'Develop an ‘upwards’ approach to change rather than ‘downwards’', starred: false },
      { text: 'Clearly define objectives / care benefits of the change project', starred: false },
      { text: 'Focus outcomes on the needs of the users', starred: true },
      { text: 'Focus on the care benefits, not on technology ‘button counting’', starred: false },
      { text: 'Move away from contract and contract dates driven change', starred: false },
      { text: 'Pull managers away from the target driven culture within which they work', starred: false },
      {
        text: 'You cannot simply transfer the risks – take rather than off-load ownership of the business processes',
        starred: false,
      },
      { text: 'Ensure that IT is the servant not the master in Health Policy', starred: false },
      { text: 'Influence the politicians!', starred: false },
    ],
  },
  {
    slug: 'local-ownership',
    title: 'Encouraging local ownership',
    description: '',
    recommendations: [
      {
        text: 'Identify the right stakeholders at the outset, or you will get what you “think” you need rather than what is actually needed',
        starred: false,
      },
      { text: 'Build a consensus of the need for change – it is a gradual process', starred: false },
      { text: 'People need to see the longer term benefits of change', starred: false },
      {
        text: 'Develop a deeper understanding within the organisation(s) of why change is needed',
        starred: true,
      },
      { text: 'Change is evolutionary rather than revolutionary', starred: false },
    ],
  },
  {
    slug: 'workforce-and-knowledge-sharing',
    title:
      'Developing the Health and Social Care Workforce to embrace “socio-technological change” / use vibrant and interactive communication media to improve and promote knowledge sharing and experience',
    description: '',
    recommendations: [
      { text: 'Have the right capability (skill mix) to deliver the change', starred: false },
      {
        text: 'Offer training or other support for clinicians to ensure that they know how to influence the use and development of technology around patient and clinical needs',
        starred: false,
      },
      {
        text: 'Share lessons learned – there needs to be a structured knowledge sharing process',
        starred: false,
      },
      { text: 'Benchmarking', starred: true },
      { text: 'Clinical Leaders Project (e.g. action learning sets )', starred: false },
      { text: 'Provide a business change award scheme', starred: false },
    ],
  },
];

// ---------------------------------------------------------------------------
// "Emerging issues": the page
// ---------------------------------------------------------------------------

/** Page record for "Emerging issues" ("This is a featured page"; keyword tags: issues). */
export const EMERGING_ISSUES: {
  slug: 'emerging-issues';
  title: 'Emerging issues';
  featured: true;
  tags: ['issues'];
  areaSlug: null;
} = {
  slug: 'emerging-issues',
  title: 'Emerging issues',
  featured: true,
  tags: ['issues'],
  areaSlug: null,
};

/**
 * The page as originally written. The areas and their recommendations are rendered from
 * records where the line `{{recommendations}}` stands.
 */
export const EMERGING_ISSUES_ORIGINAL_BODY: string = paragraphs(
  `**What should be done to make a socio-technical approach to the delivery of technology projects in health and social care in the NHS the norm?**`,
  `A Socio-technical approach considers the technology change alongside and as part of all the other aspects of work, and people's attitudes to it. This recognises that people will not always use systems in the anticipated way, and that this can be a good thing. Healthcare as a very complex system was mentioned (though complexity theory was not), and the need for the technology to meet the needs of the users, and to develop with them, rather than just to provide a rigid set of workflows which may not match preferred or efficient ways of working.`,
  `The following issues were raised during the discussion part of the event - please, please add comments, add content, challenge statements, amend our use of headings, reference other material ...`,
  `The question itself was challenged! It was suggested that we should not be considering a socio-technical approach, nor that we deliver technology projects, rather that this is about improving healthcare using mechanisms that promote the value of informatics.`,
  `The recommendations below have been grouped around 5 main areas where delegates felt change could be effectively implemented. These include:`,
  `{{recommendations}}`,
  `## What can be done to use the opportunities that the Darzi Next Stage Review and the National Health Informatics Review implementation plan offer?`,
);

/** The sentence davemiller wrote in "about this update" (capture: "... right reasons - davemiller"). */
const STAR_NOTE =
  'I have marked bullets with * where I believe there are simple, realistic mechanisms that can be put in place to ensure change is driven for the right reasons';

/**
 * Latest page update: made by davemiller, Nov 14 2008, 5:07 AM EST. He marked the six starred
 * recommendations with *. (The capture also says "6 words added": the six " *" marks.)
 */
export const STAR_UPDATE: SeedStarUpdate = {
  username: 'davemiller',
  at: '2008-11-14T10:07:00.000Z',
  note: STAR_NOTE,
  reason: STAR_NOTE,
};

// ---------------------------------------------------------------------------
// Discussion threads on "Emerging issues" (capture order)
// ---------------------------------------------------------------------------

export const THREADS: SeedThread[] = [
  {
    pageSlug: 'emerging-issues',
    subject: 'Informaticians are key stakeholders too !',
    starterUsername: 'hadleyac',
    // Nov 17 2008, 7:28 AM EST
    createdAt: '2008-11-17T12:28:00.000Z',
    body: paragraphs(
      `It certainly appeared working through this period in an IT department in the NHS that NPfIT made very deliberate attempts to talk to (a few) clinicians over the heads of local IM&T expertise, and belittling or ignoring the wealth of experience, and hard learned mistakes, that went before.`,
      `These NHS staff do have expertise to interpret the needs, represent the users at remote meetings, get debates going locally with far more clinical and administrative staff than remote or external teams could connect with. They generally have a passion to get things right, to support users that they are in constant contact with, and will be supporting the results directly.`,
      `I see re-engaging, energising and showing support and trust for local IT teams, who have kept all the local systems going (despite these being starved of investment pending NPfIT solutions), as a key element for future success. These staff rarely limit themselves to the 10% technology, but often get involved in identifying, highlighting and fixing clinical and administrative processes right around their NHS organisations.`,
    ),
    tags: [],
    replies: [],
  },
  {
    pageSlug: 'emerging-issues',
    subject: 'Local acceptance of the need for change',
    starterUsername: 'davemiller',
    // Nov 14 2008, 5:49 AM EST
    createdAt: '2008-11-14T10:49:00.000Z',
    body: paragraphs(
      `All the recommendations made here are admirable and will, I am sure, improve the chance of effective change. And I suspect there is little disagreement with the list. An interesting observation made on the day alluded to the NHS not being a single entity ... I'm not sure if we used the word 'franchise' of organisations. We are dealing with an organisations (if we can call it that) which tends to be driven by very high level directives and large national initiatives, having to work with (rather than compete with) locally drivan care decisions. The end goal is a healthier nation but the driving forces tend to vary, from politics and macro economics natinally, to targets driven care objectives and micro economics locally.`,
      `This pull and push on organisations has a tendency to create environments where groups and organisations tend to work in opposition rather than in collaboration ... this might include cliniciancs, managers, commissioners and providers, and national projects.`,
      `If we can accept that we are all working towards the same goals, and forge partnerships instead of rival factions, we might make more headway. This requires time within change activity to consider the needs (the benefits) of change, to engage those that will be impacted by the change, and to realise the benefits of change.`,
      `There's clearly no easy fix, but I've added my twopennyworth by marking some of the bullets above with * where I think there are realistic opportunities to bring people on side, to focus on improving care, and to increase the chances of success.`,
    ),
    tags: [],
    replies: [
      // Last post: Nov 17 2008, 7:10 AM EST by hadleyac. The capture kept only "Show Last Reply", not its text.
      { authorUsername: 'hadleyac', createdAt: '2008-11-17T12:10:00.000Z', body: null, parentIndex: null },
    ],
  },
  {
    pageSlug: 'emerging-issues',
    subject: `Systems thinking: but whose 'system and who's 'thinking'?`,
    starterUsername: 'higgoo',
    // Nov 7 2008, 7:14 AM EST
    createdAt: '2008-11-07T12:14:00.000Z',
    body: paragraphs(
      `Sociotechnical change may be about appreciating the whole, the integrated sum of parts rather than concentrating and reducing to individual components. Prof Clegg put that point, in common with the UK Strategy Unit and many others involved with complex situations.`,
      `But systems are an abstraction. It depends whose summary and interpretation you're prepared to accept when different groups have different perspectives, levels of knowledge and motivations. Complexity increases when the 'systems' we're reviewing are also hit by multiple initiatives from outside (Darzi, HI, etc). Systems then become much wider and even more difficult to understand.`,
      `I look at this as a disabled researcher. Those with disabilities (and long term conditions) apparently place the biggest burden on the NHS. Yet an expert at the Masterclass described diagnostic data in primarycare records as "a disaster". I personally have difficulties using Wikis and Discussion Boards via assistive technologies. Note also this from the Equality Impact Assessment accompanying the HI Review:`,
      `> "2.8.1 There are no current nationally-agreed NHS code-sets for disability".`,
      `We call for clinical leadership. But does 'clinician' mean 'doctor' or all involved in direct care? Look too at the structure of medicine. Do you see multiple specialities who, like my eye and ear specialists, rarely talk to each other? Do you sense some contradictions emerging?`,
      `So the sociotechnical approach based on systems thinking is laudable. The problem may be turning the mantra into true systems thinking and realistic systems practice by all involved from top to bottom.`,
    ),
    tags: [],
    replies: [],
  },
];

/** "Showing 3 of 4 threads for this page": the fourth thread was not captured and is not seeded. */
export const CAPTURED_THREAD_TOTAL = 4;

// ---------------------------------------------------------------------------
// Home and Reading list
// ---------------------------------------------------------------------------

export const HOME_PAGE: SeedPage = {
  slug: 'home',
  title: 'Home',
  featured: false,
  tags: ['about'],
  areaSlug: null,
  body: paragraphs(
    `Commonplace is a shared space for people who plan, build and use IT in health and social care.`,
    `It rebuilds a wiki from a 2008 NHS masterclass. The masterclass asked what should be done to make a sociotechnical approach the normal way to deliver technology projects in the NHS. A sociotechnical approach treats the technology, the work and the people who do it as one thing to be changed together.`,
    `## Start here`,
    `Read [[Emerging issues]]. It has the question from the masterclass, the recommendations people made on the day, and the discussion that followed.`,
    `The [[Reading list]] has the research behind it.`,
    `## How to take part`,
    `- Read a page and its discussion.\n- Start a discussion or reply to one. Say what has worked for you, what has not, and why.\n- Mark a recommendation with a star if you think it is a simple, realistic mechanism that could be put in place, and say why.\n- Edit a page to add content, correct it or link to other material. Every change is kept, so nothing anyone has written is lost.`,
    `## Accessibility`,
    `Everyone should be able to use this site, including people who use a screen reader, a keyboard only, magnification or other assistive technology. Pages are plain text with clear headings and should load quickly on a slow connection.`,
    `If something stops you reading or taking part, start a discussion on this page or tell a moderator. We will treat it as a fault and fix it.`,
  ),
};

export const READING_LIST_PAGE: SeedPage = {
  slug: 'reading-list',
  title: 'Reading list',
  featured: true,
  tags: ['references'],
  areaSlug: null,
  body: paragraphs(
    `Research that the pages on this site draw on. To see how it applies, read [[Emerging issues]].`,
    `## The masterclass paper`,
    `*Can the NHS IT juggernaut be steered onto a better course?* Authors and year not recorded in our copy. No DOI is recorded.`,
    `Why it matters here: it was written after the masterclass meeting. It argues that the National Programme for IT needs a more holistic strategy that puts social and organisational issues alongside technology, and sets out a local sociotechnical strategy to meet national healthcare goals.`,
    `## Resistance to national IT systems`,
    `Greenhalgh T, Swinglehurst D, Stones R (2014). *Rethinking resistance to 'big IT': a sociological study of why and when healthcare staff do not use nationally mandated information and communication technologies*. Health Services and Delivery Research, volume 2, number 39. DOI: [10.3310/hsdr02390](https://doi.org/10.3310/hsdr02390)`,
    `Why it matters here: it finds that staff 'resistance' to nationally mandated technologies is complex, and concludes that those who want to reduce it should seek a dialogue with professional values at the stage of design and implementation.`,
    `## Progress in acute trusts`,
    `Hendy J, Fulop N, Reeves BC, Hutchings A, Collin S (2007). *Implementing the NHS information technology programme: qualitative study of progress in acute trusts*. BMJ, volume 334, page 1360. DOI: [10.1136/bmj.39195.598461.551](https://doi.org/10.1136/bmj.39195.598461.551)`,
    `Why it matters here: senior managers and clinicians in four acute trusts supported the programme's goals but reported local financial deficits, delays and poor communication with Connecting for Health, and the authors recommend realistic timetables for individual trusts.`,
    `## Electronic health records in hospitals`,
    `Sheikh A, Cornford T, Barber N, Avery A, Takian A, and others (2011). *Implementation and adoption of nationwide electronic health records in secondary care in England: final qualitative results from prospective national evaluation in “early adopter” hospitals*. BMJ, volume 343, d6054. DOI: [10.1136/bmj.d6054](https://doi.org/10.1136/bmj.d6054)`,
    `Why it matters here: in 12 “early adopter” hospitals, implementation went more slowly, with a narrower scope and less clinical functionality than planned, and the delays related partly to unrealistic expectations of the systems and to end users' needs for training and support.`,
  ),
};
