/**
 * Why a request failed below HTTP. Decides between "dead" and "cannot tell": a name that does not resolve
 * or a server that refuses connections is dead; a TLS or reset failure may be a firewall in front of a
 * live site, so it is only ever a `review`.
 */
export type NetworkFailure =
  | 'dns'
  | 'refused'
  | 'reset'
  | 'tls'
  | 'redirect-loop'
  | 'offline'
  | 'blocked'
  | 'timeout'
  | 'network';

/** Chromium's net error names (chrome.webRequest.onErrorOccurred `error`, e.g. `net::ERR_NAME_NOT_RESOLVED`). */
export function failureFromNetError(name: string): NetworkFailure {
  const code = name.replace(/^net::/, '');
  if (code === 'ERR_NAME_NOT_RESOLVED' || code === 'ERR_NAME_RESOLUTION_FAILED') return 'dns';
  if (code === 'ERR_CONNECTION_REFUSED' || code === 'ERR_ADDRESS_UNREACHABLE') return 'refused';
  if (code === 'ERR_TOO_MANY_REDIRECTS' || code === 'ERR_REDIRECT_CYCLE') return 'redirect-loop';
  if (code === 'ERR_TIMED_OUT' || code === 'ERR_CONNECTION_TIMED_OUT') return 'timeout';
  if (code === 'ERR_INTERNET_DISCONNECTED' || code === 'ERR_NETWORK_CHANGED' || code.startsWith('ERR_PROXY')) return 'offline';
  if (code.startsWith('ERR_CERT_') || code.startsWith('ERR_SSL_') || code === 'ERR_BAD_SSL_CLIENT_AUTH_CERT') return 'tls';
  if (code === 'ERR_UNSAFE_PORT' || code.startsWith('ERR_BLOCKED_BY_') || code === 'ERR_ACCESS_DENIED') return 'blocked';
  if (
    code === 'ERR_CONNECTION_RESET' ||
    code === 'ERR_CONNECTION_CLOSED' ||
    code === 'ERR_CONNECTION_ABORTED' ||
    code === 'ERR_EMPTY_RESPONSE'
  ) {
    return 'reset';
  }
  return 'network';
}

/** Node's fetch (undici) wraps the socket error in `cause`, with an errno code or a message. */
export function failureFromError(error: unknown): NetworkFailure {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : '';
  const message = typeof cause?.message === 'string' ? cause.message : '';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'dns';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'reset';
  if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'timeout';
  if (/CERT|SSL|TLS/.test(code) || /certificate|ssl|tls/i.test(message)) return 'tls';
  if (/redirect count exceeded/i.test(message)) return 'redirect-loop';
  if (/bad port/i.test(message)) return 'blocked';
  return 'network';
}
