// The followed job: its state, connection status, progress bar, result and counters. The
// byte counter is payload as the page receives it, not the bytes on the wire.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';

export const JobPanel = defineComponent({
  name: 'JobPanel',
  props: {
    view: { type: Object, required: true },
    final: { type: Boolean, default: false },
    following: { type: Boolean, default: false },
  },
  emits: ['drop', 'cancel'],
  setup() {
    return { t };
  },
  template: `
<div class="jobs-panel" :class="'job-state-' + (view.progress?.state ?? 'running')" :data-job="view.job.id" data-testid="job">
  <div class="job-head">
    <h2>{{ t('jobs.job', view.job.id) }}
      <span class="job-state" data-testid="job-state" :data-state="view.progress?.state ?? ''">{{ view.progress ? t('jobs.state.' + view.progress.state) : '…' }}</span></h2>
    <span class="status" :class="'status-' + view.status" data-testid="status" :data-status="view.status">{{ t('status.' + view.status) }}</span>
    <div class="controls">
      <button type="button" class="button button-warn" data-testid="job-drop" @click="$emit('drop')"
              :disabled="!following">{{ t('jobs.drop') }}</button>
      <button type="button" class="button" data-testid="job-cancel" @click="$emit('cancel')"
              :disabled="final">{{ t('jobs.cancel') }}</button>
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
</div>`,
});
