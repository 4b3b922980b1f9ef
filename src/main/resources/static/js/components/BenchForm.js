// The benchmark's scenario form: transports, rate, markers, duration, polling interval, rendering.

import { defineComponent } from 'vue';
import { MODES } from '../lib/bench-settings.js';
import { t } from '../lib/i18n.js';
import { TRANSPORT_KEYS, labelOf } from '../transports/index.js';
import { ProtocolBadge } from './ProtocolBadge.js';

export const BenchForm = defineComponent({
  name: 'BenchForm',
  components: { ProtocolBadge },
  props: {
    /** The reactive form values, edited in place. */
    form: { type: Object, required: true },
    running: { type: Boolean, default: false },
  },
  emits: ['run'],
  setup() {
    return { t, labelOf, transports: TRANSPORT_KEYS, modes: MODES };
  },
  template: `
<form class="bench-form" @submit.prevent="$emit('run')" data-testid="bench-form">
  <fieldset class="bench-transports">
    <legend>{{ t('bench.form.transports') }}</legend>
    <label v-for="name in transports" :key="name" class="checkbox" :class="'transport-' + name">
      <input type="checkbox" :value="name" v-model="form.transports" :data-testid="'bench-transport-' + name"
             :disabled="running"> {{ labelOf(name) }}
    </label>
  </fieldset>
  <label class="control-field">{{ t('bench.form.rate') }}
    <input type="number" min="1" max="1000" v-model.number="form.rate" data-testid="bench-rate" :disabled="running"></label>
  <label class="control-field">{{ t('bench.form.markers') }}
    <input type="number" min="1" max="1000" v-model.number="form.markers" data-testid="bench-markers" :disabled="running"></label>
  <label class="control-field">{{ t('bench.form.duration') }}
    <input type="number" min="1" max="600" v-model.number="form.duration" data-testid="bench-duration" :disabled="running"></label>
  <label class="control-field">{{ t('bench.form.interval') }}
    <input type="number" min="10" max="60000" v-model.number="form.interval" data-testid="bench-interval" :disabled="running"></label>
  <label class="control-field">{{ t('bench.form.mode') }}
    <select v-model="form.mode" data-testid="bench-mode" :disabled="running">
      <option v-for="mode in modes" :key="mode" :value="mode">{{ t('bench.mode.' + mode) }}</option>
    </select></label>
  <button type="submit" class="button" data-testid="bench-run"
          :disabled="running || form.transports.length === 0">{{ t('bench.form.run') }}</button>
  <span class="control-field">{{ t('overview.page') }} <ProtocolBadge /></span>
</form>`,
});
