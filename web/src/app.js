// app.js - the classroom page: controls, runs of the real model (WebAssembly), four linked
// chart panels (uPlot), pinned runs, the summary table, the shareable URL fragment, CSV,
// PNG and SVG downloads, story mode, and window.calcsim for scripts. See docs/web.md.
// Educational toy model - not medical advice.
'use strict';
(function () {
  // ---- constants ----------------------------------------------------------------------
  const DISCLAIMER = 'Educational toy model - not medical advice';
  // Okabe-Ito colours and dash patterns, in the order of plots/style.gp (yellow left out).
  const COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#999999'];
  const DASHES = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 3], [10, 3, 2, 3, 2, 3], [16, 4], [2, 6]];
  const MAX_RUNS = 8; // the current run and up to 7 pinned ones
  // The controls: parameter name, label, and the slider's range and step (the number box
  // beside it accepts the whole range of the parameter table).
  const CONTROLS = [
    ['Diet', [
      ['k2_intake_ug_per_day', 'Dietary K2 (menaquinones)', 0, 500, 5],
      ['k1_intake_ug_per_day', 'Dietary K1 (leafy greens)', 20, 1000, 10],
      ['d3_intake_iu_per_day', 'Dietary vitamin D3', 0, 10000, 100],
      ['skin_d3_iu_per_day', 'Vitamin D3 made in the skin', 0, 5000, 100],
      ['calcium_intake_mg_per_day', 'Dietary calcium', 200, 3000, 50],
      ['magnesium_intake_mg_per_day', 'Dietary magnesium', 100, 800, 10],
    ]],
    ['Supplements', [
      ['mk7_supplement_ug_per_day', 'MK-7 supplement', 0, 1000, 10],
      ['mk4_supplement_ug_per_day', 'MK-4 supplement', 0, 5000, 50],
      ['k1_supplement_ug_per_day', 'K1 supplement', 0, 5000, 50],
      ['d3_supplement_iu_per_day', 'Vitamin D3 supplement', 0, 10000, 100],
    ]],
    ['Conditions', [
      ['warfarin_inhibition', 'Warfarin: share of K recycling blocked', 0, 1, 0.05],
      ['kidney_function', 'Kidney function (1 = healthy)', 0.15, 1.2, 0.05],
      ['initial_vessel_ca_mg', 'Calcium already in the artery wall', 0, 3000, 10],
    ]],
    ['Run', [
      ['years', 'Years to simulate', 0.5, 40, 0.5],
    ]],
  ];
  // The panels of `calcsim plot` by default: blood, bone, vessel, carboxylation.
  const PANELS = [
    { id: 'blood', title: 'Blood calcium', ylabel: 'blood calcium', unit: 'mmol/L', cols: ['blood_ca_mmol_l'], band: [2.15, 2.55] },
    { id: 'bone', title: 'Bone calcium', ylabel: 'bone calcium', unit: 'g', cols: ['bone_ca_g'] },
    { id: 'vessel', title: 'Calcium in the artery wall', ylabel: 'vessel calcium', unit: 'mg', cols: ['vessel_ca_mg'] },
    { id: 'carboxylation', title: 'Carboxylated (active) MGP and osteocalcin', ylabel: 'carboxylated', unit: '%',
      cols: ['mgp_carboxylated_pct', 'oc_carboxylated_pct'], names: ['MGP', 'osteocalcin'] },
  ];
  const SUMMARY_COLS = ['t_years', 'blood_ca_mmol_l', 'bone_ca_g', 'vessel_ca_mg', 'mgp_carboxylated_pct',
    'oc_carboxylated_pct', 'vitd_25oh_nmol_l', 'pth_rel', 'phosphate_mmol_l', 'magnesium_mmol_l',
    'k1_nmol_l', 'mk4_nmol_l', 'mk7_nmol_l'];

  const $ = (id) => document.getElementById(id);
  const fmt = (x, d = 4) => (x == null || !isFinite(x) ? '-' : Number(x.toPrecision(d)).toString());

  // ---- the model (WebAssembly) --------------------------------------------------------
  let M = null; // the emscripten module
  let api = null;
  const table = { params: [], byName: {}, outputs: [], colIndex: {} };
  const scenarios = JSON.parse($('scenario-data').textContent);
  const scenarioByName = Object.fromEntries(scenarios.map((s) => [s.name, s]));

  function bindApi() {
    const f = (name, ret, args) => M.cwrap(name, ret, args);
    api = {
      new: f('csweb_new', 'number', []),
      free: f('csweb_free', null, ['number']),
      set: f('csweb_set', 'number', ['number', 'string', 'number', 'number']),
      run: f('csweb_run_sim', 'number', ['number']),
      rowCount: f('csweb_row_count', 'number', ['number']),
      row: f('csweb_row', 'number', ['number', 'number']),
      implausible: f('csweb_implausible', 'number', ['number']),
      implausibleReason: f('csweb_implausible_reason', 'string', ['number']),
      error: f('csweb_error', 'string', ['number']),
      csv: f('csweb_csv', 'string', ['number', 'string', 'string', 'string', 'string']),
      paramCount: f('csweb_param_count', 'number', []),
      paramText: f('csweb_param_text', 'string', ['number', 'number']),
      paramNumber: f('csweb_param_number', 'number', ['number', 'number']),
      outputCount: f('csweb_output_count', 'number', []),
      outputText: f('csweb_output_text', 'string', ['number', 'number']),
      version: f('csweb_version', 'string', []),
    };
    for (let i = 0; i < api.paramCount(); i++) {
      const p = { name: api.paramText(i, 0), unit: api.paramText(i, 1), group: api.paramText(i, 2),
        desc: api.paramText(i, 3), def: api.paramNumber(i, 0), min: api.paramNumber(i, 1), max: api.paramNumber(i, 2) };
      table.params.push(p);
      table.byName[p.name] = p;
    }
    for (let i = 0; i < api.outputCount(); i++) {
      table.outputs.push({ name: api.outputText(i, 0), unit: api.outputText(i, 1), desc: api.outputText(i, 2) });
      table.colIndex[api.outputText(i, 0)] = i;
    }
  }

  // The parameter values of a scenario with overrides; throws on an unknown name.
  function configValues(scenario, params) {
    const sc = scenarioByName[scenario];
    if (!sc) throw new Error(`unknown scenario '${scenario}' (known: ${scenarios.map((s) => s.name).join(', ')})`);
    const v = Object.assign({}, sc.parameters);
    for (const [k, x] of Object.entries(params || {})) {
      if (!(k in table.byName)) throw new Error(`unknown parameter '${k}'`);
      v[k] = Number(x);
    }
    return v;
  }

  // Runs the model with a full set of values. Returns a run: {scenario, values, changed,
  // n, cols, data (Float64Array, n x cols, row-major), handle (for the CSV), implausible}.
  function simulate(scenario, values) {
    const sc = scenarioByName[scenario];
    const h = api.new();
    if (!h) throw new Error('out of memory');
    const changed = [];
    try {
      for (const p of table.params) {
        const v = values[p.name];
        const fromScenario = sc.parameters[p.name];
        if (v !== fromScenario) changed.push(p.name);
        if (v === p.def) continue;
        const origin = v !== fromScenario ? 2 : 1;
        if (api.set(h, p.name, v, origin) !== 0) throw new Error(api.error(h));
      }
      if (api.run(h) !== 0) throw new Error(api.error(h));
      const n = api.rowCount(h);
      const nc = table.outputs.length;
      const data = new Float64Array(n * nc);
      for (let i = 0; i < n; i++) {
        const ptr = api.row(h, i) / 8;
        data.set(M.HEAPF64.subarray(ptr, ptr + nc), i * nc);
      }
      const implausible = api.implausible(h) ? api.implausibleReason(h) : '';
      return { scenario, values: Object.assign({}, values), changed, n, nc, data, handle: h, implausible };
    } catch (e) {
      api.free(h);
      throw e;
    }
  }

  function freeRun(r) {
    if (r && r.handle) api.free(r.handle);
    if (r) r.handle = 0;
  }

  const column = (r, name) => {
    const k = table.colIndex[name];
    const out = new Array(r.n);
    for (let i = 0; i < r.n; i++) out[i] = r.data[i * r.nc + k];
    return out;
  };
  const last = (r, name) => r.data[(r.n - 1) * r.nc + table.colIndex[name]];

  // The `calcsim run` command that gives the same run, for the CSV's "# command:" line.
  function commandLine(r) {
    const parts = ['calcsim', 'run', r.scenario];
    for (const k of r.changed) parts.push('--set', `${k}=${r.values[k]}`);
    return parts.join(' ');
  }

  // The CSV of a run, written by the library's own CSV writer (the `calcsim run` format).
  function runCsv(r) {
    const sc = scenarioByName[r.scenario];
    const text = api.csv(r.handle, r.scenario, sc.title, `models/${r.scenario}.ini`, commandLine(r));
    if (text == null) throw new Error(api.error(r.handle));
    return text;
  }

  function runLabel(r) {
    const bits = r.changed.map((k) => `${shortName(k)} ${fmt(r.values[k])}`);
    return r.scenario + (bits.length ? ': ' + bits.join(', ') : '');
  }
  function shortName(k) {
    for (const [, list] of CONTROLS) for (const c of list) if (c[0] === k) return c[1].replace(/ \(.*\)$/, '').replace(/:.*/, '');
    return k;
  }

  // ---- page state ---------------------------------------------------------------------
  const state = {
    scenario: 'baseline',
    values: {},
    current: null, // the current run
    pins: [], // pinned runs, each {run, label}
    hold: false, // story mode: the class predicts before the run is shown
    projector: false,
    timing: { seq: 0 },
    error: '',
  };

  // ---- controls -----------------------------------------------------------------------
  const inputs = {}; // name -> {range, number, wrap}
  function buildControls() {
    const form = $('params');
    for (const [group, list] of CONTROLS) {
      const fs = document.createElement('fieldset');
      const lg = document.createElement('legend');
      lg.textContent = group;
      fs.appendChild(lg);
      for (const [name, label, lo, hi, step] of list) {
        const p = table.byName[name];
        if (!p) continue;
        const wrap = document.createElement('div');
        wrap.className = 'param';
        const id = 'p-' + name;
        const unit = p.unit === '1' ? '' : p.unit;
        wrap.innerHTML = `<label for="${id}">${label}${unit ? ` <span class="unit">[${unit}]</span>` : ''}</label>` +
          `<input type="range" id="${id}" min="${lo}" max="${hi}" step="${step}" aria-describedby="${id}-d">` +
          `<input type="number" id="${id}-n" min="${p.min}" max="${p.max}" step="any" aria-label="${label}${unit ? ' in ' + unit : ''}, exact value">` +
          `<span id="${id}-d" hidden>${p.desc}. Allowed ${p.min} to ${p.max}${unit ? ' ' + unit : ''}.</span>`;
        wrap.title = `${p.name}: ${p.desc}`;
        fs.appendChild(wrap);
        const range = wrap.querySelector('input[type=range]');
        const number = wrap.querySelector('input[type=number]');
        inputs[name] = { range, number, wrap };
        range.addEventListener('input', (e) => setValue(name, Number(range.value), e));
        number.addEventListener('change', (e) => {
          const v = Number(number.value);
          if (number.value === '' || !isFinite(v) || v < p.min || v > p.max) {
            status(`${label}: give a number from ${p.min} to ${p.max}${unit ? ' ' + unit : ''}`, true);
            number.value = state.values[name];
            return;
          }
          setValue(name, v, e);
        });
      }
      form.appendChild(fs);
    }
    const sel = $('scenario');
    for (const s of scenarios) {
      const o = document.createElement('option');
      o.value = s.name;
      o.textContent = s.name;
      sel.appendChild(o);
    }
    sel.addEventListener('change', (e) => loadConfig(sel.value, {}, e));
  }

  function showValues() {
    const sc = scenarioByName[state.scenario];
    $('scenario').value = state.scenario;
    $('scenario-title').textContent = sc.title;
    $('teaches').textContent = sc.teaches;
    for (const [name, inp] of Object.entries(inputs)) {
      const v = state.values[name];
      inp.range.value = v;
      inp.number.value = v;
      inp.wrap.classList.toggle('changed', v !== sc.parameters[name]);
    }
    const v = state.values;
    const total = v.d3_intake_iu_per_day + v.d3_supplement_iu_per_day + v.skin_d3_iu_per_day;
    $('d3-total').textContent = `Vitamin D3 in total: ${fmt(total)} IU/day = diet ${fmt(v.d3_intake_iu_per_day)} + supplement ${fmt(v.d3_supplement_iu_per_day)} + skin ${fmt(v.skin_d3_iu_per_day)}.`;
  }

  function status(text, bad) {
    const s = $('status');
    s.textContent = text;
    s.classList.toggle('bad', !!bad);
  }

  function setValue(name, v, ev) {
    state.values[name] = v;
    state.hold = false;
    update(ev);
  }

  function loadConfig(scenario, params, ev) {
    state.hold = false;
    state.scenario = scenario;
    state.values = configValues(scenario, params);
    update(ev);
  }

  // Runs the current values (unless the class is predicting), redraws, updates the URL.
  function update(ev) {
    const t0 = ev && ev.timeStamp ? ev.timeStamp : performance.now();
    showValues();
    writeFragment();
    let tSim = 0;
    if (!state.hold) {
      const ts = performance.now();
      try {
        const r = simulate(state.scenario, state.values);
        freeRun(state.current);
        state.current = r;
        state.error = '';
        status(r.implausible ? `Outside the model's plausible range: ${r.implausible}` : `${r.n} rows, ${fmt(r.values.years)} years simulated.`, !!r.implausible);
      } catch (e) {
        state.error = String(e.message || e);
        status(`This run failed: ${state.error}`, true);
      }
      tSim = performance.now() - ts;
    } else {
      status('Predict first: what will the new curves look like? Then press Next.', false);
    }
    state.pendingTiming = { t0, tSim, seq: state.timing.seq + 1 };
    draw();
  }

  // ---- URL fragment -------------------------------------------------------------------
  function fragmentOf(scenario, values) {
    const sc = scenarioByName[scenario];
    const parts = ['scenario=' + encodeURIComponent(scenario)];
    for (const p of table.params) if (values[p.name] !== sc.parameters[p.name]) parts.push(`${p.name}=${values[p.name]}`);
    return '#' + parts.join('&');
  }
  function writeFragment() {
    const f = fragmentOf(state.scenario, state.values);
    if (location.hash !== f) history.replaceState(null, '', f);
  }
  // Reads the fragment; returns {scenario, params} or null when there is none.
  function readFragment() {
    const h = location.hash.replace(/^#/, '');
    if (!h) return null;
    const q = new URLSearchParams(h);
    const scenario = q.get('scenario') || 'baseline';
    const params = {};
    for (const [k, v] of q) {
      if (k === 'scenario') continue;
      if (!(k in table.byName)) throw new Error(`the link names an unknown parameter '${k}'`);
      const x = Number(v);
      const p = table.byName[k];
      if (v === '' || !isFinite(x) || x < p.min || x > p.max) throw new Error(`the link sets ${k}=${v}, outside ${p.min} to ${p.max}`);
      params[k] = x;
    }
    return { scenario, params };
  }

  // ---- charts -------------------------------------------------------------------------
  const charts = [];
  // The time axis: years, or days for runs shorter than 0.1 year (as `calcsim plot` does).
  function timeAxis(runs) {
    const longest = Math.max(0, ...runs.map((r) => last(r.run, 't_years')));
    return longest < 0.1 ? { col: 't_days', label: 'time [d]' } : { col: 't_years', label: 'time [yr]' };
  }
  function chartOpts(panel, width, xaxis) {
    const big = state.projector;
    const font = `${big ? 20 : 15}px "DejaVu Sans", Arial, sans-serif`;
    const labelFont = `bold ${big ? 20 : 15}px "DejaVu Sans", Arial, sans-serif`;
    return {
      width, height: big ? 360 : 280,
      cursor: { sync: { key: 'calcsim' }, drag: { x: false, y: false } },
      scales: {
        x: { time: false },
        // The blood panel always shows its reference band; a flat curve is not blown up.
        y: { range: (u, lo, hi) => {
          if (panel.band) { lo = Math.min(lo, panel.band[0] - 0.05); hi = Math.max(hi, panel.band[1] + 0.05); }
          const pad = (hi - lo) * 0.05 || Math.abs(hi) * 0.02 || 1;
          return [lo - pad, hi + pad];
        } },
      },
      legend: { live: true },
      axes: [
        { label: xaxis.label, font, labelFont, stroke: '#333', grid: { stroke: '#dddddd', width: 1 }, ticks: { stroke: '#333' }, size: big ? 52 : 44 },
        { label: `${panel.ylabel} [${panel.unit}]`, values: (u, splits) => splits.map((v) => fmt(v, 6)),
          font, labelFont, stroke: '#333', grid: { stroke: '#dddddd', width: 1 }, ticks: { stroke: '#333' }, size: big ? 90 : 74, labelSize: big ? 34 : 28 },
      ],
      series: [{ label: xaxis.label, value: (u, v) => (v == null ? '-' : fmt(v, 4)) }],
      hooks: {
        drawClear: [(u) => {
          if (!panel.band) return;
          const ctx = u.ctx;
          const y0 = u.valToPos(panel.band[1], 'y', true), y1 = u.valToPos(panel.band[0], 'y', true);
          ctx.save();
          ctx.fillStyle = '#e6e6e6';
          ctx.fillRect(u.bbox.left, y0, u.bbox.width, y1 - y0);
          ctx.restore();
        }],
        draw: [() => chartDrawn()],
      },
      plugins: [],
    };
  }

  // The runs on the charts: the current one first (unless held), then the pins.
  function shownRuns() {
    const runs = [];
    if (state.current && !state.hold) runs.push({ run: state.current, label: 'current: ' + runLabel(state.current), colour: 0, tag: 'current' });
    state.pins.forEach((p, i) => runs.push({ run: p.run, label: p.label, colour: i + 1, tag: p.label.startsWith('before') ? 'before' : 'pin ' + (i + 1) }));
    return runs;
  }

  function buildCharts() {
    for (const c of charts) c.u.destroy();
    charts.length = 0;
    const host = $('panels');
    host.innerHTML = '';
    for (const panel of PANELS) {
      const div = document.createElement('div');
      div.className = 'panel';
      div.id = 'panel-' + panel.id;
      div.setAttribute('role', 'img');
      div.setAttribute('aria-label', `${panel.title} [${panel.unit}] against time [yr]`);
      div.innerHTML = `<h3>${panel.title} [${panel.unit}]</h3>`;
      host.appendChild(div);
      charts.push({ panel, div, u: null, key: '' });
    }
    draw();
  }

  function pointFilter(u, si, show) {
    if (!show) return null;
    const n = u.data[0].length;
    const step = Math.max(1, Math.round(n / 12));
    const out = [];
    for (let i = Math.floor(step / 2); i < n; i += step) if (u.data[si][i] != null) out.push(i);
    return out;
  }

  let drawsPending = 0;
  function chartDrawn() {
    if (drawsPending > 0 && --drawsPending === 0 && state.pendingTiming) {
      const p = state.pendingTiming;
      const now = performance.now();
      state.timing = { seq: p.seq, total_ms: now - p.t0, sim_ms: p.tSim, draw_ms: now - p.t0 - p.tSim, years: state.values.years,
        rows: state.current ? state.current.n : 0 };
      state.pendingTiming = null;
    }
  }

  function draw() {
    const runs = shownRuns();
    drawLegend(runs);
    drawSummary(runs);
    const xaxis = timeAxis(runs);
    const key = runs.map((r) => r.tag).join(',') + (state.projector ? 'P' : '') + xaxis.col;
    drawsPending = charts.length;
    for (const c of charts) {
      const host = $('panels');
      const twoColumns = getComputedStyle(host).gridTemplateColumns.split(' ').length > 1;
      const width = Math.max(300, Math.floor((host.clientWidth - (twoColumns ? 16 : 0)) / (twoColumns ? 2 : 1)) - 4);
      const tables = runs.map((r) => [column(r.run, xaxis.col), ...c.panel.cols.map((k) => column(r.run, k))]);
      const data = tables.length ? (tables.length === 1 ? tables[0] : uPlot.join(tables)) : [[]];
      if (!c.u || c.key !== key || c.width !== width) {
        if (c.u) c.u.destroy();
        const opts = chartOpts(c.panel, width, xaxis);
        const lw = state.projector ? 4 : 2.5;
        runs.forEach((r) => c.panel.cols.forEach((col, j) => {
          const name = c.panel.names ? c.panel.names[j] + ' ' : '';
          opts.series.push({
            label: name + r.tag,
            stroke: COLOURS[r.colour % COLOURS.length], width: lw, dash: DASHES[r.colour % DASHES.length],
            spanGaps: true,
            value: (u, v) => (v == null ? '-' : `${fmt(v, 4)} ${c.panel.unit}`),
            points: j === 1 ? { show: true, size: state.projector ? 11 : 8, width: 2, fill: '#ffffff', filter: pointFilter }
              : { show: false },
          });
        }));
        c.u = new uPlot(opts, data, c.div);
        c.key = key;
        c.width = width;
      } else {
        c.u.setData(data);
      }
    }
  }

  function swatch(colour, dash) {
    const d = dash.length ? ` stroke-dasharray="${dash.join(' ')}"` : '';
    return `<svg width="44" height="10" aria-hidden="true"><line x1="0" y1="5" x2="44" y2="5" stroke="${colour}" stroke-width="3.5"${d}/></svg>`;
  }

  function drawLegend(runs) {
    const lg = $('legend');
    lg.innerHTML = '';
    for (const r of runs) {
      const s = document.createElement('span');
      s.className = 'run';
      s.innerHTML = swatch(COLOURS[r.colour], DASHES[r.colour]) + '<span></span>';
      s.lastChild.textContent = r.label;
      lg.appendChild(s);
    }
    if (state.hold) {
      const s = document.createElement('span');
      s.className = 'run';
      s.textContent = 'New run: hidden until you have predicted.';
      lg.appendChild(s);
    }
  }

  function drawSummary(runs) {
    const t = $('summary');
    t.innerHTML = '';
    const head = t.createTHead().insertRow();
    const th0 = document.createElement('th');
    th0.textContent = 'Run';
    head.appendChild(th0);
    for (const k of SUMMARY_COLS) {
      const th = document.createElement('th');
      const o = table.outputs[table.colIndex[k]];
      th.innerHTML = `<span></span><span class="unit">[${o.unit}]</span>`;
      th.firstChild.textContent = k;
      th.title = o.desc;
      th.scope = 'col';
      head.appendChild(th);
    }
    const th = document.createElement('th');
    th.textContent = 'CSV';
    head.appendChild(th);
    const body = t.createTBody();
    for (const r of runs) {
      const tr = body.insertRow();
      tr.dataset.run = r.colour === 0 ? 'current' : 'pin-' + r.colour;
      const c0 = document.createElement('th');
      c0.scope = 'row';
      c0.innerHTML = swatch(COLOURS[r.colour], DASHES[r.colour]) + ' <span></span>';
      c0.lastChild.textContent = r.label;
      tr.appendChild(c0);
      for (const k of SUMMARY_COLS) {
        const td = tr.insertCell();
        const v = last(r.run, k);
        td.dataset.column = k;
        td.dataset.value = String(v);
        td.textContent = fmt(v);
      }
      const td = tr.insertCell();
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'CSV';
      b.setAttribute('aria-label', `Download the CSV of ${r.label}`);
      b.addEventListener('click', () => downloadCsv(r.run));
      td.appendChild(b);
    }
  }

  // ---- downloads ----------------------------------------------------------------------
  function download(name, blob) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function fileStem(r) {
    return r.scenario + (r.changed.length ? '-changed' : '');
  }
  function downloadCsv(r) {
    if (!r) return;
    download(fileStem(r) + '.csv', new Blob([runCsv(r)], { type: 'text/csv' }));
  }

  // Nice tick values for the SVG axes (1, 2, 5 x 10^k).
  function ticks(lo, hi, n) {
    const span = hi - lo || Math.abs(hi) || 1;
    const raw = span / n;
    const mag = Math.pow(10, Math.floor(Math.log10(raw)));
    const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || 10 * mag;
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.abs(v) < step * 1e-9 ? 0 : v);
    return out;
  }
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

  // The figure as SVG, 1600 x 1000 like `calcsim plot -o NAME.svg`: title, run legend,
  // the four panels with units on every axis, the disclaimer.
  function figureSvg() {
    const W = 1600, H = 1000, fs = 24;
    const runs = shownRuns();
    const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="${fs}">`,
      `<rect width="${W}" height="${H}" fill="#ffffff"/>`];
    const sc = scenarioByName[state.scenario];
    out.push(`<text x="${W / 2}" y="36" text-anchor="middle" font-weight="bold" font-size="${fs * 1.2}">${esc(runs.length === 1 ? sc.title : 'calcsim: ' + runs.length + ' runs')}</text>`);
    let lx = 40, ly = 72;
    for (const r of runs) {
      const w = 70 + r.label.length * fs * 0.5;
      if (lx + w > W - 40) { lx = 40; ly += 30; }
      const d = DASHES[r.colour].length ? ` stroke-dasharray="${DASHES[r.colour].join(' ')}"` : '';
      out.push(`<line x1="${lx}" y1="${ly - 8}" x2="${lx + 50}" y2="${ly - 8}" stroke="${COLOURS[r.colour]}" stroke-width="3.5"${d}/>`);
      out.push(`<text x="${lx + 58}" y="${ly}" font-size="${fs * 0.8}">${esc(r.label)}</text>`);
      lx += w + 30;
    }
    // In the carboxylation panel both quantities share a run's colour: markers tell them apart.
    ly += 34;
    out.push(`<text x="40" y="${ly}" font-size="${fs * 0.75}" fill="#4d4d4d">Carboxylation panel: MGP plain line, osteocalcin line with open circles.</text>`);
    const top = ly + 30, pw = (W - 80) / 2, ph = (H - top - 50) / 2;
    const xaxis = timeAxis(runs);
    PANELS.forEach((panel, i) => {
      const x0 = 40 + (i % 2) * pw + 110, y0 = top + Math.floor(i / 2) * ph + 40;
      const w = pw - 150, h = ph - 110;
      let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
      for (const r of runs) {
        const t = column(r.run, xaxis.col);
        xmin = Math.min(xmin, t[0]); xmax = Math.max(xmax, t[t.length - 1]);
        for (const k of panel.cols) for (const v of column(r.run, k)) { ymin = Math.min(ymin, v); ymax = Math.max(ymax, v); }
      }
      if (!isFinite(xmin)) { xmin = 0; xmax = 1; ymin = 0; ymax = 1; }
      if (panel.band) { ymin = Math.min(ymin, panel.band[0]); ymax = Math.max(ymax, panel.band[1]); }
      const pad = (ymax - ymin) * 0.05 || Math.abs(ymax) * 0.05 || 1;
      ymin -= pad; ymax += pad;
      const X = (v) => x0 + ((v - xmin) / (xmax - xmin || 1)) * w;
      const Y = (v) => y0 + h - ((v - ymin) / (ymax - ymin)) * h;
      out.push(`<text x="${x0 + w / 2}" y="${y0 - 14}" text-anchor="middle" font-weight="bold">${esc(panel.title)}</text>`);
      if (panel.band) out.push(`<rect x="${x0}" y="${Y(panel.band[1])}" width="${w}" height="${Y(panel.band[0]) - Y(panel.band[1])}" fill="#e6e6e6"/>`);
      for (const v of ticks(ymin, ymax, 5)) {
        out.push(`<line x1="${x0}" x2="${x0 + w}" y1="${Y(v)}" y2="${Y(v)}" stroke="#dddddd"/>`);
        out.push(`<text x="${x0 - 8}" y="${Y(v) + 8}" text-anchor="end" font-size="${fs * 0.8}">${fmt(v, 6)}</text>`);
      }
      for (const v of ticks(xmin, xmax, 6)) {
        out.push(`<line y1="${y0}" y2="${y0 + h}" x1="${X(v)}" x2="${X(v)}" stroke="#dddddd"/>`);
        out.push(`<text x="${X(v)}" y="${y0 + h + 26}" text-anchor="middle" font-size="${fs * 0.8}">${fmt(v, 6)}</text>`);
      }
      out.push(`<path d="M${x0},${y0}V${y0 + h}H${x0 + w}" fill="none" stroke="#333333" stroke-width="1.5"/>`);
      out.push(`<text x="${x0 + w / 2}" y="${y0 + h + 56}" text-anchor="middle" font-size="${fs * 0.85}">${xaxis.label}</text>`);
      out.push(`<text transform="translate(${x0 - 86},${y0 + h / 2}) rotate(-90)" text-anchor="middle" font-size="${fs * 0.85}">${esc(panel.unit)}</text>`);
      for (const r of runs) {
        const t = column(r.run, xaxis.col);
        panel.cols.forEach((k, j) => {
          const y = column(r.run, k);
          const pts = t.map((tv, q) => `${X(tv).toFixed(1)},${Y(y[q]).toFixed(1)}`);
          const d = DASHES[r.colour].length ? ` stroke-dasharray="${DASHES[r.colour].join(' ')}"` : '';
          out.push(`<polyline fill="none" stroke="${COLOURS[r.colour]}" stroke-width="3.5" stroke-linejoin="round"${d} points="${pts.join(' ')}"/>`);
          if (j === 1) {
            const step = Math.max(1, Math.round(t.length / 12));
            for (let q = Math.floor(step / 2); q < t.length; q += step)
              out.push(`<circle cx="${X(t[q]).toFixed(1)}" cy="${Y(y[q]).toFixed(1)}" r="6" fill="#ffffff" stroke="${COLOURS[r.colour]}" stroke-width="2.5"/>`);
          }
        });
      }
    });
    out.push(`<text x="${W - 20}" y="${H - 14}" text-anchor="end" font-size="${fs * 0.75}" fill="#4d4d4d">${DISCLAIMER}</text>`);
    out.push('</svg>');
    return out.join('\n');
  }

  function downloadSvg() {
    download('calcsim-figure.svg', new Blob([figureSvg()], { type: 'image/svg+xml' }));
  }
  // The PNG is the SVG drawn onto a canvas, so both files show the same figure.
  function figurePng() {
    return new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => {
        const c = document.createElement('canvas');
        c.width = img.width; c.height = img.height;
        c.getContext('2d').drawImage(img, 0, 0);
        c.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png');
      };
      img.onerror = () => reject(new Error('the figure could not be drawn'));
      img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(figureSvg());
    });
  }
  async function downloadPng() {
    try {
      download('calcsim-figure.png', await figurePng());
    } catch (e) {
      status(String(e.message || e), true);
    }
  }

  // ---- pins ---------------------------------------------------------------------------
  function pin(label) {
    if (!state.current) return;
    if (state.pins.length >= MAX_RUNS - 1) {
      freeRun(state.pins.shift().run);
    }
    // The current run becomes the pin; the page runs a fresh copy as the current one.
    state.pins.push({ run: state.current, label: label || 'pin: ' + runLabel(state.current) });
    state.current = null;
    update();
  }
  function clearPins() {
    for (const p of state.pins) freeRun(p.run);
    state.pins = [];
    draw();
  }

  // ---- story mode ---------------------------------------------------------------------
  const story = { i: 0, step: 0 };
  function storyCtx() {
    const ref = state.pins.length ? state.pins[0].run : null;
    return {
      ref: (k) => (ref ? last(ref, k) : NaN),
      cur: (k) => (state.current ? last(state.current, k) : NaN),
      f: (x) => fmt(x, 3),
    };
  }
  function showStep() {
    const s = window.CALCSIM_STORIES[story.i];
    const st = s.steps[story.step];
    if (st.reference) {
      clearPins();
      const r = simulate(st.reference.scenario, configValues(st.reference.scenario, st.reference.params));
      state.pins.push({ run: r, label: 'before: ' + runLabel(r) });
    }
    if (st.set) {
      state.scenario = st.set.scenario;
      state.values = configValues(st.set.scenario, st.set.params);
    }
    state.hold = !!st.hold;
    update();
    $('story-kind').textContent = st.kind;
    const box = $('story-text');
    box.innerHTML = '';
    const c = storyCtx();
    for (const para of st.text) {
      const p = document.createElement('p');
      p.textContent = typeof para === 'function' ? para(c) : para;
      box.appendChild(p);
    }
    $('story-pos').textContent = `Step ${story.step + 1} of ${s.steps.length}`;
    $('story-prev').disabled = story.step === 0;
    $('story-next').textContent = story.step === s.steps.length - 1 ? 'Finish' : st.hold ? 'Run it' : 'Next';
  }
  function buildStories() {
    const sel = $('story-pick');
    window.CALCSIM_STORIES.forEach((s, i) => {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = s.title;
      sel.appendChild(o);
    });
    sel.addEventListener('change', () => { story.i = Number(sel.value); story.step = 0; showStep(); });
    $('story-open').addEventListener('click', () => {
      $('story').show();
      story.step = 0;
      story.i = Number(sel.value);
      showStep();
      $('story-next').focus();
    });
    $('story-next').addEventListener('click', () => {
      const s = window.CALCSIM_STORIES[story.i];
      if (story.step < s.steps.length - 1) {
        story.step++;
        showStep();
      } else {
        $('story').close();
      }
    });
    $('story-prev').addEventListener('click', () => { if (story.step > 0) { story.step--; showStep(); } });
    $('story').addEventListener('close', () => { if (state.hold) { state.hold = false; update(); } });
  }

  // ---- scripting API ------------------------------------------------------------------
  // window.calcsim.run({scenario, params, years, every}) runs the model and returns its rows,
  // each an object keyed by column name (full double precision). See docs/web.md.
  function scriptRun(opts, wantCsv) {
    const o = opts || {};
    const scenario = o.scenario || 'baseline';
    const params = Object.assign({}, o.params || {});
    if (o.years != null) params.years = o.years;
    if (o.every != null) params.output_every_days = o.every;
    const r = simulate(scenario, configValues(scenario, params));
    try {
      if (wantCsv) return runCsv(r);
      const names = table.outputs.map((x) => x.name);
      const rows = [];
      for (let i = 0; i < r.n; i++) {
        const row = {};
        names.forEach((k, j) => { row[k] = r.data[i * r.nc + j]; });
        rows.push(row);
      }
      return rows;
    } finally {
      freeRun(r);
    }
  }

  // ---- start --------------------------------------------------------------------------
  async function start() {
    M = await createCalcsimModule();
    bindApi();
    buildControls();
    buildStories();
    $('pin').addEventListener('click', () => pin());
    $('clear-pins').addEventListener('click', clearPins);
    $('reset').addEventListener('click', (e) => { state.hold = false; loadConfig('baseline', {}, e); });
    $('dl-csv').addEventListener('click', () => downloadCsv(state.current));
    $('dl-svg').addEventListener('click', downloadSvg);
    $('dl-png').addEventListener('click', downloadPng);
    $('copy-link').addEventListener('click', async () => {
      try {
        await navigator.clipboard.writeText(location.href);
        status('Link copied: it reopens exactly this run.');
      } catch (e) {
        status('Copy this address from the address bar: ' + location.href);
      }
    });
    $('projector').addEventListener('click', () => {
      state.projector = !state.projector;
      document.documentElement.classList.toggle('projector', state.projector);
      $('projector').setAttribute('aria-pressed', String(state.projector));
      draw();
    });
    let frag = null;
    try {
      frag = readFragment();
    } catch (e) {
      status(String(e.message || e), true);
    }
    state.scenario = frag && scenarioByName[frag.scenario] ? frag.scenario : 'baseline';
    state.values = configValues(state.scenario, frag ? frag.params : {});
    buildCharts();
    update();
    window.addEventListener('hashchange', () => {
      if (location.hash === fragmentOf(state.scenario, state.values)) return;
      try {
        const f = readFragment() || { scenario: 'baseline', params: {} };
        state.hold = false;
        loadConfig(f.scenario, f.params);
      } catch (e) {
        status(String(e.message || e), true);
      }
    });
    let resizeTimer = 0;
    window.addEventListener('resize', () => { clearTimeout(resizeTimer); resizeTimer = setTimeout(draw, 150); });
    window.calcsim.version = api.version();
    window.calcsim.ready = true;
    document.documentElement.dataset.ready = 'true';
  }

  window.calcsim = {
    ready: false,
    run: (opts) => scriptRun(opts, false),
    csv: (opts) => scriptRun(opts, true),
    scenarios: () => scenarios.map((s) => ({ name: s.name, title: s.title })),
    parameters: () => table.params.map((p) => Object.assign({}, p)),
    state: () => ({ scenario: state.scenario, values: Object.assign({}, state.values), fragment: fragmentOf(state.scenario, state.values),
      pins: state.pins.length, hold: state.hold }),
    timing: () => Object.assign({}, state.timing),
    figureSvg: () => figureSvg(),
    figurePngDataUrl: async () => {
      const b = await figurePng();
      return await new Promise((res) => { const fr = new FileReader(); fr.onload = () => res(fr.result); fr.readAsDataURL(b); });
    },
    currentCsv: () => (state.current ? runCsv(state.current) : null),
  };
  start().catch((e) => status('The model could not start: ' + (e.message || e), true));
})();
