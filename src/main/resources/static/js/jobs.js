// The job page: start a simulated job and follow its progress over one of the four
// transports. A job N publishes on feed "job-N", so the same client adapters as the
// dashboard follow it; only options.from differs: a new job is followed from its first
// event (after=0), a reloaded page resumes after the last event it had (kept in
// sessionStorage), so nothing is lost and nothing is counted twice.

import { createApp, defineComponent, nextTick, onBeforeUnmount, onMounted, reactive, ref } from 'vue';
import { t } from './i18n.js';
import * as polling from './transports/polling.js';
import * as longPolling from './transports/long-polling.js';
import * as websocket from './transports/websocket.js';
import * as sse from './transports/sse.js';
import { problemText } from './problem.js';

const ADAPTERS = { polling, 'long-polling': longPolling, websocket, sse };
const TRANSPORTS = Object.keys(ADAPTERS);
const INTERVALS = [250, 500, 1000, 2000];
const STORAGE_KEY = 'lab.jobs.follow';
const FINAL_STATES = ['succeeded', 'failed', 'cancelled'];

function clockTime() {
  const now = new Date();
  return now.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(now.getMilliseconds()).padStart(3, '0');
}

const JobsPage = defineComponent({
  props: {
    maxSteps: { type: Number, required: true },
    minStepMillis: { type: Number, required: true },
    maxStepMillis: { type: Number, required: true },
  },
  setup(props) {
    const params = new URLSearchParams(location.search);
    const view = reactive({
      form: { steps: 20, stepMillis: 250, failAtStep: null },
      transport: TRANSPORTS.includes(params.get('transport')) ? params.get('transport') : 'sse',
      interval: 500,
      job: null, // { id, feed, steps, stepMillis }
      progress: null, // { step, steps, percent, state, result, error }
      status: 'closed',
      received: 0,
      lost: 0,
      duplicates: 0,
      restored: 0,
      wireMessages: 0,
      wireBytes: 0,
      log: [],
      error: null,
    });
    const logElement = ref(null);
    // not reactive: where we are in the job's feed, and the adapter following it
    let epoch = null;
    let lastSeq = null;
    let handle = null;
    let logId = 0;

    function addLog(kind, text, seq = null) {
      view.log.push({ id: ++logId, kind, text, seq, time: clockTime() });
      nextTick(() => {
        if (logElement.value) {
          logElement.value.scrollTop = logElement.value.scrollHeight;
        }
      });
    }

    function save() {
      if (!view.job) {
        sessionStorage.removeItem(STORAGE_KEY);
        return;
      }
      sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
        job: view.job, transport: view.transport, epoch, lastSeq, progress: view.progress,
        received: view.received, lost: view.lost, duplicates: view.duplicates, log: view.log,
      }));
    }

    function isFinal() {
      return view.progress !== null && FINAL_STATES.includes(view.progress.state);
    }

    function logText(event) {
      switch (event.state) {
        case 'succeeded':
          return t('jobs.log.succeeded', event.seq, event.result?.processed, event.result?.elapsedMillis);
        case 'failed':
          return t('jobs.log.failed', event.seq, event.error);
        case 'cancelled':
          return t('jobs.log.cancelled', event.seq, event.step);
        default:
          return t('jobs.log.step', event.seq, event.step, event.steps, event.percent);
      }
    }

    function onEvent(event) {
      if (event.type !== 'progress' || !view.job || event.job !== view.job.id) {
        return;
      }
      if (lastSeq !== null && event.epoch === epoch) {
        if (event.seq <= lastSeq) {
          view.duplicates++;
          return;
        }
        view.lost += event.seq - lastSeq - 1;
      }
      epoch = event.epoch;
      lastSeq = event.seq;
      view.received++;
      view.progress = {
        step: event.step, steps: event.steps, percent: event.percent, state: event.state,
        result: event.result ?? null, error: event.error ?? null,
      };
      addLog(FINAL_STATES.includes(event.state) ? 'final' : 'event', logText(event), event.seq);
      if (isFinal()) {
        // the feed stays open until the job is forgotten; there is nothing more to wait for
        stopFollowing();
      }
      save();
    }

    function onGap(gap) {
      view.lost += gap.missed ?? 0;
      epoch = gap.epoch;
      lastSeq = gap.resumeAfter;
      addLog('gap', t('jobs.log.gap', gap.reason, gap.missed ?? '?', gap.resumeAfter));
      save();
    }

    function onStatus(status) {
      view.status = status;
      addLog('info', t('jobs.log.status', t('status.' + status)));
    }

    function onWire(message) {
      view.wireMessages++;
      view.wireBytes += message.bytes;
    }

    function follow(from) {
      stopFollowing();
      handle = ADAPTERS[view.transport].connect({
        feed: view.job.feed, from, interval: view.interval, onEvent, onGap, onStatus, onWire,
      });
    }

    function stopFollowing() {
      if (handle) {
        const closing = handle;
        handle = null;
        closing.close();
      }
    }

    function resetProgress() {
      epoch = null;
      lastSeq = null;
      Object.assign(view, {
        progress: null, received: 0, lost: 0, duplicates: 0, restored: 0, wireMessages: 0, wireBytes: 0, log: [],
      });
    }

    function remember(job) {
      view.job = { id: job.id, feed: job.feed, steps: job.steps, stepMillis: job.stepMillis };
      const url = new URL(location.href);
      url.searchParams.set('job', job.id);
      url.searchParams.set('transport', view.transport);
      history.replaceState(null, '', url);
    }

    async function start() {
      view.error = null;
      const body = { steps: view.form.steps, stepMillis: view.form.stepMillis };
      if (view.form.failAtStep) {
        body.failAtStep = view.form.failAtStep;
      }
      const response = await fetch('/api/jobs', {
        method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
      });
      if (response.status !== 201) {
        view.error = await problemText(response);
        return;
      }
      const job = await response.json();
      stopFollowing();
      resetProgress();
      remember(job);
      addLog('info', t('jobs.log.started', job.id, job.steps, job.stepMillis, t('transport.' + view.transport)));
      // from the first event on: the job may have moved on since POST answered
      follow({ after: 0, epoch: job.epoch });
      save();
    }

    async function cancel() {
      if (!view.job) {
        return;
      }
      const response = await fetch(`/api/jobs/${view.job.id}`, { method: 'DELETE' });
      if (!response.ok) {
        view.error = await problemText(response);
      }
      // the final "cancelled" event arrives over the transport, like every other
    }

    function drop() {
      if (handle) {
        addLog('drop', t('jobs.log.drop'));
        handle.drop();
      }
    }

    function changeTransport() {
      const url = new URL(location.href);
      url.searchParams.set('transport', view.transport);
      history.replaceState(null, '', url);
      if (handle && view.job) {
        addLog('info', t('jobs.log.switch', t('transport.' + view.transport), lastSeq ?? 0));
        follow({ after: lastSeq ?? 0, epoch });
      }
      save();
    }

    function changeInterval() {
      handle?.setInterval?.(view.interval);
    }

    /** After a reload: the stored log and position if they are this job's, else the job from its start. */
    async function restore() {
      const wanted = Number(params.get('job'));
      let saved = null;
      try {
        saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
      } catch {
        saved = null;
      }
      const id = wanted || saved?.job?.id;
      if (!id) {
        return;
      }
      const response = await fetch(`/api/jobs/${id}`, { cache: 'no-store' });
      if (!response.ok) {
        view.error = t('jobs.gone', id);
        sessionStorage.removeItem(STORAGE_KEY);
        return;
      }
      const job = await response.json();
      remember(job);
      if (saved?.job?.id === job.id && saved.epoch === job.epoch && saved.lastSeq !== null) {
        epoch = saved.epoch;
        lastSeq = saved.lastSeq;
        logId = saved.log.reduce((max, entry) => Math.max(max, entry.id), 0);
        Object.assign(view, {
          progress: saved.progress, received: saved.received, lost: saved.lost, duplicates: saved.duplicates,
          log: saved.log, restored: saved.received,
        });
        if (isFinal()) {
          return;
        }
        addLog('info', t('jobs.log.reload', saved.received, lastSeq));
        follow({ after: lastSeq, epoch });
      } else {
        addLog('info', t('jobs.log.lateJoin', job.id));
        follow({ after: 0, epoch: job.epoch });
      }
      save();
    }

    onMounted(restore);
    onBeforeUnmount(stopFollowing);
    window.addEventListener('pagehide', () => {
      save();
      stopFollowing();
    });

    return {
      view, t, start, cancel, drop, changeTransport, changeInterval, isFinal, logElement,
      transports: TRANSPORTS, intervals: INTERVALS, limits: props,
      following: () => handle !== null,
    };
  },
  template: `
<section class="jobs">
  <form class="jobs-form jobs-panel" @submit.prevent="start" data-testid="job-form">
    <label class="control-field">{{ t('jobs.steps') }}
      <input type="number" v-model.number="view.form.steps" min="1" :max="limits.maxSteps" required data-testid="job-steps">
    </label>
    <label class="control-field">{{ t('jobs.stepMillis') }}
      <input type="number" v-model.number="view.form.stepMillis" :min="limits.minStepMillis" :max="limits.maxStepMillis"
             step="10" required data-testid="job-step-millis"><span class="unit">ms</span>
    </label>
    <label class="control-field">{{ t('jobs.failAtStep') }}
      <input type="number" v-model.number="view.form.failAtStep" min="1" :max="view.form.steps"
             :placeholder="t('jobs.failAtStep.none')" data-testid="job-fail-at">
    </label>
    <label class="control-field">{{ t('jobs.transport') }}
      <select v-model="view.transport" @change="changeTransport" data-testid="job-transport">
        <option v-for="name in transports" :key="name" :value="name">{{ t('transport.' + name) }}</option>
      </select>
    </label>
    <label v-if="view.transport === 'polling'" class="control-field">{{ t('jobs.interval') }}
      <select v-model.number="view.interval" @change="changeInterval" data-testid="job-interval">
        <option v-for="ms in intervals" :key="ms" :value="ms">{{ ms }} ms</option>
      </select>
    </label>
    <button type="submit" class="button button-primary" data-testid="job-start">{{ t('jobs.start') }}</button>
    <p v-if="view.error" class="form-error" role="alert" data-testid="job-error">{{ view.error }}</p>
  </form>

  <div v-if="view.job" class="jobs-panel" :class="'job-state-' + (view.progress?.state ?? 'running')"
       :data-job="view.job.id" data-testid="job">
    <div class="job-head">
      <h2>{{ t('jobs.job', view.job.id) }}
        <span class="job-state" data-testid="job-state" :data-state="view.progress?.state ?? ''">{{ view.progress ? t('jobs.state.' + view.progress.state) : '…' }}</span></h2>
      <span class="status" :class="'status-' + view.status" data-testid="status" :data-status="view.status">{{ t('status.' + view.status) }}</span>
      <div class="controls">
        <button type="button" class="button button-warn" data-testid="job-drop" @click="drop"
                :disabled="!following()">{{ t('jobs.drop') }}</button>
        <button type="button" class="button" data-testid="job-cancel" @click="cancel"
                :disabled="isFinal()">{{ t('jobs.cancel') }}</button>
      </div>
    </div>
    <div class="job-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"
         :aria-valuenow="view.progress?.percent ?? 0" data-testid="job-progress" :data-percent="view.progress?.percent ?? 0">
      <div class="job-bar-fill" :style="{ width: (view.progress?.percent ?? 0) + '%' }"></div>
    </div>
    <p>{{ t('jobs.progress', view.progress?.step ?? 0, view.job.steps) }} · <b data-testid="job-percent">{{ view.progress?.percent ?? 0 }}</b>%</p>
    <p v-if="view.progress?.result" class="job-result" data-testid="job-result">{{ t('jobs.result', view.progress.result.processed, view.progress.result.elapsedMillis) }}</p>
    <p v-if="view.progress?.error" class="job-result form-error" data-testid="job-failure">{{ t('jobs.error', view.progress.error) }}</p>
    <div class="stats">
      <div class="stat"><span class="stat-label">{{ t('jobs.received') }}</span>
        <span class="stat-value" data-testid="job-received">{{ view.received }}</span></div>
      <div class="stat" :class="{ bad: view.lost > 0 }"><span class="stat-label">{{ t('jobs.lost') }}</span>
        <span class="stat-value" data-testid="job-lost">{{ view.lost }}</span></div>
      <div class="stat" :class="{ bad: view.duplicates > 0 }"><span class="stat-label">{{ t('jobs.duplicates') }}</span>
        <span class="stat-value" data-testid="job-duplicates">{{ view.duplicates }}</span></div>
      <div class="stat"><span class="stat-label">{{ t('jobs.restored') }}</span>
        <span class="stat-value" data-testid="job-restored">{{ view.restored }}</span></div>
      <div class="stat"><span class="stat-label">{{ t('jobs.wireMessages') }}</span>
        <span class="stat-value" data-testid="job-wire-messages">{{ view.wireMessages }}</span></div>
      <div class="stat"><span class="stat-label">{{ t('jobs.wireBytes') }}</span>
        <span class="stat-value" data-testid="job-wire-bytes">{{ view.wireBytes }}</span></div>
    </div>
  </div>
  <p v-else class="jobs-panel" data-testid="job-none">{{ t('jobs.noJob') }}</p>

  <div v-if="view.job" class="jobs-panel job-log" ref="logElement">
    <h3>{{ t('jobs.log.title') }}</h3>
    <ol data-testid="job-log">
      <li v-for="entry in view.log" :key="entry.id" :class="'log-' + entry.kind" :data-seq="entry.seq ?? ''">
        <time>{{ entry.time }}</time><span>{{ entry.text }}</span>
      </li>
    </ol>
  </div>
</section>`,
});

const element = document.getElementById('jobs');
createApp(JobsPage, {
  maxSteps: Number(element.dataset.maxSteps),
  minStepMillis: Number(element.dataset.minStepMillis),
  maxStepMillis: Number(element.dataset.maxStepMillis),
}).mount(element);
