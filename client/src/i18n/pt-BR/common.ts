import type en from '../en/common';
import type { Translation } from '../types';

export default {
  brand: 'Completo',
  pageTitle: '{page} · Completo',
  loading: 'Carregando…',
  save: 'Salvar',
  cancel: 'Cancelar',
  search: 'Buscar',
  any: 'Todos',
  tryAgain: 'Tentar de novo',
  refresh: 'Atualizar',
  dismiss: 'Fechar',
  previous: 'Anterior',
  next: 'Próxima',
  pagination: 'Paginação',
  pageOf: 'Página {page} de {pages}',
  total: { one: '{count} no total', other: '{count} no total' },
  totalAbout: { one: 'cerca de {count} no total', other: 'cerca de {count} no total' },
  lastChanged: 'Alterado em {when}',
  language: 'Idioma',
  skipToContent: 'Pular para o conteúdo',
  commaSeparated: 'Separadas por vírgula',
  actions: 'Ações',
  roles: { DEV: 'Desenvolvedor', admin: 'Administrador da plataforma', admin_empresa: 'Administrador da empresa', cliente: 'Membro' },
  roleAt: '{role} em {company}',
  copy: { copied: 'Copiado', failed: 'Não foi possível copiar', failedBody: 'Selecione o texto e copie-o manualmente.' },
} satisfies Translation<typeof en>;
