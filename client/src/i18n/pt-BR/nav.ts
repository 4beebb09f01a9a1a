import type en from '../en/nav';
import type { Translation } from '../types';

export default {
  label: 'Principal',
  menu: 'Menu',
  home: 'Completo, página inicial',
  groups: {
    hiring: 'Contratação',
    marketplace: 'Marketplace',
    maintenance: 'Manutenção',
    fieldService: 'Serviços de campo',
    knowledge: 'Conhecimento',
    company: 'Empresa',
    integrations: 'Integrações',
    platform: 'Plataforma',
  },
  items: {
    jobBoard: 'Vagas abertas',
    ourJobs: 'Nossas vagas',
    myApplications: 'Minhas candidaturas',
    overview: 'Visão geral',
    companyProfile: 'Perfil da empresa',
    team: 'Equipe',
    partners: 'Parceiros',
    auditLog: 'Registro de auditoria',
    webhooks: 'Webhooks',
    apiKeys: 'Chaves de API',
    aiAssistant: 'Assistentes de IA',
    apiDocs: 'Referência da API',
    platformSettings: 'Configurações da plataforma',
  },
  account: 'Sua conta',
} satisfies Translation<typeof en>;
