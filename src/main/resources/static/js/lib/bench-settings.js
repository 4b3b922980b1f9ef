// The benchmark page's settings: from the URL (the autorun contract of the comparison run and
// the tests) and as the form edits them.
//   /benchmark?transport=T[,T2]&rate=R&markers=M&duration=S&mode=coalesced|every&interval=MS&autorun=1

import { t } from './i18n.js';
import { TRANSPORT_KEYS, labelOf } from '../transports/index.js';

export const MODES = ['coalesced', 'every'];

/** The page's settings from the URL, checked against what the server allows. */
export function settingsFromUrl(search) {
  const params = new URLSearchParams(search);
  const number = (name, fallback, min, max) => {
    const value = Number(params.get(name) ?? fallback);
    return Number.isInteger(value) && value >= min && value <= max ? value : fallback;
  };
  const transports = (params.get('transport') ?? params.get('transports') ?? 'websocket,sse')
    .split(',').map((name) => name.trim()).filter((name) => TRANSPORT_KEYS.includes(name));
  const rafMin = Number(params.get('rafMin'));
  return {
    transports: transports.length > 0 ? transports : ['websocket', 'sse'],
    rate: number('rate', 100, 1, 1000),
    markers: number('markers', 100, 1, 1000),
    duration: number('duration', 10, 1, 600),
    mode: MODES.includes(params.get('mode')) ? params.get('mode') : 'coalesced',
    interval: number('interval', 100, 10, 60000),
    // the share of the display rate rAF must reach before measuring (see checkFrameRate)
    rafMin: rafMin >= 0.1 && rafMin <= 1 ? rafMin : 0.9,
    autorun: params.get('autorun') === '1',
    post: params.get('post') === '1',
  };
}

/** One scenario per ticked transport, from the form's values. */
export function scenariosOf(form) {
  return form.transports.map((transport) => ({
    transport,
    rate: Number(form.rate),
    markers: Number(form.markers),
    duration: Number(form.duration),
    mode: form.mode,
    interval: Number(form.interval),
  }));
}

/** "SSE · 100/s · 50 · once per frame" */
export function scenarioLabel(result) {
  return `${labelOf(result.transport)} · ${result.rate}/s · ${result.markers} · ${t(`bench.mode.${result.mode}`)}`;
}
