/**
 * Jest setup: tests reach their simulators directly. A proxy set in the shell that runs them
 * (HTTPS_PROXY and the like) would otherwise carry every request to 127.0.0.1 through it; tests of
 * the proxy set these variables themselves.
 */
for (const name of ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY']) {
  delete process.env[name];
  delete process.env[name.toLowerCase()];
}
