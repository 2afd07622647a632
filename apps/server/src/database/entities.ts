import { Session } from '../accounts/session.entity';
import { AuditEntry } from '../moderation/audit-entry.entity';
import { User } from '../accounts/user.entity';
import { Change } from '../changes/change.entity';
import { Page } from '../pages/page.entity';
import { PageRedirect } from '../pages/page-redirect.entity';
import { Revision } from '../pages/revision.entity';
import { Area } from '../recommendations/area.entity';
import { Recommendation } from '../recommendations/recommendation.entity';
import { Star } from '../recommendations/star.entity';
import { Reply } from '../discussions/reply.entity';
import { Thread } from '../discussions/thread.entity';
import { Flag } from '../moderation/flag.entity';

export const entities = [User, Session, Area, Recommendation, Star, Page, PageRedirect, Revision, Change, Thread, Reply, AuditEntry, Flag];
