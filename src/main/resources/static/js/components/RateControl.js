// The feed's rate (events/s) and size (markers), changed live with PUT /api/feeds/{id}.
// When the server is configured with an admin token the control asks for it (kept for the
// browser tab only); without one, anyone in the room may turn the knob.

import { defineComponent, onMounted, reactive } from 'vue';
import { t } from '../lib/i18n.js';
import { problemText } from '../lib/problem.js';

const TOKEN_KEY = 'lab-admin-token';
export const RATES = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

export const RateControl = defineComponent({
  name: 'RateControl',
  props: { feed: { type: String, default: 'live' } },
  setup(props) {
    const state = reactive({
      rate: null, markers: null, tokenRequired: false, token: sessionStorage.getItem(TOKEN_KEY) ?? '',
      busy: false, error: '',
    });

    async function load() {
      const response = await fetch(`/api/feeds/${encodeURIComponent(props.feed)}`, { cache: 'no-store' });
      if (response.ok) {
        const feed = await response.json();
        state.rate = feed.rate;
        state.markers = feed.markers;
        state.tokenRequired = feed.adminTokenRequired;
      }
    }

    async function apply() {
      state.busy = true;
      state.error = '';
      try {
        const headers = { 'Content-Type': 'application/json' };
        if (state.tokenRequired && state.token) {
          headers.Authorization = `Bearer ${state.token}`;
          sessionStorage.setItem(TOKEN_KEY, state.token);
        }
        const response = await fetch(`/api/feeds/${encodeURIComponent(props.feed)}`, {
          method: 'PUT', headers, body: JSON.stringify({ rate: Number(state.rate), markers: Number(state.markers) }),
        });
        if (!response.ok) {
          state.error = await problemText(response);
        }
        await load();
      } catch (error) {
        state.error = String(error);
      } finally {
        state.busy = false;
      }
    }

    onMounted(load);
    return { state, apply, t, rates: RATES };
  },
  template: `
<form class="rate-control" data-testid="rate-control" @submit.prevent="apply">
  <label class="control-field">{{ t('rate.rate') }}
    <select v-model.number="state.rate" data-testid="rate" @change="apply" :disabled="state.busy">
      <option v-if="state.rate !== null && !rates.includes(state.rate)" :value="state.rate">{{ state.rate }}</option>
      <option v-for="rate in rates" :key="rate" :value="rate">{{ rate }}</option>
    </select>
    <span class="unit">{{ t('rate.perSecond') }}</span>
  </label>
  <label class="control-field">{{ t('rate.markers') }}
    <input type="number" min="1" max="1000" v-model.number="state.markers" data-testid="markers" @change="apply" :disabled="state.busy">
  </label>
  <label v-if="state.tokenRequired" class="control-field">{{ t('rate.token') }}
    <input type="password" v-model="state.token" autocomplete="off" data-testid="admin-token">
  </label>
  <p v-if="state.error" class="form-error" role="alert">{{ state.error }}</p>
</form>`,
});
