// browser.test.js - web/calcsim.html in a real browser: Debian's chromium, headless, driven
// by playwright-core (npm) with executablePath /usr/bin/chromium. Run with node's test
// runner (scripts/test-web.sh does it, and .ci/run calls that):
//
//   CALCSIM_BIN=build/calcsim node --test web/test/
//
// Environment: CALCSIM_BIN (the native program, required: the numbers are compared with
// it), CALCSIM_PAGE (default web/calcsim.html), CALCSIM_WEB_OUT (screenshots and timings;
// default build-web/browser-test), CHROMIUM (default /usr/bin/chromium).
// Timings are measured and reported, never asserted.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');

const root = path.resolve(__dirname, '../..');
const page0 = path.resolve(root, process.env.CALCSIM_PAGE || 'web/calcsim.html');
const pageUrl = 'file://' + page0;
const outDir = path.resolve(root, process.env.CALCSIM_WEB_OUT || 'build-web/browser-test');
const bin = process.env.CALCSIM_BIN ? path.resolve(root, process.env.CALCSIM_BIN) : null;
fs.mkdirSync(outDir, { recursive: true });

let browser;
const report = {};

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
});
after(async () => {
  if (browser) await browser.close();
  fs.writeFileSync(path.join(outDir, 'report.json'), JSON.stringify(report, null, 2) + '\n');
  console.log('browser test report: ' + JSON.stringify(report));
});

// A fresh page at url (default the page itself); every request that is not file: or data:
// is recorded and refused, so the test proves the page needs no network.
async function open(url = pageUrl, viewport = { width: 1600, height: 1300 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const network = [];
  const errors = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:') || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    network.push(u);
    return route.abort();
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForFunction(() => window.calcsim && window.calcsim.ready === true, null, { timeout: 30000 });
  return { page, context, network, errors };
}

// The end values in the summary table: {run: {column: number}}.
async function summary(page) {
  return page.$$eval('#summary tbody tr', (rows) => Object.fromEntries(rows.map((tr) => [tr.dataset.run,
    Object.fromEntries([...tr.querySelectorAll('td[data-column]')].map((td) => [td.dataset.column, Number(td.dataset.value)]))])));
}

// Runs the native program; returns {meta: [# lines], header: [...], lines: [data lines], rows: [[numbers]]}.
function nativeRun(scenario, params) {
  const args = ['run', scenario, '-q'];
  for (const [k, v] of Object.entries(params || {})) args.push('--set', `${k}=${v}`);
  const text = execFileSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 28, env: Object.assign({}, process.env, { CALCSIM_MODELS: path.join(root, 'models') }) });
  return parseCsv(text);
}
function parseCsv(text) {
  const all = text.split('\n').filter((l) => l !== '');
  const meta = all.filter((l) => l.startsWith('#'));
  const body = all.filter((l) => !l.startsWith('#'));
  return { meta, header: body[0].split(','), lines: body.slice(1), rows: body.slice(1).map((l) => l.split(',').map(Number)) };
}

test('the page loads from file:// with no network, shows the disclaimer and draws four panels', async () => {
  const { page, context, network, errors } = await open();
  assert.deepEqual(network, [], 'no request may leave the machine');
  assert.deepEqual(errors, []);
  const disclaimer = page.locator('#disclaimer');
  assert.equal(await disclaimer.textContent(), 'Educational toy model - not medical advice');
  assert.ok(await disclaimer.isVisible());
  assert.equal(await page.locator('#panels .panel canvas').count(), 4);
  for (const unit of ['[mmol/L]', '[g]', '[mg]', '[%]']) assert.ok((await page.locator('#panels').textContent()).includes(unit));
  const s = await summary(page);
  assert.ok(s.current && s.current.vessel_ca_mg > 50, 'the baseline run is in the summary table');
  assert.ok(await page.$eval('meta[name="calcsim-source-hash"]', (m) => /^[0-9a-f]{64}$/.test(m.content)));
  await page.screenshot({ path: path.join(outDir, 'page-baseline.png'), fullPage: true });
  // the disclaimer stays visible when the page is scrolled
  await page.mouse.wheel(0, 2000);
  await page.waitForTimeout(100);
  assert.ok(await disclaimer.isVisible());
  const box = await disclaimer.boundingBox();
  assert.ok(box && box.y >= -1 && box.y < 5, 'the disclaimer sticks to the top');
  await context.close();
});

test('a slider moved with the keyboard (a real input event) changes the curves and the summary', async () => {
  const { page, context } = await open();
  const before = await summary(page);
  const canvasBefore = await page.$eval('#panel-vessel canvas', (c) => c.toDataURL());
  const slider = page.locator('#p-k2_intake_ug_per_day');
  await slider.focus();
  for (let i = 0; i < 10; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => document.querySelector('#p-k2_intake_ug_per_day-n').value === '80');
  const afterS = await summary(page);
  const canvasAfter = await page.$eval('#panel-vessel canvas', (c) => c.toDataURL());
  assert.notEqual(canvasAfter, canvasBefore, 'the vessel panel was redrawn with other data');
  assert.ok(afterS.current.vessel_ca_mg < before.current.vessel_ca_mg, 'more K2 -> less vessel calcium');
  assert.ok(afterS.current.mgp_carboxylated_pct > before.current.mgp_carboxylated_pct, 'more K2 -> more active MGP');
  assert.match(await page.evaluate(() => location.hash), /k2_intake_ug_per_day=80/);
  // the same with the exact-number box
  await page.fill('#p-years-n', '3');
  await page.press('#p-years-n', 'Enter');
  await page.waitForFunction(() => Number(document.querySelector('#summary td[data-column="t_years"]').dataset.value) === 3);
  await context.close();
});

test('the numbers equal the native calcsim run within 1e-9 relative, and so does the CSV', { skip: !bin && 'CALCSIM_BIN not set' }, async () => {
  const { page, context } = await open();
  const configs = [
    ['baseline', {}],
    ['k2_supplement', { years: 3 }],
    ['warfarin', { k2_intake_ug_per_day: 0, years: 2 }],
    ['ckd_with_k2', { years: 20, output_every_days: 30 }],
    ['mk7_weekly', {}],
    ['established_calcification_with_k2', { magnesium_intake_mg_per_day: 200 }],
    ['d3_high_without_k2', { calcium_intake_mg_per_day: 1500, initial_vessel_ca_mg: 400, kidney_function: 0.6 }],
  ];
  let maxRel = 0, cells = 0, identicalLines = 0, totalLines = 0;
  for (const [scenario, params] of configs) {
    const native = nativeRun(scenario, params);
    const rows = await page.evaluate(([scenario, params]) => window.calcsim.run({ scenario, params }), [scenario, params]);
    assert.equal(rows.length, native.rows.length, `${scenario}: row count`);
    for (let i = 0; i < rows.length; i++) {
      native.header.forEach((k, j) => {
        const a = rows[i][k], b = native.rows[i][j];
        const rel = Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b), 1e-300);
        if (a !== b) maxRel = Math.max(maxRel, rel);
        cells++;
        assert.ok(a === b || rel <= 1e-9, `${scenario} row ${i} ${k}: page ${a}, native ${b} (relative ${rel})`);
      });
    }
    // the CSV the page downloads: the calcsim run contract, metadata lines included
    const csv = parseCsv(await page.evaluate(([scenario, params]) => window.calcsim.csv({ scenario, params }), [scenario, params]));
    assert.deepEqual(csv.header, native.header);
    assert.equal(csv.meta[0], native.meta[0]);
    assert.equal(csv.meta[1], '# Educational toy model - not medical advice');
    const strip = (m) => m.filter((l) => !/^# (scenario file|command):/.test(l));
    assert.deepEqual(strip(csv.meta).map((l) => l.split(':')[0].split(' =')[0]), strip(native.meta).map((l) => l.split(':')[0].split(' =')[0]), `${scenario}: the same metadata lines`);
    const paramLines = (m) => m.filter((l) => l.startsWith('# parameter '));
    assert.deepEqual(paramLines(csv.meta), paramLines(native.meta), `${scenario}: parameter lines with origins`);
    assert.equal(csv.lines.length, native.lines.length);
    csv.lines.forEach((l, i) => { totalLines++; if (l === native.lines[i]) identicalLines++; });
  }
  report.agreement = { configurations: configs.length, cells, max_relative_difference: maxRel, csv_data_lines_identical: `${identicalLines}/${totalLines}` };
  console.log(`agreement with native: ${cells} values, max relative difference ${maxRel}; CSV data lines byte-identical ${identicalLines}/${totalLines}`);
  await context.close();
});

test('a shared link reproduces its state', async () => {
  const frag = '#scenario=ckd&mk7_supplement_ug_per_day=180&warfarin_inhibition=0.3&years=5';
  const { page, context } = await open(pageUrl + frag);
  assert.equal(await page.$eval('#scenario', (s) => s.value), 'ckd');
  assert.equal(await page.$eval('#p-mk7_supplement_ug_per_day-n', (s) => s.value), '180');
  assert.equal(await page.$eval('#p-warfarin_inhibition-n', (s) => s.value), '0.3');
  const s = await summary(page);
  const direct = await page.evaluate(() => window.calcsim.run({ scenario: 'ckd', params: { mk7_supplement_ug_per_day: 180, warfarin_inhibition: 0.3 }, years: 5 }));
  assert.equal(s.current.vessel_ca_mg, direct[direct.length - 1].vessel_ca_mg);
  assert.equal(s.current.t_years, 5);
  // change a slider, take the link the page now shows, open it in a new page
  await page.locator('#p-kidney_function').focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => /kidney_function=/.test(location.hash));
  const url = await page.evaluate(() => location.href);
  const want = await summary(page);
  const second = await open(url);
  assert.deepEqual(await summary(second.page), want);
  assert.equal(await second.page.evaluate(() => location.href), url);
  await second.context.close();
  // reset goes back to the baseline and an empty change list
  await page.click('#reset');
  assert.equal(await page.evaluate(() => location.hash), '#scenario=baseline');
  await context.close();
});

test('pins overlay runs; projector mode; figure downloads as PNG and SVG', async () => {
  const { page, context } = await open(pageUrl + '#scenario=k2_deficient');
  await page.click('#pin');
  await page.selectOption('#scenario', 'k2_supplement');
  await page.waitForFunction(() => document.querySelectorAll('#summary tbody tr').length === 2);
  await page.click('#pin');
  await page.selectOption('#scenario', 'baseline');
  await page.waitForFunction(() => document.querySelectorAll('#summary tbody tr').length === 3);
  await page.screenshot({ path: path.join(outDir, 'page-pins.png'), fullPage: true });
  // hover read-out: the cursor over one panel shows every run's value in all four
  const box = await page.locator('#panel-vessel .u-over').boundingBox();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height / 2);
  await page.waitForFunction(() => /mg$/.test(document.querySelector('#panel-vessel .u-legend .u-series:nth-child(2) .u-value').textContent));
  assert.match(await page.textContent('#panel-blood .u-legend'), /2\.\d+ mmol\/L/);
  await page.screenshot({ path: path.join(outDir, 'page-hover.png'), clip: { x: 0, y: 0, width: 1600, height: 900 } });
  const svg = await page.evaluate(() => window.calcsim.figureSvg());
  assert.match(svg, /Educational toy model - not medical advice/);
  for (const unit of ['mmol/L', '>g<', '>mg<', '>%<', 'time [yr]']) assert.ok(svg.includes(unit), unit);
  fs.writeFileSync(path.join(outDir, 'figure.svg'), svg);
  const png = await page.evaluate(() => window.calcsim.figurePngDataUrl());
  fs.writeFileSync(path.join(outDir, 'figure.png'), Buffer.from(png.split(',')[1], 'base64'));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#dl-csv')]);
  const csvText = fs.readFileSync(await download.path(), 'utf8');
  assert.match(csvText, /^# calcsim [0-9.]+\n# Educational toy model - not medical advice\n# scenario: baseline /);
  await page.click('#projector');
  assert.equal(await page.$eval('#projector', (b) => b.getAttribute('aria-pressed')), 'true');
  await page.screenshot({ path: path.join(outDir, 'page-projector.png'), fullPage: false });
  await context.close();
});

test('story mode steps through every story: predict, observe, explain', async () => {
  const { page, context } = await open();
  await page.click('#story-open');
  const stories = await page.$$eval('#story-pick option', (o) => o.map((x) => x.value));
  assert.ok(stories.length >= 7);
  let shots = 0;
  for (const value of stories) {
    await page.selectOption('#story-pick', value);
    const kinds = [];
    for (;;) {
      const kind = (await page.textContent('#story-kind')).trim();
      kinds.push(kind);
      const text = await page.textContent('#story-text');
      assert.ok(!/NaN|undefined/.test(text), `story ${value}: ${text}`);
      const hold = await page.evaluate(() => window.calcsim.state().hold);
      if (kind === 'predict') assert.ok(hold, 'the run waits for the prediction');
      else assert.ok(!hold);
      if (value === stories[0] && shots < 3) await page.screenshot({ path: path.join(outDir, `story-${++shots}-${kind}.png`) });
      const pos = await page.textContent('#story-pos');
      const [, k, n] = pos.match(/Step (\d+) of (\d+)/).map(Number);
      if (k === n) break;
      await page.keyboard.press('Tab'); // the controls are reachable by keyboard
      await page.click('#story-next');
    }
    assert.ok(kinds.includes('predict') && kinds.includes('observe') && kinds.includes('explain'), kinds.join(','));
  }
  await page.click('#story-next'); // Finish
  assert.equal(await page.$eval('#story', (d) => d.open), false);
  await context.close();
});

test('performance: slider change to redraw, 10-year and 40-year runs (reported, not asserted)', async () => {
  const { page, context } = await open();
  const timings = {};
  for (const years of [10, 40]) {
    await page.fill('#p-years-n', String(years));
    await page.press('#p-years-n', 'Enter');
    await page.waitForFunction((y) => window.calcsim.timing().years === y, years);
    const slider = page.locator('#p-k2_intake_ug_per_day');
    await slider.focus();
    const samples = [];
    for (let i = 0; i < 15; i++) {
      const seq = await page.evaluate(() => window.calcsim.timing().seq);
      await page.keyboard.press(i % 2 ? 'ArrowLeft' : 'ArrowRight');
      await page.waitForFunction((s) => window.calcsim.timing().seq > s, seq);
      samples.push(await page.evaluate(() => window.calcsim.timing()));
    }
    const med = (k) => { const v = samples.map((s) => s[k]).sort((a, b) => a - b); return v[Math.floor(v.length / 2)]; };
    timings[`${years}_years`] = { rows: samples[0].rows, median_total_ms: med('total_ms'), median_sim_ms: med('sim_ms'), median_draw_ms: med('draw_ms'),
      max_total_ms: Math.max(...samples.map((s) => s.total_ms)) };
  }
  report.timing = timings;
  console.log('slider-to-redraw timings: ' + JSON.stringify(timings));
  await context.close();
});
