import type en from '../en/dashboard';
import type { Translation } from '../types';

export default {
  title: 'Visão geral',
  hello: 'Olá, {name}',
  openJobs: 'Vagas abertas',
  noOpenJobs: 'Nenhuma vaga aberta.',
  manageJobs: 'Gerenciar vagas',
  jobBoard: 'Ver vagas',
  pending: 'Candidaturas pendentes',
  nothingToReview: 'Nada para avaliar.',
  appliedTo: '{name} se candidatou a {job}',
  invites: 'Convites de parceria',
  noInvites: 'Nenhum convite aguardando.',
  wantsToPartner: '{company} quer ser parceira de vocês.',
  partners: 'Parceiros',
  notifications: 'Notificações',
  unread: { zero: 'nenhuma não lida', one: '{count} não lida', other: '{count} não lidas' },
  caughtUp: 'Você está em dia.',
  mine: 'Minhas candidaturas',
  noneYet: 'Nenhuma ainda.',
  browse: 'Ver vagas',
} satisfies Translation<typeof en>;
