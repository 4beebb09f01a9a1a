import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button, Field, FormError } from '../../components/ui';
import { t } from '../../i18n';
import { login } from '../../lib/auth';
import { useSubmit } from '../../lib/use-submit';
import { useTitle } from '../../lib/use-title';

const DEMO = { email: 'owner@acme.test', password: 'completo-demo-2026' };

export function Login() {
  const { route, query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  useTitle(t('auth.login.title'));
  const form = useSubmit(async () => {
    await login(email, password);
    route(query.next && query.next.startsWith('/') && !query.next.startsWith('//') ? query.next : '/dashboard');
  });
  return (
    <div class="card auth-card">
      <h1>{t('auth.login.title')}</h1>
      <p class="muted">{t('auth.login.intro')}</p>
      <form onSubmit={form.onSubmit()} noValidate>
        <FormError error={form.error} fields={['email', 'password']} />
        <Field label={t('auth.login.email')} error={form.fields.email}>
          {(a) => <input {...a} name="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field label={t('auth.login.password')} error={form.fields.password}>
          {(a) => (
            <input {...a} name="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <Button type="submit" busy={form.busy} class="w-full" data-testid="login-submit">
          {t('auth.login.submit')}
        </Button>
      </form>
      <p class="small muted auth-card__foot">
        {t('auth.login.newCompany')} <a href="/register">{t('auth.login.registerLink')}</a>
      </p>
      <p class="small muted">{t('auth.login.demo', DEMO)}</p>
    </div>
  );
}
