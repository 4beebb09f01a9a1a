import { useState } from 'preact/hooks';
import { t } from '../i18n';
import { toast } from '../lib/toasts';
import { Button } from './ui';

/** Copies `text` to the clipboard; the button says so for a moment, a failure says to copy by hand. */
export function CopyButton({ text, label, variant = 'primary', testId }: { text: string; label: string; variant?: 'primary' | 'secondary'; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant={variant}
      data-testid={testId}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setCopied(true);
          setTimeout(() => setCopied(false), 3000);
        } catch {
          toast(t('common.copy.failed'), { body: t('common.copy.failedBody'), tone: 'error' });
        }
      }}
    >
      {copied ? `${t('common.copy.copied')} ✓` : label}
    </Button>
  );
}
