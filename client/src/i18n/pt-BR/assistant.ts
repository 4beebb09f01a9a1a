import type en from '../en/assistant';
import type { Translation } from '../types';

export default {
  title: 'Conectar um assistente de IA',
  intro:
    'O Completo tem um servidor MCP (Model Context Protocol, o padrão pelo qual assistentes de IA acessam outros sistemas). Conecte um assistente como o Claude ou o Cursor e ele pode consultar as suas vagas, publicar uma vaga ou avaliar candidaturas quando você pedir — numa conversa, com as suas palavras.',
  guarantees: {
    title: 'O que um assistente pode fazer, e o que não pode',
    rights: 'Ele age com exatamente os direitos da chave de API dele: vê só as ferramentas que os escopos da chave permitem, e cada ferramenta aplica as mesmas regras do aplicativo.',
    company: 'Ele só vê e altera os dados da sua própria empresa.',
    audited: 'Cada chamada de ferramenta fica registrada: qual chave, qual ferramenta, quando e se deu certo.',
    revoke: 'Revogar a chave desconecta o assistente na hora.',
    auditLink: 'Ver as chamadas no registro de auditoria',
  },
  connect: {
    title: 'Como conectar',
    key: 'Crie uma chave de API com o escopo mcp, mais os escopos das ferramentas que o assistente deve usar (veja abaixo). A chave é mostrada uma vez, já com esta configuração preenchida.',
    createKey: 'Criar uma chave para um assistente',
    url: 'Nas configurações do assistente, adicione um servidor MCP com este endereço:',
    copyUrl: 'Copiar endereço',
    config: 'Envie a chave como token Bearer no cabeçalho Authorization. Para o Claude Desktop, o Cursor e outros clientes que leem uma configuração em JSON (troque {placeholder} pela sua chave):',
    copyConfig: 'Copiar configuração',
    transport: 'Streamable HTTP, versão 2025-11-25 do protocolo MCP (2025-06-18 e 2025-03-26 também funcionam).',
    ask: 'Pergunte ao assistente, por exemplo: “Quais das nossas vagas têm candidaturas esperando?”',
  },
  tools: {
    title: 'Ferramentas e os escopos de que precisam',
    intro: 'Um assistente vê só as ferramentas que a chave dele pode usar. Toda chave para um assistente também precisa de mcp.',
    tool: 'Ferramenta',
    does: 'O que faz',
    needs: 'Precisa de',
    list: {
      search_jobs: 'Buscar e listar as vagas que a sua empresa pode ver.',
      get_job: 'Ler uma vaga.',
      create_job: 'Publicar uma vaga da sua empresa.',
      list_applications: 'Listar as candidaturas a uma das suas vagas.',
      review_application: 'Aceitar ou recusar uma candidatura.',
      list_notifications: 'Ler as suas notificações.',
    },
    who: {
      admin: 'Administradores da empresa e as chaves deles',
      users: 'Só uma pessoa conectada; chaves de API não têm notificações',
    },
  },
} satisfies Translation<typeof en>;
