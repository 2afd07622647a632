import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A slug a page had before it was renamed: links and bookmarks to it still arrive. */
@Entity('page_redirects')
export class PageRedirect {
  @PrimaryColumn({ type: 'text' })
  slug!: string;

  @Column({ name: 'page_id', type: 'int' })
  pageId!: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
