-- Names rc.5 turns into invalid TypeScript: non-identifiers, reserved words, names that clash after
-- camel casing, a table named like a pg-core export, quotes and backslashes, a schema with a dash.
CREATE SCHEMA "my-schema";
CREATE TYPE "my-schema"."order status" AS ENUM ('new', 'it''s "done"', 'back\slash');
CREATE TABLE "default" (
  id serial PRIMARY KEY,
  "class" text,
  "user_id" integer,
  "userId" integer,
  "1st" text,
  "my col" text,
  "quote""d" text
);
CREATE TABLE "my-schema"."order items" (
  "item-id" integer PRIMARY KEY,
  status "my-schema"."order status" DEFAULT 'new',
  default_id integer REFERENCES "default"(id)
);
CREATE TABLE user_roles (id serial PRIMARY KEY);
CREATE TABLE "userRoles" (id serial PRIMARY KEY, role_id integer REFERENCES user_roles(id));
CREATE TABLE "index" (id serial PRIMARY KEY, "text" text);
CREATE INDEX "index_text_idx" ON "index" ("text");
CREATE VIEW "my view" AS SELECT "class", "1st" FROM "default";
