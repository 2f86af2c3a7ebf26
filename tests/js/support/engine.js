// The whole engine as the package ships it (pkg/web), instantiated synchronously so tests can call
// its exports directly: `import { pgModel } from './support/engine.js'`.
import { readFileSync } from 'node:fs';
import { initSync } from '../../../pkg/web/sleet.js';

initSync({ module: readFileSync(new URL('../../../pkg/web/sleet_bg.wasm', import.meta.url)) });

export * from '../../../pkg/web/sleet.js';
