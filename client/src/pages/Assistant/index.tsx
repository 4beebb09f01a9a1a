import type { KeyScope } from '../../../../src/core/auth/roles';
import { CopyButton } from '../../components/copy';
import { PageHeader } from '../../components/ui';
import { t } from '../../i18n';
import { KEY_PLACEHOLDER, mcpConfig, mcpUrl } from '../../lib/mcp';

/**
 * The MCP server's tools and what each needs (README, "API keys and AI assistants"): the key scope, and who may use it
 * (`admin`: company admins and their keys; `users`: a signed-in person only, never a key).
 */
const TOOLS: { name: 'search_jobs' | 'get_job' | 'create_job' | 'list_applications' | 'review_application' | 'list_notifications'; scope: KeyScope | null; who?: 'admin' | 'users' }[] = [
  { name: 'search_jobs', scope: 'jobs:read' },
  { name: 'get_job', scope: 'jobs:read' },
  { name: 'create_job', scope: 'jobs:write', who: 'admin' },
  { name: 'list_applications', scope: 'jobs:read', who: 'admin' },
  { name: 'review_application', scope: 'jobs:write', who: 'admin' },
  { name: 'list_notifications', scope: null, who: 'users' },
];

/** The scope every assistant's key needs (the tools' own scopes are chosen on the API keys page). */
const MCP: KeyScope = 'mcp';

export function Assistant() {
  const url = mcpUrl();
  const config = mcpConfig(KEY_PLACEHOLDER);
  return (
    <>
      <PageHeader title={t('assistant.title')} />
      <p class="measure">{t('assistant.intro')}</p>

      <section class="card" aria-labelledby="assistant-guarantees">
        <h2 id="assistant-guarantees">{t('assistant.guarantees.title')}</h2>
        <ul class="guarantees">
          <li>{t('assistant.guarantees.rights')}</li>
          <li>{t('assistant.guarantees.company')}</li>
          <li>{t('assistant.guarantees.audited')}</li>
          <li>{t('assistant.guarantees.revoke')}</li>
        </ul>
        <p class="small">
          <a href="/audit">{t('assistant.guarantees.auditLink')}</a>
        </p>
      </section>

      <section class="card" aria-labelledby="assistant-connect">
        <h2 id="assistant-connect">{t('assistant.connect.title')}</h2>
        <ol class="steps">
          <li>
            <p>{t('assistant.connect.key')}</p>
            <a class="btn btn--primary btn--wrap" href={`/api-keys?scopes=${MCP}`} data-testid="create-assistant-key">
              {t('assistant.connect.createKey')}
            </a>
          </li>
          <li>
            <p>{t('assistant.connect.url')}</p>
            <p class="secret" data-testid="mcp-url">
              {url}
            </p>
            <CopyButton variant="secondary" text={url} label={t('assistant.connect.copyUrl')} testId="copy-url" />
          </li>
          <li>
            <p>{t('assistant.connect.config', { placeholder: KEY_PLACEHOLDER })}</p>
            <pre class="snippet" data-testid="mcp-config">
              {config}
            </pre>
            <CopyButton variant="secondary" text={config} label={t('assistant.connect.copyConfig')} testId="copy-config" />
            <p class="small muted spaced">{t('assistant.connect.transport')}</p>
          </li>
          <li>
            <p>{t('assistant.connect.ask')}</p>
          </li>
        </ol>
      </section>

      <section class="card" aria-labelledby="assistant-tools">
        <h2 id="assistant-tools">{t('assistant.tools.title')}</h2>
        <p class="small muted">{t('assistant.tools.intro')}</p>
        <table class="table--stack" aria-labelledby="assistant-tools">
          <thead>
            <tr>
              <th>{t('assistant.tools.tool')}</th>
              <th>{t('assistant.tools.does')}</th>
              <th>{t('assistant.tools.needs')}</th>
            </tr>
          </thead>
          <tbody>
            {TOOLS.map((tool) => (
              <tr key={tool.name} data-testid="mcp-tool">
                <td class="cell--primary">
                  <code>{tool.name}</code>
                </td>
                <td data-label={t('assistant.tools.does')}>{t(`assistant.tools.list.${tool.name}`)}</td>
                <td data-label={t('assistant.tools.needs')}>
                  <span class="stacked">
                    {tool.scope ? <code>{tool.scope}</code> : null}
                    {tool.who ? <span class="small muted">{t(`assistant.tools.who.${tool.who}`)}</span> : null}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
