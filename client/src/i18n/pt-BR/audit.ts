import type en from '../en/audit';
import type { Translation } from '../types';

export default {
  title: 'Registro de auditoria',
  intro:
    'Quem fez o quê com chaves de API e assistentes de IA, e as mudanças que mais importam: cada alteração feita com uma chave de API, cada ferramenta usada por um assistente, mudanças de papel e chaves criadas ou revogadas. Os mais recentes primeiro.',
  introStaff:
    'O registro de auditoria de todas as empresas: alterações feitas com chaves de API, ferramentas usadas por assistentes de IA, mudanças de papel e chaves criadas ou revogadas. Os mais recentes primeiro.',
  list: 'Registros',
  filters: {
    label: 'Filtrar o registro de auditoria',
    actor: 'Quem',
    anyone: 'Qualquer um',
    keys: 'Chaves de API',
    people: 'Pessoas',
    action: 'Ação',
    anyAction: 'Qualquer ação',
    known: 'Assistentes, chaves e papéis',
    rest: 'Alterações feitas com uma chave de API',
    from: 'De',
    to: 'Até',
    clear: 'Limpar filtros',
  },
  actions: {
    mcpToolCalled: 'Assistente usou uma ferramenta',
    keyCreated: 'Chave de API criada',
    keyRevoked: 'Chave de API revogada',
    roleChanged: 'Papel alterado',
  },
  columns: { time: 'Quando', actor: 'Quem', action: 'Ação', target: 'Sobre', status: 'Resultado', company: 'Empresa' },
  actor: { user: 'Pessoa', apiKey: 'Chave de API', unknown: 'Removido', only: 'Mostrar só {name}' },
  kinds: {
    tool: 'Ferramenta',
    job: 'Vaga',
    application: 'Candidatura',
    employee: 'Pessoa',
    user: 'Pessoa',
    company: 'Empresa',
    invite: 'Convite de parceria',
    partnership: 'Parceria',
    endpoint: 'Endpoint de webhook',
    apiKey: 'Chave de API',
    settings: 'Configurações',
  },
  status: { ok: 'OK', error: 'Falhou' },
  empty: 'Nada registrado ainda',
  emptyHint: 'Os registros aparecem quando uma chave de API altera algo, um assistente usa uma ferramenta, um papel muda ou uma chave é criada ou revogada.',
  emptyFiltered: 'Nenhum registro corresponde a estes filtros.',
} satisfies Translation<typeof en>;
