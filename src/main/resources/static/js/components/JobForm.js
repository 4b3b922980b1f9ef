// The jobs page's form: a job's steps, step duration and failure point, and the transport
// (and polling interval) to follow it over, which can change while the job runs.

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';
import { TRANSPORT_KEYS, labelOf } from '../transports/index.js';
import { ProtocolBadge } from './ProtocolBadge.js';

const INTERVALS = [250, 500, 1000, 2000];

export const JobForm = defineComponent({
  name: 'JobForm',
  components: { ProtocolBadge },
  props: {
    /** The page's reactive view: form, transport, interval, job, error are read and set here. */
    view: { type: Object, required: true },
    /** { maxSteps, minStepMillis, maxStepMillis } */
    limits: { type: Object, required: true },
  },
  emits: ['start', 'change-transport', 'change-interval'],
  setup() {
    return { t, labelOf, transports: TRANSPORT_KEYS, intervals: INTERVALS };
  },
  template: `
<form class="jobs-form jobs-panel" @submit.prevent="$emit('start')" data-testid="job-form">
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
    <select v-model="view.transport" @change="$emit('change-transport')" data-testid="job-transport">
      <option v-for="name in transports" :key="name" :value="name">{{ labelOf(name) }}</option>
    </select>
    <ProtocolBadge :transport="view.transport" :feed="view.job?.feed ?? 'live'" />
  </label>
  <label v-if="view.transport === 'polling'" class="control-field">{{ t('jobs.interval') }}
    <select v-model.number="view.interval" @change="$emit('change-interval')" data-testid="job-interval">
      <option v-for="ms in intervals" :key="ms" :value="ms">{{ ms }} ms</option>
    </select>
  </label>
  <button type="submit" class="button button-primary" data-testid="job-start">{{ t('jobs.start') }}</button>
  <p v-if="view.error" class="form-error" role="alert" data-testid="job-error">{{ view.error }}</p>
</form>`,
});
