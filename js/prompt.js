/**
 * Interactive answers to rename-vs-create questions. Only ever used when stdin is a terminal.
 */
import readline from 'node:readline/promises';

/**
 * Ask one question per unresolved decision; returns hints in rc.5's shape.
 * @param {any[]} unresolved
 * @param {{ input?: NodeJS.ReadableStream, output?: NodeJS.WritableStream }} [streams]
 * @returns {Promise<any[]>}
 */
export async function askRenames(unresolved, streams = {}) {
  const rl = readline.createInterface({ input: streams.input ?? process.stdin, output: streams.output ?? process.stderr });
  const used = new Set();
  const hints = [];
  try {
    for (const u of unresolved) {
      if (u.type !== 'rename_or_create') continue;
      const options = [{ label: `+ ${u.entity.join('.')}  create`, hint: { type: 'create', kind: u.kind, entity: u.entity } }];
      for (const c of u.candidates ?? []) {
        if (used.has(JSON.stringify(c))) continue;
        options.push({ label: `~ ${c.join('.')} › ${u.entity.join('.')}  rename`, hint: { type: 'rename', kind: u.kind, from: c, to: u.entity }, from: c });
      }
      if (options.length === 1) {
        // Every candidate is taken: "create" is the only possible answer, so do not ask.
        (streams.output ?? process.stderr).write(`+ ${u.entity.join('.')} ${u.kind} will be created\n`);
        hints.push(options[0].hint);
        continue;
      }
      const menu = options.map((o, i) => `  ${i + 1}) ${o.label}`).join('\n');
      let choice = -1;
      while (choice < 0) {
        const answer = await rl.question(`Is ${u.kind} ${u.entity.join('.')} created or renamed from another ${u.kind}?\n${menu}\nChoice [1]: `);
        const n = answer.trim() === '' ? 1 : Number(answer.trim());
        if (Number.isInteger(n) && n >= 1 && n <= options.length) choice = n - 1;
      }
      const picked = options[choice];
      if (picked.from) used.add(JSON.stringify(picked.from));
      hints.push(picked.hint);
    }
  } finally {
    rl.close();
  }
  return hints;
}
