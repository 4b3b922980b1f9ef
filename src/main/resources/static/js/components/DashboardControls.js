// The dashboard's buttons and switches: connect, disconnect, drop the connection, the short
// polling interval (live: the open adapter follows at once) and "render every event".

import { defineComponent } from 'vue';
import { t } from '../lib/i18n.js';
import { IntervalControl } from './IntervalControl.js';

export const DashboardControls = defineComponent({
  name: 'DashboardControls',
  components: { IntervalControl },
  props: {
    /** The dashboard's reactive view: status, interval and everyEvent are read and set here. */
    view: { type: Object, required: true },
    transport: { type: String, required: true },
  },
  emits: ['connect', 'disconnect', 'drop'],
  setup() {
    return { t };
  },
  template: `
<div class="controls">
  <button type="button" class="button" data-testid="connect" @click="$emit('connect')"
          :disabled="view.status !== 'closed'">{{ t('control.connect') }}</button>
  <button type="button" class="button" data-testid="disconnect" @click="$emit('disconnect')"
          :disabled="view.status === 'closed'">{{ t('control.disconnect') }}</button>
  <button type="button" class="button button-warn" data-testid="drop" @click="$emit('drop')"
          :disabled="view.status === 'closed'">{{ t('control.drop') }}</button>
  <IntervalControl v-if="transport === 'polling'" :view="view" />
  <label class="control-field checkbox"><input type="checkbox" v-model="view.everyEvent" data-testid="every-event">
    {{ t('control.everyEvent') }}</label>
</div>`,
});
