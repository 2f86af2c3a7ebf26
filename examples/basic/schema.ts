// A small publishing app: authors write posts, readers comment, posts carry tags.
import { sql } from 'drizzle-orm';
import {
  boolean, check, index, integer, jsonb, pgEnum, pgSchema, pgTable, primaryKey, serial, text, timestamp,
  uniqueIndex, uuid, varchar,
} from 'drizzle-orm/pg-core';

export const postStatus = pgEnum('post_status', ['draft', 'published', 'archived']);

export const users = pgTable('users', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  email: varchar('email', { length: 320 }).notNull(),
  displayName: text('display_name').notNull(),
  bio: text('bio'),
  settings: jsonb('settings').$type<{ theme: 'light' | 'dark' }>().default({ theme: 'light' }),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
}, (t) => [
  uniqueIndex('users_email_idx').on(sql`lower(${t.email})`),
]);

export const posts = pgTable('posts', {
  id: uuid('id').defaultRandom().primaryKey(),
  authorId: integer('author_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  status: postStatus('status').notNull().default('draft'),
  publishedAt: timestamp('published_at', { withTimezone: true }),
  wordCount: integer('word_count').notNull().default(0),
}, (t) => [
  index('posts_author_idx').on(t.authorId),
  index('posts_published_idx').on(t.publishedAt).where(sql`${t.status} = 'published'`),
  check('posts_word_count_check', sql`${t.wordCount} >= 0`),
]);

export const comments = pgTable('comments', {
  id: serial('id').primaryKey(),
  postId: uuid('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
  authorId: integer('author_id').references(() => users.id, { onDelete: 'set null' }),
  body: text('body').notNull(),
  hidden: boolean('hidden').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).defaultNow().notNull(),
});

export const tags = pgTable('tags', {
  id: serial('id').primaryKey(),
  name: varchar('name', { length: 64 }).notNull().unique(),
});

export const postTags = pgTable('post_tags', {
  postId: uuid('post_id').notNull().references(() => posts.id, { onDelete: 'cascade' }),
  tagId: integer('tag_id').notNull().references(() => tags.id),
}, (t) => [primaryKey({ columns: [t.postId, t.tagId] })]);

export const analytics = pgSchema('analytics');

export const pageViews = analytics.table('page_views', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  postId: uuid('post_id').references(() => posts.id),
  viewedAt: timestamp('viewed_at').defaultNow().notNull(),
  referrer: text('referrer'),
});
