import { useState } from 'preact/hooks';
import { ApiFailure } from './api';

/** Runs an action from a form or button, tracking busy state and the API error to show next to fields. */
export function useSubmit<A extends unknown[]>(action: (...args: A) => Promise<unknown>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiFailure | null>(null);
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
    void run(...args);
  };
  return { busy, error, run, onSubmit, fields: error?.fields ?? {}, setError };
}
