import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { Button, Field, FormError } from '../../components/ui';
import { login } from '../../lib/auth';
import { useSubmit } from '../../lib/use-submit';

export function Login() {
  const { route, query } = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const form = useSubmit(async () => {
    await login(email, password);
    route(query.next && query.next.startsWith('/') ? query.next : '/dashboard');
  });
  return (
    <div class="card auth-card">
      <h1>Log in</h1>
      <p class="muted">Welcome back to Completo.</p>
      <form onSubmit={form.onSubmit()} noValidate>
        <FormError error={form.error} fields={['email', 'password']} />
        <Field label="Email" error={form.fields.email}>
          {(a) => <input {...a} type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />}
        </Field>
        <Field label="Password" error={form.fields.password}>
          {(a) => (
            <input {...a} type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          )}
        </Field>
        <Button type="submit" busy={form.busy} class="w-full">
          Log in
        </Button>
      </form>
      <p class="small muted" style="margin-top:1rem">
        New company? <a href="/register">Register it</a>. Demo: <code>owner@acme.test</code> / <code>completo-demo-2026</code>
      </p>
    </div>
  );
}
