// The jobs page: the form, the followed job and its progress log. The logic is in
// composables/useJobsPage.js (and useJobFollow.js).

import { defineComponent } from 'vue';
import { useJobsPage } from '../composables/useJobsPage.js';
import { t } from '../lib/i18n.js';
import { JobForm } from './JobForm.js';
import { JobPanel } from './JobPanel.js';

export const JobsPage = defineComponent({
  name: 'JobsPage',
  components: { JobForm, JobPanel },
  props: {
    maxSteps: { type: Number, required: true },
    minStepMillis: { type: Number, required: true },
    maxStepMillis: { type: Number, required: true },
  },
  setup(props) {
    return { ...useJobsPage(), t, limits: props };
  },
  template: `
<section class="jobs">
  <JobForm :view="view" :limits="limits" @start="start" @change-transport="changeTransport" @change-interval="changeInterval" />
  <JobPanel v-if="view.job" :view="view" :final="isFinal()" :following="following()" @drop="drop" @cancel="cancel" />
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
