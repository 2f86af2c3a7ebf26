// Types of the browser entry (`import { … } from 'sleet'` under the "browser" export condition).
import type { Hint, Unresolved } from './index.js';

export type { Hint, Unresolved };

/** One `<folder>/snapshot.json` of a migrations folder, as text. */
export interface SnapshotFile {
  folder: string;
  text: string;
}

export interface EngineGenerateInput {
  dialect: 'postgresql';
  /** From `describePgSchema`. */
  schema: unknown;
  snapshots?: SnapshotFile[];
  hints?: Hint[];
  name?: string;
  custom?: boolean;
  breakpoints?: boolean;
  /** Wall clock in ms since the epoch (the engine has no clock). */
  nowMs: number;
  /** A fresh UUID v4 for the new snapshot (the engine has no randomness). */
  newId: string;
  /** Seed of the random `<adjective>_<noun>` name when `name` is absent. */
  seed?: number;
  explain?: boolean;
  roleStatements?: 'plain' | 'guarded';
  /** The migrations folder as the config names it, for paths in conflict reports. */
  out?: string;
}

export interface EngineGenerateResult {
  status: 'ok' | 'no_changes' | 'missing_hints';
  unresolved: Unresolved[];
  statements: string[];
  jsonStatements: unknown[];
  /** `<YYYYMMDDHHMMSS>_<name>`: write `migrationSql` and `snapshotJson` into this folder. */
  folder: string;
  migrationSql: string;
  snapshotJson: string;
  warnings: string[];
}

/**
 * Load the engine; `wasm` is the uncompressed engine or where it is served from (default: the package's
 * `pkg/web/sleet_bg.wasm.br`, decompressed in the page by `pkg/unbrotli/unbrotli.wasm`).
 */
export function initSleet(wasm?: RequestInfo | URL | BufferSource | WebAssembly.Module): Promise<unknown>;
export function describePgSchema(modules: Array<Record<string, unknown>>, drizzle: { orm: unknown; pgCore: unknown }): unknown;
export function generate(input: EngineGenerateInput): Promise<EngineGenerateResult>;
export function exportSql(input: { dialect: 'postgresql'; schema: unknown; roleStatements?: 'plain' | 'guarded' }): Promise<{ statements: string[]; warnings: string[] }>;
/** drizzle-kit 1.0's `check` envelope for a folder's snapshots. */
export function check(input: { dialect: 'postgresql'; out: string; snapshots: SnapshotFile[]; ignoreConflicts?: boolean }): Promise<Record<string, unknown>>;
