/**
 * The sandbox's HTTP API as the page uses it: same origin only, every request in the page's own tenant.
 */

/** An answer that is not 2xx: the status and the problem+json body. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {any} problem
   * @param {string} path
   */
  constructor(status, problem, path) {
    super(problem?.detail ? `${problem.code ?? status}: ${problem.detail}` : `${path} answered ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }
}

/**
 * A client bound to one tenant (`X-Sandbox-Tenant`).
 * @param {string} tenant
 */
export function createApi(tenant) {
  /**
   * @param {'GET'|'POST'} method
   * @param {string} path an absolute path on this origin
   * @param {unknown} [body]
   * @param {string} [token] a portal session
   */
  async function call(method, path, body, token) {
    if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`not a path on this origin: ${path}`);
    const headers = { 'x-sandbox-tenant': tenant, accept: 'application/json, application/problem+json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      redirect: 'error',
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) throw new ApiError(response.status, data, path);
    return data;
  }
  return {
    tenant,
    get: (path, token) => call('GET', path, undefined, token),
    post: (path, body, token) => call('POST', path, body ?? {}, token),
  };
}
