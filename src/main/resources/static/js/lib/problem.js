// Errors of the JSON API are RFC 9457 problems: show their detail, or the status when there is none.

/** The problem+json detail of a failed API call, or its status. */
export async function problemText(response) {
  try {
    const problem = await response.json();
    return problem.detail ?? `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}
