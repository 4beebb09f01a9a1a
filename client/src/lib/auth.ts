import { api, call, refreshTokens } from './api';
import { startLive, stopLive } from './notifications';
import { clearSession, currentCompany, currentUser, setTokens, tokens } from './session';

/** Loads the signed-in user and company (after login, or on reload when tokens are stored). */
export async function loadMe() {
  const body = await call(api.auth.me.$get());
  currentUser.value = body.data.user;
  currentCompany.value = body.data.company;
  startLive(refreshTokens);
}

export async function login(email: string, password: string) {
  const body = await call(api.auth.login.$post({ json: { email, password } }));
  setTokens({ token: body.data.token, refreshToken: body.data.refreshToken });
  await loadMe();
}

export async function register(input: { companyName: string; name: string; email: string; password: string }) {
  const body = await call(api.auth.register.$post({ json: input }));
  setTokens({ token: body.data.token, refreshToken: body.data.refreshToken });
  currentUser.value = body.data.user;
  currentCompany.value = body.data.company;
  startLive(refreshTokens);
}

export async function logout() {
  const current = tokens.value;
  if (current) {
    // Best effort: even if the server is unreachable, the local session ends.
    await call(api.auth.logout.$post({ json: { refreshToken: current.refreshToken } })).catch(() => undefined);
  }
  stopLive();
  clearSession();
}
