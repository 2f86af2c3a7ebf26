// The playground page: editors, panels and state. Every engine call goes to worker.js and every
// database call to db-worker.js, so this thread only edits text and draws results.
import { EditorView, basicSetup } from 'codemirror';
import { Compartment, EditorState } from '@codemirror/state';
import { keymap } from '@codemirror/view';
import { javascript } from '@codemirror/lang-javascript';
import { PostgreSQL, sql as sqlLanguage } from '@codemirror/lang-sql';
import { lintGutter, setDiagnostics } from '@codemirror/lint';
import { oneDark } from '@codemirror/theme-one-dark';
import { decodeState, encodeState } from './share.js';
import { zip } from './zip.js';
import blog from './examples/blog.ts';
import saas from './examples/saas.ts';
import shop from './examples/shop.ts';

const EXAMPLES = { blog, saas, shop };
const moduleStartMs = Math.round(performance.now());
const DEBOUNCE_MS = 250;
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));

/** A worker behind promises: one reply per request, matched by id. */
function connect(url, started) {
  const worker = started ?? new Worker(url, { type: 'module' });
  const pending = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    const { resolve, reject } = pending.get(data.id);
    pending.delete(data.id);
    if (data.ok) resolve(data.result);
    else reject(Object.assign(new Error(data.error.message), data.error));
  };
  // A worker that cannot start (a missing file, say) fails every call instead of leaving it waiting.
  worker.onerror = (event) => {
    event.preventDefault();
    for (const { reject } of pending.values()) reject(new Error(`${url.pathname.slice(1)} failed: ${event.message ?? 'it could not be loaded'}`));
    pending.clear();
  };
  return (message) => new Promise((resolve, reject) => {
    const id = next++;
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...message, id });
  });
}

const engine = connect(new URL('./worker.js', import.meta.url), window.sleetEngineWorker);
let databaseCall;
/** PGlite's worker starts on first use: its 15 MB are not part of loading the page. */
const database = (message) => (databaseCall ??= connect(new URL('./db-worker.js', import.meta.url)))(message);

/**
 * @typedef {{ name?: string, seed: number, nowMs: number, id: string, source: string, hints: object[],
 *   folder: string, migrationSql: string, snapshotJson: string }} Version
 */
const state = {
  example: 'blog',
  /** @type {Version[]} */
  versions: [],
  /** Answers for the next migration's questions. */
  hints: [],
  /** How many versions the in-page database has applied. */
  applied: 0,
  /** The latest engine result for the editor's text. */
  latest: undefined,
  /** Why the page has no database (PGlite not installed), once that is known. */
  noDatabase: undefined,
};

// ---- editors ---------------------------------------------------------------------------------------

// One compartment shared by every editor: switching the theme reconfigures it in each.
const themeCompartment = new Compartment();
const themed = () => themeCompartment.of(document.documentElement.dataset.theme === 'dark' ? oneDark : []);

const schemaEditor = new EditorView({
  parent: $('editor'),
  state: EditorState.create({
    doc: '',
    extensions: [
      basicSetup, javascript({ typescript: true }), lintGutter(), themed(), EditorView.lineWrapping,
      EditorView.contentAttributes.of({ 'aria-label': 'Drizzle schema (TypeScript)' }),
      EditorView.updateListener.of((update) => { if (update.docChanged) schedule(); }),
    ],
  }),
});

function output(parent, label) {
  return new EditorView({
    parent,
    state: EditorState.create({
      extensions: [
        basicSetup, sqlLanguage({ dialect: PostgreSQL }), EditorState.readOnly.of(true), themed(), EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': label }),
      ],
    }),
  });
}
const exportView = output($('export-sql'), 'Export SQL');
const migrationView = output($('migration-sql'), 'Next migration SQL');

const consoleView = new EditorView({
  parent: $('console'),
  state: EditorState.create({
    doc: "select table_name from information_schema.tables where table_schema = 'public';",
    extensions: [
      keymap.of([{ key: 'Mod-Enter', run: () => (runConsole(), true) }]),
      basicSetup, sqlLanguage({ dialect: PostgreSQL }), themed(),
      EditorView.contentAttributes.of({ 'aria-label': 'SQL console' }),
    ],
  }),
});

const setText = (view, text) => {
  if (view.state.doc.toString() !== text) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
};

// ---- the engine, live and debounced ----------------------------------------------------------------

let timer;
let running = false;
let dirty = false;

function schedule(delay = DEBOUNCE_MS) {
  clearTimeout(timer);
  timer = setTimeout(refresh, delay);
}

const snapshotsOf = (versions) => versions.map((v) => ({ folder: v.folder, text: v.snapshotJson }));

/** One request at a time; edits made meanwhile run once it returns, so results never arrive stale. */
async function refresh() {
  if (running) {
    dirty = true;
    return;
  }
  running = true;
  const source = schemaEditor.state.doc.toString();
  const input = {
    source, snapshots: snapshotsOf(state.versions), hints: state.hints, name: versionName(),
    nowMs: nextTime(), newId: crypto.randomUUID(), seed: 1,
  };
  try {
    const result = await engine({ input });
    state.latest = { source, input, result };
    showResult(result);
  } catch (err) {
    state.latest = undefined;
    showError(err);
  } finally {
    running = false;
    document.body.dataset.runs = String(Number(document.body.dataset.runs ?? 0) + 1);
    saveHash();
    if (dirty) {
      dirty = false;
      refresh();
    }
  }
}

const versionName = () => /** @type {HTMLInputElement} */ ($('version-name')).value.trim() || undefined;
/** Folder names are per second: each saved version is at least a second after the one before. */
const nextTime = () => Math.max(Date.now(), (state.versions.at(-1)?.nowMs ?? 0) + 1000);

function showResult({ exported, next, ms, marks }) {
  schemaEditor.dispatch(setDiagnostics(schemaEditor.state, []));
  $('error').hidden = true;
  setText(exportView, exported.statements.join('\n'));
  $('export-warnings').replaceChildren(...exported.warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w })));
  if (window.sleet.firstSqlMs === undefined) {
    window.sleet.firstSqlMs = Math.round(performance.now());
    window.sleet.firstRunMs = Math.round(ms);
    window.sleet.scriptStartMs = moduleStartMs;
    // The engine worker's steps on this page's clock: where the time to the first SQL went.
    window.sleet.workerMs = Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(v - performance.timeOrigin)]));
    console.info(`sleet playground: first SQL on screen ${window.sleet.firstSqlMs} ms after navigation start `
      + `(page script from ${moduleStartMs} ms; the engine worker's first run took ${Math.round(ms)} ms)`);    // Only now, so it never competes with the first SQL: is there a database to run the migrations in?
    database({ type: 'available' }).then(({ missing }) => {
      state.noDatabase = missing;
      if (missing && state.applied === 0) dbStatus(missing, true);
    }, () => {});
  }
  $('run-status').textContent = `first SQL ${window.sleet.firstSqlMs} ms · last run ${Math.round(ms)} ms`;
  showMigration(next);
}

function showMigration(next) {
  const save = /** @type {HTMLButtonElement} */ ($('save'));
  const base = state.versions.at(-1);
  $('migration-note').textContent = base ? `From ${base.folder} to the editor's schema.` : 'The first migration: from nothing to the editor\'s schema.';
  $('questions').replaceChildren(...(next.status === 'missing_hints' ? next.unresolved.map(question) : []));
  showHints();
  $('migration-warnings').replaceChildren(...next.warnings.map((w) => Object.assign(document.createElement('li'), { textContent: w })));
  showHazards(next.status === 'ok' ? next.hazards ?? [] : []);
  if (next.status === 'ok') setText(migrationView, next.migrationSql);
  else if (next.status === 'no_changes') setText(migrationView, '-- no changes since the last saved version');
  else setText(migrationView, '-- answer the questions above to see the migration');
  save.disabled = next.status !== 'ok';
  save.title = next.status === 'ok' ? `writes ${next.folder}` : next.status === 'no_changes' ? 'nothing changed' : 'questions unanswered';
  $('migration-sql').dataset.status = next.status;
}

const dotted = (entity) => entity.join('.');

const element = (tag, className, textContent) => Object.assign(document.createElement(tag), { className, textContent });

/** The plan's hazards (src/hazards), each with its statement, why it is one, and the safer way. */
function showHazards(hazards) {
  $('hazards').hidden = hazards.length === 0;
  $('hazards-heading').textContent = `Hazards (${hazards.length})`;
  $('hazard-list').replaceChildren(...hazards.map((h) => {
    const li = element('li', 'hazard');
    Object.assign(li.dataset, { code: h.code, severity: h.severity, entity: h.entity });
    const head = element('div', 'head');
    head.append(element('span', 'severity', h.severity), element('code', '', h.code), ` · ${h.entity} · statement ${h.statement + 1}`);
    li.append(head, element('p', 'why', h.why), element('p', 'safer', `Safer: ${h.safer}`));
    return li;
  }));
}

/** A rename-or-create (or data-loss) question, answered with buttons that become hints. */
function question(u) {
  const box = document.createElement('div');
  box.className = 'question';
  const text = document.createElement('div');
  const answers = document.createElement('div');
  answers.className = 'row';
  const answer = (label, hint) => {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: label });
    button.addEventListener('click', () => {
      state.hints = [...state.hints, hint];
      refresh();
    });
    answers.append(button);
  };
  if (u.type === 'rename_or_create') {
    text.innerHTML = `Is the ${u.kind} <code></code> new, or renamed?`;
    text.querySelector('code').textContent = dotted(u.entity);
    for (const from of u.candidates ?? []) answer(`Renamed from ${dotted(from)}`, { type: 'rename', kind: u.kind, from, to: u.entity });
    answer(`New ${u.kind}`, { type: 'create', kind: u.kind, entity: u.entity });
  } else {
    text.innerHTML = `Dropping the ${u.kind} <code></code> loses data${u.reason ? ` (${u.reason})` : ''}.`;
    text.querySelector('code').textContent = dotted(u.entity);
    answer('Confirm data loss', { type: 'confirm_data_loss', kind: u.kind, entity: u.entity });
  }
  box.append(text, answers);
  return box;
}

function describeHint(h) {
  if (h.type === 'rename') return `rename ${h.kind} ${dotted(h.from)} → ${dotted(h.to)}`;
  if (h.type === 'create') return `create ${h.kind} ${dotted(h.entity)}`;
  return `confirm data loss: ${h.kind} ${dotted(h.entity)}`;
}

function showHints() {
  const chips = state.hints.map((hint, i) => {
    const chip = Object.assign(document.createElement('span'), { className: 'hint' });
    const remove = Object.assign(document.createElement('button'), { type: 'button', textContent: '✕', title: 'forget this answer' });
    remove.setAttribute('aria-label', `forget: ${describeHint(hint)}`);
    remove.addEventListener('click', () => {
      state.hints = state.hints.filter((_, j) => j !== i);
      refresh();
    });
    chip.append(Object.assign(document.createElement('code'), { textContent: describeHint(hint) }), remove);
    return chip;
  });
  if (chips.length) {
    const cli = Object.assign(document.createElement('div'), { className: 'cli' });
    cli.textContent = `sleet generate --hints '${JSON.stringify(state.hints)}'`;
    chips.push(cli);
  }
  $('hints').replaceChildren(...chips);
}

function showError(err) {
  const where = err.line ? `schema.ts:${err.line}${err.column ? `:${err.column}` : ''}  ` : '';
  $('error').textContent = `${where}${err.message}`;
  $('error').hidden = false;
  $('error').dataset.line = err.line ?? '';
  $('run-status').textContent = 'error';
  const doc = schemaEditor.state.doc;
  if (err.line && err.line <= doc.lines) {
    const line = doc.line(err.line);
    const from = Math.min(line.from + Math.max((err.column ?? 1) - 1, 0), line.to);
    schemaEditor.dispatch(setDiagnostics(schemaEditor.state, [{ from, to: line.to, severity: 'error', message: err.message }]));
  } else schemaEditor.dispatch(setDiagnostics(schemaEditor.state, []));
  /** @type {HTMLButtonElement} */ ($('save')).disabled = true;
}

$('error').addEventListener('click', () => {
  const line = Number($('error').dataset.line);
  if (!line) return;
  schemaEditor.dispatch({ selection: { anchor: schemaEditor.state.doc.line(line).from }, scrollIntoView: true });
  schemaEditor.focus();
});

// ---- versions --------------------------------------------------------------------------------------

/** Runs the engine for a version with fixed time, id and seed, so the same inputs rebuild it exactly. */
async function buildVersion(v, before) {
  const { next } = await engine({
    input: { source: v.source, snapshots: snapshotsOf(before), hints: v.hints, name: v.name, nowMs: v.nowMs, newId: v.id, seed: v.seed },
  });
  if (next.status !== 'ok') throw new Error(`version ${v.name ?? ''} no longer generates (${next.status})`);
  return { ...v, folder: next.folder, migrationSql: next.migrationSql, snapshotJson: next.snapshotJson };
}

let saving = false;

async function saveVersion() {
  if (saving || /** @type {HTMLButtonElement} */ ($('save')).disabled) return;
  saving = true;
  const v = {
    name: versionName(), seed: Math.floor(Math.random() * 2 ** 31), nowMs: nextTime(), id: crypto.randomUUID(),
    source: schemaEditor.state.doc.toString(), hints: state.hints,
  };
  try {
    state.versions = [...state.versions, await buildVersion(v, state.versions)];
  } catch (err) {
    showError(err);
    return;
  } finally {
    saving = false;
  }
  state.hints = [];
  /** @type {HTMLInputElement} */ ($('version-name')).value = '';
  showVersions();
  await refresh();
}

function showVersions() {
  $('version-count').textContent = String(state.versions.length);
  $('versions').replaceChildren(...state.versions.map((v, i) => {
    const li = document.createElement('li');
    const details = document.createElement('details');
    const summary = Object.assign(document.createElement('summary'), { textContent: `${v.folder}/migration.sql` });
    if (i < state.applied) summary.textContent += '  ✓ applied';
    details.append(summary, Object.assign(document.createElement('pre'), { textContent: v.migrationSql }));
    li.append(details);
    return li;
  }));
  const none = state.versions.length === 0;
  /** @type {HTMLButtonElement} */ ($('download')).disabled = none;
  /** @type {HTMLButtonElement} */ ($('clear-versions')).disabled = none;
  const pending = state.versions.length - state.applied;
  /** @type {HTMLButtonElement} */ ($('apply')).disabled = pending <= 0;
  $('apply').textContent = pending > 0 ? `Apply ${pending} saved version${pending === 1 ? '' : 's'}` : 'Apply saved versions';
}

$('save-form').addEventListener('submit', (e) => {
  e.preventDefault();
  saveVersion();
});
$('version-name').addEventListener('input', () => schedule());

$('download').addEventListener('click', () => {
  const files = state.versions.flatMap((v) => [
    { name: `drizzle/${v.folder}/migration.sql`, text: v.migrationSql },
    { name: `drizzle/${v.folder}/snapshot.json`, text: v.snapshotJson },
  ]);
  const url = URL.createObjectURL(new Blob([zip(files)], { type: 'application/zip' }));
  const link = Object.assign(document.createElement('a'), { href: url, download: 'drizzle.zip' });
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
});

$('clear-versions').addEventListener('click', async () => {
  state.versions = [];
  state.hints = [];
  await resetDatabase();
  showVersions();
  refresh();
});

// ---- the in-page database --------------------------------------------------------------------------

function dbStatus(text, error = false) {
  $('db-status').textContent = text;
  $('db-status').classList.toggle('error', error);
}

async function applyVersions() {
  const pending = state.versions.slice(state.applied);
  if (pending.length === 0) return;
  selectTab('database');
  dbStatus(`applying ${pending.length}…`);
  try {
    const { applied, error, tables } = await database({ type: 'apply', migrations: pending.map((v) => ({ folder: v.folder, sql: v.migrationSql })) });
    state.applied += applied;
    showTables(tables);
    if (error) dbStatus(`${state.applied} applied; ${error}`, true);
    else dbStatus(`${state.applied} applied`);
  } catch (err) {
    dbStatus(err.message, true);
  }
  showVersions();
}

async function resetDatabase() {
  if (databaseCall) showTables((await database({ type: 'reset' })).tables);
  state.applied = 0;
  dbStatus(state.noDatabase ?? 'empty', Boolean(state.noDatabase));
  showVersions();
}

function table(caption, head, rows) {
  const t = document.createElement('table');
  t.append(Object.assign(document.createElement('caption'), { textContent: caption }));
  const tr = document.createElement('tr');
  tr.append(...head.map((h) => Object.assign(document.createElement('th'), { textContent: h })));
  t.append(tr);
  for (const row of rows) {
    const r = document.createElement('tr');
    r.append(...row.map((cell, i) => Object.assign(document.createElement('td'), {
      textContent: cell === null ? 'null' : typeof cell === 'object' ? JSON.stringify(cell) : String(cell),
      className: i === 1 && head[1] === 'type' ? 'type' : '',
    })));
    t.append(r);
  }
  return t;
}

function showTables(tables) {
  $('tables').replaceChildren(...tables.map((t) => {
    const el = table(`${t.schema}.${t.name}${t.kind === 'table' ? '' : ` (${t.kind})`}`, ['column', 'type', 'null', 'default'],
      t.columns.map((c) => [c.name, c.type, c.nullable ? 'yes' : '', c.default ?? '']));
    el.dataset.table = `${t.schema}.${t.name}`;
    return el;
  }));
}

async function runConsole() {
  selectTab('database');
  try {
    const { results, tables } = await database({ type: 'query', sql: consoleView.state.doc.toString() });
    $('results').replaceChildren(...results.map((r, i) => (r.fields.length
      ? table(`result ${i + 1}: ${r.rows.length} row${r.rows.length === 1 ? '' : 's'}`, r.fields, r.rows.map((row) => r.fields.map((f) => row[f])))
      : Object.assign(document.createElement('pre'), { textContent: `ok${r.affectedRows ? `, ${r.affectedRows} rows` : ''}` }))));
    showTables(tables);
  } catch (err) {
    $('results').replaceChildren(Object.assign(document.createElement('pre'), { className: 'error', textContent: err.message }));
  }
}

$('apply').addEventListener('click', applyVersions);
$('reset-db').addEventListener('click', resetDatabase);
$('run-sql').addEventListener('click', runConsole);

// ---- tabs, theme, examples, keys ---------------------------------------------------------------------

const TABS = ['export', 'migration', 'versions', 'database'];

function selectTab(name, focus = false) {
  for (const t of TABS) {
    const tab = $(`tab-${t}`);
    tab.setAttribute('aria-selected', String(t === name));
    tab.tabIndex = t === name ? 0 : -1;
    $(`panel-${t}`).hidden = t !== name;
  }
  if (focus) $(`tab-${name}`).focus();
}

for (const t of TABS) $(`tab-${t}`).addEventListener('click', () => selectTab(t));
$('right').querySelector('[role="tablist"]').addEventListener('keydown', (e) => {
  const at = TABS.findIndex((t) => $(`tab-${t}`).getAttribute('aria-selected') === 'true');
  const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
  if (step) selectTab(TABS[(at + step + TABS.length) % TABS.length], true);
});

function setTheme(theme) {
  document.documentElement.dataset.theme = theme;
  localStorage.setItem('sleet-theme', theme);
  const dark = theme === 'dark';
  for (const view of [schemaEditor, exportView, migrationView, consoleView]) view.dispatch({ effects: themeCompartment.reconfigure(dark ? oneDark : []) });
  $('theme').textContent = dark ? 'Light' : 'Dark';
  $('theme').setAttribute('aria-pressed', String(dark));
}

$('theme').addEventListener('click', () => setTheme(document.documentElement.dataset.theme === 'dark' ? 'light' : 'dark'));
$('keys').addEventListener('click', () => {
  const open = $('shortcuts').hidden;
  $('shortcuts').hidden = !open;
  $('keys').setAttribute('aria-expanded', String(open));
});

document.addEventListener('keydown', (e) => {
  const mod = e.ctrlKey || e.metaKey;
  if (mod && !e.shiftKey && e.key.toLowerCase() === 's') {
    e.preventDefault();
    saveVersion();
  } else if (mod && e.shiftKey && e.key === 'Enter') {
    e.preventDefault();
    applyVersions();
  } else if (e.altKey && /^Digit[1-4]$/.test(e.code)) {
    e.preventDefault();
    selectTab(TABS[Number(e.code.slice(5)) - 1], true);
  } else if (e.altKey && e.code === 'KeyE') {
    e.preventDefault();
    schemaEditor.focus();
  } else if (e.altKey && e.code === 'KeyT') {
    e.preventDefault();
    $('theme').click();
  }
});

async function loadExample(name) {
  state.example = name;
  /** @type {HTMLSelectElement} */ ($('example')).value = name;
  state.versions = [];
  state.hints = [];
  await resetDatabase();
  showVersions();
  setText(schemaEditor, EXAMPLES[name]);
  schedule(0);
}

$('example').addEventListener('change', (e) => loadExample(/** @type {HTMLSelectElement} */ (e.target).value));

// ---- the URL hash --------------------------------------------------------------------------------------

async function writeHash() {
  const hash = await encodeState({
    v: 1, example: state.example, source: schemaEditor.state.doc.toString(), hints: state.hints,
    versions: state.versions.map(({ name, seed, nowMs, id, source, hints }) => ({ name, seed, nowMs, id, source, hints })),
  });
  if (hash !== location.hash) history.replaceState(null, '', hash);
  document.body.dataset.hashSaved = String(Date.now());
}

let hashTimer;
function saveHash() {
  clearTimeout(hashTimer);
  hashTimer = setTimeout(writeHash, 200);
}

$('share').addEventListener('click', async () => {
  clearTimeout(hashTimer);
  await writeHash();
  await navigator.clipboard?.writeText(location.href).catch(() => {});
  $('share').textContent = 'Link copied';
  setTimeout(() => { $('share').textContent = 'Copy link'; }, 1500);
});

async function restore() {
  const saved = await decodeState(location.hash).catch(() => undefined);
  if (!saved) return loadExample('blog');
  state.example = saved.example ?? 'blog';
  /** @type {HTMLSelectElement} */ ($('example')).value = state.example;
  setText(schemaEditor, saved.source);
  try {
    for (const v of saved.versions ?? []) state.versions.push(await buildVersion(v, state.versions));
  } catch (err) {
    showError(err);
  }
  state.hints = saved.hints ?? [];
  showVersions();
  schedule(0);
}

/** For people and scripts driving the page: its editors' texts and its state. */
window.sleet = {
  /** ms from navigation start to the first export SQL on screen. */
  firstSqlMs: undefined,
  state,
  schema: () => schemaEditor.state.doc.toString(),
  exportSql: () => exportView.state.doc.toString(),
  migrationSql: () => migrationView.state.doc.toString(),
};

setTheme(document.documentElement.dataset.theme === 'dark' ? 'dark' : 'light');
restore();
