// Where the jobs page keeps the job it follows across a reload: the tab's sessionStorage.

const STORAGE_KEY = 'lab.jobs.follow';

/** Keeps the followed job, the position in its feed and what the page shows of it. */
export function saveJob(view, position) {
  if (!view.job) {
    sessionStorage.removeItem(STORAGE_KEY);
    return;
  }
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify({
    job: view.job, transport: view.transport, epoch: position.epoch, lastSeq: position.lastSeq,
    progress: view.progress, received: view.received, lost: view.lost, duplicates: view.duplicates, log: view.log,
  }));
}

/** What saveJob kept, or null. */
export function savedJob() {
  try {
    return JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
  } catch {
    return null;
  }
}

export function forgetJob() {
  sessionStorage.removeItem(STORAGE_KEY);
}
