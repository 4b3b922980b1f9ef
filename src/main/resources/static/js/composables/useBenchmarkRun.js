// The benchmark page's runs: the form's scenarios one at a time, each measured by runScenario;
// with autorun=1 in the URL at once. Everything measured is kept in plain objects, never in
// Vue state, so that measuring does not add rendering work.
//
// The autorun contract (for the comparison run and tests): window.benchResult (the first
// scenario; window.benchResults has all) and [data-testid=bench-done]; on failure
// window.benchError and [data-testid=bench-error].

import { markRaw, nextTick, onMounted, reactive } from 'vue';
import { syncClock } from '../metrics/clock.js';
import { checkFrameRate, sharedFrameMonitor } from '../metrics/frames.js';
import { saveResults, savedResults } from '../lib/bench-api.js';
import { scenariosOf, settingsFromUrl } from '../lib/bench-settings.js';
import { t } from '../lib/i18n.js';
import { runScenario } from './runScenario.js';

function initialState(initial) {
  const { transports, rate, markers, duration, mode, interval } = initial;
  return reactive({
    form: { transports: [...transports], rate, markers, duration, mode, interval },
    running: false, done: false, error: null,
    // the scenario on screen: its dashboard is mounted while it runs
    current: null,
    progress: { index: 0, total: 0, phase: '', elapsed: 0, received: 0, fps: 0 },
    results: [], saved: [], saveStatus: '',
    // bumped when plain.curves is complete, so that the charts redraw
    chartsVersion: 0,
  });
}

/** The scenarios one after the other, after checking that the page can measure at all. */
async function runAll(run, specs, rafMin) {
  const { state } = run;
  await syncClock(8);
  state.progress.phase = t('bench.phase.frames');
  const frameCheck = await checkFrameRate(run.frames, rafMin);
  if (!frameCheck.ok) {
    throw new Error(t('bench.error.frames', Math.round(frameCheck.fps), Math.round(frameCheck.displayHz)));
  }
  const results = [];
  for (const spec of specs) {
    state.progress.index++;
    Object.assign(state.progress, { elapsed: 0, received: 0, fps: 0, duration: spec.duration, transport: spec.transport });
    // one scenario at a time, and a clock estimate fresh for each
    await syncClock(8);
    const result = await runScenario(run, spec);
    results.push(result);
    state.results.push(result);
  }
  return results;
}

export function useBenchmarkRun() {
  const initial = settingsFromUrl(location.search);
  const state = initialState(initial);
  const run = { state, plain: markRaw({ curves: [], scenarioNumber: 0 }), frames: sharedFrameMonitor() };

  async function loadSaved() {
    state.saved = (await savedResults()) ?? state.saved;
  }

  async function save() {
    const { saved, error } = await saveResults(state.results);
    state.saveStatus = error === null ? t('bench.save.done', saved) : t('bench.save.failed', error);
    await loadSaved();
  }

  /** Runs the form's scenarios; with post, saves them before showing done (the autorun contract). */
  async function start({ post = false } = {}) {
    if (state.running) {
      return [];
    }
    const specs = scenariosOf(state.form);
    Object.assign(state, { running: true, done: false, error: null, results: [], saveStatus: '' });
    Object.assign(window, { benchResult: undefined, benchResults: undefined, benchError: undefined });
    run.plain.curves = [];
    Object.assign(state.progress, { index: 0, total: specs.length, phase: t('bench.phase.clock'), elapsed: 0, received: 0, fps: 0 });
    try {
      const results = await runAll(run, specs, initial.rafMin);
      // the contract: benchResult (and the saved results) exist before bench-done shows
      window.benchResults = results;
      window.benchResult = results[0];
      if (post) {
        await save();
      }
      state.done = true;
      return results;
    } catch (error) {
      window.benchError = error.message ?? String(error);
      state.error = window.benchError;
      throw error;
    } finally {
      state.current = null;
      state.running = false;
      await nextTick();
      state.chartsVersion++;
    }
  }

  onMounted(async () => {
    await loadSaved();
    if (initial.autorun) {
      // start() sets window.benchResult or window.benchError itself
      await start({ post: initial.post }).catch(() => {});
    }
  });

  return { state, curves: () => run.plain.curves, start, save, loadSaved };
}
