import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JOINABLE_ROOM } from '@commonplace/live-events';
import { SiteSettingsService } from '../site/site-settings.service';

export type RoomRefusal = 'Unknown room' | 'No such page' | 'No such thread' | 'No such area' | 'Sign in to follow this site';

/**
 * Who may join which room: only rooms of things that exist and the viewer may read: not deleted,
 * and for a thread hidden by a moderator, only moderators and administrators who are not suspended
 * (as `mayReadHidden` decides for its text).
 */
@Injectable()
export class RoomAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly site: SiteSettingsService,
  ) {}

  /** null when the viewer (user id, or null when anonymous) may join the room; otherwise why not. */
  async refusal(room: unknown, viewerId: number | null): Promise<RoomRefusal | null> {
    if (typeof room !== 'string' || !JOINABLE_ROOM.test(room)) return 'Unknown room';
    // A private site's rooms are for people signed in, as its pages are.
    if (viewerId === null && (await this.site.isPrivate())) return 'Sign in to follow this site';
    const [kind, key] = room.split(':') as ['page' | 'thread' | 'area', string];
    if (kind === 'thread') return (await this.threadReadable(key, viewerId)) ? null : 'No such thread';
    if (kind === 'page') {
      const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM pages WHERE slug = $1 AND deleted_at IS NULL', [key]);
      return rows.length > 0 ? null : 'No such page';
    }
    const rows: unknown[] = await this.dataSource.query('SELECT 1 FROM areas WHERE slug = $1', [key]);
    return rows.length > 0 ? null : 'No such area';
  }

  /** The thread exists and this viewer may read it. */
  private async threadReadable(key: string, viewerId: number | null): Promise<boolean> {
    if (!/^[1-9][0-9]{0,9}$/.test(key) || Number(key) > 2_147_483_647) return false;
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM threads t JOIN pages p ON p.id = t.page_id
       WHERE t.id = $1 AND p.deleted_at IS NULL
         AND (t.hidden_at IS NULL OR EXISTS (SELECT 1 FROM users u WHERE u.id = $2 AND u.role IN ('moderator', 'admin') AND u.suspended_at IS NULL))`,
      [Number(key), viewerId],
    );
    return rows.length > 0;
  }
}
