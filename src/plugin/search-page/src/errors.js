// OpenSearch error bodies in words: the root cause's reason, not the raw JSON.

function reasonOf(error) {
  if (!error) return null;
  if (typeof error === 'string') return error;
  const root = Array.isArray(error.root_cause) && error.root_cause[0];
  const deepest = (cause) => (cause.caused_by ? deepest(cause.caused_by) : cause);
  const base = root && root.reason ? root : error;
  const reason = base.reason || (error.caused_by && deepest(error.caused_by).reason) || error.type;
  return reason || null;
}

/**
 * One sentence for a failed request: the server's reason when it gave one, else its status.
 * @param {number} status HTTP status
 * @param {unknown} body parsed JSON body, or null
 */
export function describeError(status, body) {
  const reason = body && typeof body === 'object' ? reasonOf(body.error) : null;
  if (reason) return reason.replace(/^\[clip\]\s*/, '');
  if (status === 0) return 'the cluster did not answer (is the node running?)';
  return `the cluster answered HTTP ${status}`;
}

/** An Error carrying the HTTP status and the reason in words. */
export class RequestError extends Error {
  constructor(status, body) {
    super(describeError(status, body));
    this.status = status;
    this.body = body;
  }
}
