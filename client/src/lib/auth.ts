import { api, call, refreshAccess } from './api';
import { startLive, stopLive } from './notifications';
import { accessToken, clearSession, currentCompany, currentUser, forgetLegacyTokens, hadSession, setAccessToken } from './session';

/** Tells the other tabs of this browser about logins and logouts (they share the session cookie). */
const channel = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('completo.session');

/** Loads the signed-in user and company and opens the live connection. */
export async function loadMe() {
  const body = await call(api.auth.me.$get());
  currentUser.value = body.data.user;
  currentCompany.value = body.data.company;
  startLive(refreshAccess);
}

/** On page load: a new access token through the refresh cookie, if this browser had a session. */
export async function restoreSession() {
  forgetLegacyTokens();
  if (!hadSession() || !(await refreshAccess())) return;
  await loadMe().catch(() => clearSession());
}

export async function login(email: string, password: string) {
  const body = await call(api.auth.login.$post({ json: { email, password } }));
  // The body also carries a refresh token for API clients; the web app's is the HttpOnly cookie the answer set.
  setAccessToken(body.data.token);
  await loadMe();
  channel?.postMessage('login');
}

export async function register(input: { companyName: string; name: string; email: string; password: string }) {
  const body = await call(api.auth.register.$post({ json: input }));
  setAccessToken(body.data.token);
  currentUser.value = body.data.user;
  currentCompany.value = body.data.company;
  startLive(refreshAccess);
  channel?.postMessage('login');
}

function endLocally() {
  stopLive();
  clearSession();
}

/** Revokes the session (the server ends the refresh family and clears the cookie), here and in every other tab. */
export async function logout() {
  // Best effort: even if the server is unreachable, this browser's session ends.
  if (accessToken.value) await call(api.auth.logout.$post({ json: {} })).catch(() => undefined);
  endLocally();
  channel?.postMessage('logout');
}

if (channel) {
  channel.onmessage = (e: MessageEvent) => {
    if (e.data === 'logout' && accessToken.value) endLocally();
    if (e.data === 'login' && !accessToken.value) void restoreSession();
  };
}
