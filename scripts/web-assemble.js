#!/usr/bin/env node
// web-assemble.js - puts web/calcsim.html together: the page template web/src/index.html
// with every stylesheet, script, the WebAssembly module (emscripten's SINGLE_FILE output,
// the wasm inlined as base64) and the scenario table inlined, so that the one file opens
// from file:// with no server and no network. Called by scripts/build-web.sh:
//
//   node scripts/web-assemble.js --wasm-js F.js --scenarios S.json --hash H --out PAGE
//
// The output depends only on its inputs (no dates, no paths), so rebuilding unchanged
// sources gives a byte-identical page.
'use strict';
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, '')] = process.argv[i + 1];
for (const k of ['wasm-js', 'scenarios', 'hash', 'out'])
  if (!args[k]) throw new Error(`web-assemble.js: --${k} is missing`);

const read = (p) => fs.readFileSync(p, 'utf8');
const web = (p) => path.join(root, 'web', p);
// Inlined JavaScript must not close its <script> element early.
const js = (text) => text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');

const scenarios = JSON.parse(read(args.scenarios));
const scenariosJson = JSON.stringify(scenarios).replace(/</g, '\\u003c');
const uplotVersion = JSON.parse(read(web('node_modules/uplot/package.json'))).version;

let page = read(web('src/index.html'));
const parts = {
  '@SOURCE_HASH@': args.hash,
  '@UPLOT_VERSION@': uplotVersion,
  '/*@STYLE@*/': read(web('node_modules/uplot/dist/uPlot.min.css')) + '\n' + read(web('src/app.css')),
  '/*@UPLOT@*/': js(read(web('node_modules/uplot/dist/uPlot.iife.min.js'))),
  '/*@WASM@*/': js(read(args['wasm-js'])),
  '/*@SCENARIOS@*/': scenariosJson,
  '/*@STORIES@*/': js(read(web('src/stories.js'))),
  '/*@APP@*/': js(read(web('src/app.js'))),
};
for (const [key, value] of Object.entries(parts)) {
  if (!page.includes(key)) throw new Error(`web-assemble.js: ${key} is not in index.html`);
  page = page.split(key).join(value); // join inserts value literally ($ is not special)
}
fs.writeFileSync(args.out, page);
