// The jobs page: start a simulated job and follow its progress over one of the four
// transports. A new job is followed from its first event (after=0); a reloaded page resumes
// after the last event it had (kept in sessionStorage), so nothing is lost and nothing is
// counted twice.

import { nextTick, onBeforeUnmount, onMounted, reactive, ref } from 'vue';
import { forgetJob, saveJob, savedJob } from '../lib/job-session.js';
import { problemText } from '../lib/problem.js';
import { clockTime } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { TRANSPORT_KEYS, labelOf } from '../transports/index.js';
import { isFinal, useJobFollow } from './useJobFollow.js';

function initialView(params) {
  const wanted = params.get('transport');
  return reactive({
    form: { steps: 20, stepMillis: 250, failAtStep: null },
    transport: TRANSPORT_KEYS.includes(wanted) ? wanted : 'sse',
    interval: 500,
    job: null, // { id, feed, steps, stepMillis }
    progress: null, // { step, steps, percent, state, result, error }
    status: 'closed', received: 0, lost: 0, duplicates: 0, restored: 0, wireMessages: 0, wireBytes: 0,
    log: [], error: null,
  });
}

/** Shows the job in the page and in the URL (so that a reload finds it). */
function remember(view, job) {
  view.job = { id: job.id, feed: job.feed, steps: job.steps, stepMillis: job.stepMillis };
  const url = new URL(location.href);
  url.searchParams.set('job', job.id);
  url.searchParams.set('transport', view.transport);
  history.replaceState(null, '', url);
}

/** After a reload: the stored log and position if they are this job's, else the job from its start. */
async function restore(page, params) {
  const { view, follow, addLog } = page;
  const saved = savedJob();
  const id = Number(params.get('job')) || saved?.job?.id;
  if (!id) {
    return;
  }
  const response = await fetch(`/api/jobs/${id}`, { cache: 'no-store' });
  if (!response.ok) {
    view.error = t('jobs.gone', id);
    forgetJob();
    return;
  }
  const job = await response.json();
  remember(view, job);
  if (saved?.job?.id === job.id && saved.epoch === job.epoch && saved.lastSeq !== null) {
    Object.assign(follow.position, { epoch: saved.epoch, lastSeq: saved.lastSeq });
    page.continueLog(saved.log);
    const { progress, received, lost, duplicates } = saved;
    Object.assign(view, { progress, received, lost, duplicates, restored: received });
    if (isFinal(view)) {
      return;
    }
    addLog('info', t('jobs.log.reload', saved.received, saved.lastSeq));
    follow.follow({ after: saved.lastSeq, epoch: saved.epoch });
  } else {
    addLog('info', t('jobs.log.lateJoin', job.id));
    follow.follow({ after: 0, epoch: job.epoch });
  }
  page.save();
}

/** The progress log: appended to, scrolled to its end, kept over a reload. */
function useJobLog(view) {
  const logElement = ref(null);
  let logId = 0;
  return {
    logElement,
    addLog(kind, text, seq = null) {
      view.log.push({ id: ++logId, kind, text, seq, time: clockTime() });
      nextTick(() => {
        if (logElement.value) {
          logElement.value.scrollTop = logElement.value.scrollHeight;
        }
      });
    },
    continueLog(entries) {
      view.log = entries;
      logId = entries.reduce((max, entry) => Math.max(max, entry.id), 0);
    },
  };
}

export function useJobsPage() {
  const params = new URLSearchParams(location.search);
  const view = initialView(params);
  const { logElement, addLog, continueLog } = useJobLog(view);
  const save = () => saveJob(view, follow.position);
  const follow = useJobFollow(view, { addLog, save });

  async function start() {
    view.error = null;
    const { steps, stepMillis, failAtStep } = view.form;
    const body = failAtStep ? { steps, stepMillis, failAtStep } : { steps, stepMillis };
    const response = await fetch('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (response.status !== 201) {
      view.error = await problemText(response);
      return;
    }
    const job = await response.json();
    follow.stop();
    Object.assign(follow.position, { epoch: null, lastSeq: null });
    Object.assign(view, { progress: null, received: 0, lost: 0, duplicates: 0, restored: 0, wireMessages: 0, wireBytes: 0, log: [] });
    remember(view, job);
    addLog('info', t('jobs.log.started', job.id, job.steps, job.stepMillis, labelOf(view.transport)));
    // from the first event on: the job may have moved on since POST answered
    follow.follow({ after: 0, epoch: job.epoch });
    save();
  }

  async function cancel() {
    const response = view.job ? await fetch(`/api/jobs/${view.job.id}`, { method: 'DELETE' }) : null;
    if (response && !response.ok) {
      view.error = await problemText(response);
    }
    // the final "cancelled" event arrives over the transport, like every other
  }

  function drop() {
    if (follow.following()) {
      addLog('drop', t('jobs.log.drop'));
      follow.drop();
    }
  }

  function changeTransport() {
    const url = new URL(location.href);
    url.searchParams.set('transport', view.transport);
    history.replaceState(null, '', url);
    if (follow.following() && view.job) {
      const { epoch, lastSeq } = follow.position;
      addLog('info', t('jobs.log.switch', labelOf(view.transport), lastSeq ?? 0));
      follow.follow({ after: lastSeq ?? 0, epoch });
    }
    save();
  }

  onMounted(() => restore({ view, follow, addLog, continueLog, save }, params));
  onBeforeUnmount(follow.stop);
  window.addEventListener('pagehide', () => {
    save();
    follow.stop();
  });

  return {
    view, logElement, start, cancel, drop, changeTransport,
    changeInterval: () => follow.setInterval(view.interval),
    isFinal: () => isFinal(view),
    following: follow.following,
  };
}
