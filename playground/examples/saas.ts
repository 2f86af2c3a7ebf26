// A multi-tenant SaaS: every row belongs to a tenant, and row-level security keeps tenants apart.
import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, numeric, pgEnum, pgPolicy, pgRole, pgSchema, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

export const appUser = pgRole('app_user');
export const plan = pgEnum('plan', ['free', 'team', 'enterprise']);

export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  plan: plan('plan').notNull().default('free'),
  settings: jsonb('settings').notNull().default({ seats: 5 }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [check('tenants_name_length', sql`char_length(${t.name}) between 2 and 100`)]);

export const members = pgTable.withRLS('members', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  email: text('email').notNull(),
  role: text('role').notNull().default('member'),
}, (t) => [
  unique('members_tenant_email_unique').on(t.tenantId, t.email),
  pgPolicy('members_tenant_isolation', {
    for: 'all', to: appUser,
    using: sql`${t.tenantId} = current_setting('app.tenant_id')::uuid`,
    withCheck: sql`${t.tenantId} = current_setting('app.tenant_id')::uuid`,
  }),
]);

export const billing = pgSchema('billing');

export const invoices = billing.table.withRLS('invoices', {
  id: integer('id').primaryKey().generatedByDefaultAsIdentity(),
  tenantId: uuid('tenant_id').notNull().references(() => tenants.id, { onDelete: 'cascade' }),
  amount: numeric('amount', { precision: 12, scale: 2 }).notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('invoices_tenant_idx').on(t.tenantId, t.issuedAt.desc()),
  check('invoices_amount_positive', sql`${t.amount} >= 0`),
  pgPolicy('invoices_tenant_read', { for: 'select', to: appUser, using: sql`${t.tenantId} = current_setting('app.tenant_id')::uuid` }),
]);
