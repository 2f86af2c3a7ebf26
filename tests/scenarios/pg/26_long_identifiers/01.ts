import { sql } from 'drizzle-orm';
import { pgTable, pgSchema, pgEnum, pgSequence, pgView, pgRole, pgPolicy, integer, text, varchar, serial, bigserial, bigint, smallint, boolean, timestamp, jsonb, json, numeric, uuid, real, doublePrecision, date, index, uniqueIndex, unique, check, primaryKey, foreignKey } from 'drizzle-orm/pg-core';
export const parent = pgTable('organisation_membership_entitlements_registry', { identifierOfTheRow: integer('identifier_of_the_row_in_registry').primaryKey() });
export const child = pgTable('organisation_membership_entitlement_assignments', { id: integer('id').primaryKey(), registryRef: integer('registry_reference_identifier').references(() => parent.identifierOfTheRow) });
