import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button, Field, FormError } from '../../components/ui';
import { register } from '../../lib/auth';
import { useSubmit } from '../../lib/use-submit';

export function Register() {
  const { route } = useLocation();
  const [v, setV] = useState({ companyName: '', name: '', email: '', password: '' });
  const set = (k: keyof typeof v) => (e: Event) => setV({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  const form = useSubmit(async () => {
    await register(v);
    route('/dashboard');
  });
  return (
    <div class="card auth-card">
      <h1>Register your company</h1>
      <p class="muted">You become its first admin. Invite your team afterwards.</p>
      <form onSubmit={form.onSubmit()} noValidate>
        <FormError error={form.error} fields={Object.keys(v)} />
        <Field label="Company name" error={form.fields.companyName}>
          {(a) => <input {...a} required autocomplete="organization" value={v.companyName} onInput={set('companyName')} />}
        </Field>
        <Field label="Your name" error={form.fields.name}>
          {(a) => <input {...a} required autocomplete="name" value={v.name} onInput={set('name')} />}
        </Field>
        <Field label="Work email" error={form.fields.email}>
          {(a) => <input {...a} type="email" required autocomplete="email" value={v.email} onInput={set('email')} />}
        </Field>
        <Field label="Password" error={form.fields.password} hint="10 to 128 characters.">
          {(a) => <input {...a} type="password" required autocomplete="new-password" value={v.password} onInput={set('password')} />}
        </Field>
        <Button type="submit" busy={form.busy}>
          Create company
        </Button>
      </form>
      <p class="small muted" style="margin-top:1rem">
        Already registered? <a href="/login">Log in</a>.
      </p>
    </div>
  );
}
