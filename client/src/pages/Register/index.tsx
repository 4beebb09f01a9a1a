import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button, Field, FormError } from '../../components/ui';
import { t } from '../../i18n';
import { register } from '../../lib/auth';
import { useSubmit } from '../../lib/use-submit';
import { useTitle } from '../../lib/use-title';

export function Register() {
  const { route } = useLocation();
  const [v, setV] = useState({ companyName: '', name: '', email: '', password: '' });
  useTitle(t('auth.register.title'));
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  const form = useSubmit(async () => {
    await register(v);
    route('/dashboard');
  });
  return (
    <div class="card auth-card">
      <h1>{t('auth.register.title')}</h1>
      <p class="muted">{t('auth.register.intro')}</p>
      <form onSubmit={form.onSubmit()} noValidate>
        <FormError error={form.error} fields={Object.keys(v)} />
        <Field label={t('auth.register.companyName')} error={form.fields.companyName}>
          {(a) => <input {...a} name="companyName" required autocomplete="organization" value={v.companyName} onInput={set('companyName')} />}
        </Field>
        <Field label={t('auth.register.name')} error={form.fields.name}>
          {(a) => <input {...a} name="name" required autocomplete="name" value={v.name} onInput={set('name')} />}
        </Field>
        <Field label={t('auth.register.email')} error={form.fields.email}>
          {(a) => <input {...a} name="email" type="email" required autocomplete="email" value={v.email} onInput={set('email')} />}
        </Field>
        <Field label={t('auth.register.password')} error={form.fields.password} hint={t('auth.register.passwordHint')}>
          {(a) => <input {...a} name="password" type="password" required autocomplete="new-password" value={v.password} onInput={set('password')} />}
        </Field>
        <Button type="submit" busy={form.busy} data-testid="register-submit">
          {t('auth.register.submit')}
        </Button>
      </form>
      <p class="small muted auth-card__foot">
        {t('auth.register.already')} <a href="/login">{t('auth.register.loginLink')}</a>
      </p>
    </div>
  );
}
