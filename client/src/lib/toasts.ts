import { signal } from '@preact/signals';

export interface Toast {
  id: number;
  title: string;
  body?: string | undefined;
  tone: 'info' | 'success' | 'error';
}

export const toasts = signal<Toast[]>([]);
let next = 1;

export function toast(title: string, opts: { body?: string; tone?: Toast['tone']; ms?: number } = {}) {
  const id = next++;
  toasts.value = [...toasts.value.slice(-3), { id, title, body: opts.body, tone: opts.tone ?? 'info' }];
  setTimeout(() => dismiss(id), opts.ms ?? 5000);
}

export function dismiss(id: number) {
  toasts.value = toasts.value.filter((t) => t.id !== id);
}
