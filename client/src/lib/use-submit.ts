import { useRef, useState } from 'preact/hooks';
import { ApiFailure } from './api';
import { fieldErrors } from './errors';

/** After a failed submit: focus the first field marked invalid, else the form's error message. */
function focusProblem(form: HTMLFormElement | null) {
  // After the render that marks the fields (Preact renders in a microtask after the state change).
  setTimeout(() => {
    const target = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector<HTMLElement>('[data-form-error]');
    target?.focus();
  }, 0);
}

/**
 * Runs an action from a form or button, tracking busy state and the API error; `fields` holds the localized message
 * for each field the server refused.
 */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
  const form = useRef<HTMLFormElement | null>(null);
  const run = async (...args: A) => {
    setBusy(true);
    setError(null);
    try {
      await action(...args);
      return true;
    } catch (err) {
      setError(err instanceof ApiFailure ? err : new ApiFailure(0, 'INTERNAL', String(err)));
      return false;
    } finally {
      setBusy(false);
    }
  };
  const onSubmit = (...args: A) => (e: Event) => {
    e.preventDefault();
    form.current = e.currentTarget instanceof HTMLFormElement ? e.currentTarget : null;
    void run(...args).then((ok) => ok || focusProblem(form.current));
  };
  return { busy, error, run, onSubmit, fields: fieldErrors(error), setError };
}
