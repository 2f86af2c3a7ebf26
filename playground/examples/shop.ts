// A shop: products in categories, customers place orders of several lines.
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, numeric, pgEnum, pgSequence, pgTable, pgView, primaryKey, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';

export const orderStatus = pgEnum('order_status', ['cart', 'paid', 'shipped', 'cancelled']);
export const orderNumbers = pgSequence('order_numbers', { startWith: 1000 });

export const categories = pgTable('categories', {
  id: serial('id').primaryKey(),
  parentId: integer('parent_id'),
  name: text('name').notNull(),
}, (t) => [foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'categories_parent_fk' }).onDelete('set null')]);

export const products = pgTable('products', {
  id: serial('id').primaryKey(),
  categoryId: integer('category_id').references(() => categories.id),
  sku: varchar('sku', { length: 32 }).notNull().unique(),
  name: text('name').notNull(),
  price: numeric('price', { precision: 10, scale: 2 }).notNull(),
  stock: integer('stock').notNull().default(0),
}, (t) => [check('products_price_positive', sql`${t.price} > 0`), index('products_category_idx').on(t.categoryId)]);

export const customers = pgTable('customers', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
});

export const orders = pgTable('orders', {
  id: serial('id').primaryKey(),
  number: integer('number').notNull().default(sql`nextval('order_numbers')`),
  customerId: integer('customer_id').notNull().references(() => customers.id),
  status: orderStatus('status').notNull().default('cart'),
  placedAt: timestamp('placed_at', { withTimezone: true }),
});

export const orderLines = pgTable('order_lines', {
  orderId: integer('order_id').notNull().references(() => orders.id, { onDelete: 'cascade' }),
  productId: integer('product_id').notNull().references(() => products.id),
  quantity: integer('quantity').notNull(),
}, (t) => [primaryKey({ columns: [t.orderId, t.productId] }), check('order_lines_quantity_positive', sql`${t.quantity} > 0`)]);

export const paidOrders = pgView('paid_orders').as((qb) => qb.select().from(orders).where(sql`${orders.status} = 'paid'`));
