import type en from '../en/keys';
import type { Translation } from '../types';

export default {
  title: 'Chaves de API',
  intro:
    'Uma chave de API permite que um dos seus sistemas, ou um assistente de IA, trabalhe com os dados da sua empresa sem a senha de uma pessoa. Ela age como um administrador da empresa limitado aos escopos que você der, nunca alcança pessoas, parceiros, webhooks, chaves nem o registro de auditoria, e para de funcionar no momento em que você a revoga.',
  toAssistant: 'Conectar um assistente de IA',
  once: {
    title: 'Sua nova chave de API — mostrada só uma vez.',
    body: 'Copie-a agora e guarde-a onde a sua integração guarda segredos: o Completo guarda só uma impressão digital dela e não pode mostrá-la de novo.',
    copy: 'Copiar chave',
    mcpHint: 'Para um assistente de IA, esta configuração está pronta para colar nas configurações de MCP dele:',
    copyConfig: 'Copiar configuração',
    stored: 'Já guardei',
  },
  add: {
    title: 'Criar uma chave',
    name: 'Nome',
    nameHint: 'Quem ou o que a usa, para você reconhecê-la no registro de auditoria (por exemplo "Sincronização do ERP" ou "Claude da equipe de operações").',
    scopes: 'Escopos',
    scopesHint: 'Dê só o que ela precisa. Leitura permite consultar; escrita permite criar, alterar e excluir.',
    expires: 'Expira em (opcional)',
    expiresHint: 'Ela para de funcionar no fim desse dia. Deixe vazio para uma chave que vale até ser revogada.',
    submit: 'Criar chave',
  },
  families: {
    jobs: { name: 'Vagas', body: 'Vagas publicadas e as candidaturas a elas.' },
    services: { name: 'Serviços', body: 'Os serviços do marketplace.' },
    zettels: { name: 'Notas de conhecimento', body: 'A base de conhecimento da empresa.' },
    cmms: { name: 'Manutenção', body: 'Ativos e ordens de serviço (CMMS).' },
    fsm: { name: 'Serviço de campo', body: 'Visitas de campo e o agendamento delas (FSM).' },
    mcp: { name: 'Assistentes de IA (MCP)', body: 'Permite que um assistente de IA se conecte. Adicione os escopos das ferramentas que ele deve usar.' },
  },
  access: { read: 'Leitura', write: 'Escrita', connect: 'Conexão' },
  list: { label: 'Suas chaves', empty: 'Nenhuma chave de API ainda', emptyHint: 'Crie uma acima para uma integração ou um assistente de IA.' },
  columns: { name: 'Chave', scopes: 'Escopos', created: 'Criada', expires: 'Expira', lastUsed: 'Último uso', state: 'Situação' },
  noExpiry: 'Nunca',
  neverUsed: 'Ainda não',
  state: { active: 'Ativa', expired: 'Expirada', revoked: 'Revogada' },
  revoke: 'Revogar',
  revokeNamed: 'Revogar {name}',
  confirmRevoke: 'Revogar a chave "{name}"? Tudo o que a usa passa a ser recusado na hora. Isso não pode ser desfeito.',
  revoked: 'Chave revogada',
  revokedBody: '{name} não funciona mais.',
} satisfies Translation<typeof en>;
