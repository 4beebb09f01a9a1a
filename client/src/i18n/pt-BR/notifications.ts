import type en from '../en/notifications';
import type { Translation } from '../types';

export default {
  title: 'Notificações',
  bell: { zero: 'Notificações, nenhuma não lida', one: 'Notificações, {count} não lida', other: 'Notificações, {count} não lidas' },
  bellOffline: {
    zero: 'Notificações, nenhuma não lida (reconectando)',
    one: 'Notificações, {count} não lida (reconectando)',
    other: 'Notificações, {count} não lidas (reconectando)',
  },
  markAllRead: 'Marcar todas como lidas',
  reconnecting: 'Reconectando… as novas notificações aparecem quando a conexão voltar.',
  empty: 'Nada por enquanto.',
  updateFailed: 'Não foi possível atualizar as notificações',
  grouped: { one: '{count} evento', other: '{count} eventos' },
  types: {
    applicationSubmitted: {
      title: { one: 'Nova candidatura para {jobTitle}', other: '{count} novas candidaturas para {jobTitle}' },
      body: 'Avalie nas candidaturas da vaga.',
    },
    applicationAccepted: 'Sua candidatura para {jobTitle} foi aceita',
    applicationRejected: 'Sua candidatura para {jobTitle} foi recusada',
    applicationReviewedBody: 'Veja em Minhas candidaturas.',
    jobCreated: {
      title: { one: 'Nova vaga para as suas competências: {title}', other: '{count} novas vagas para as suas competências em {companyName}' },
      body: 'Uma nova vaga pede competências que você tem.',
    },
    inviteSent: '{requesterName} convidou {targetName} para uma parceria',
    partnershipAccepted: '{requesterName} e {targetName} agora são parceiras',
    partnershipDeclined: '{targetName} recusou a parceria com {requesterName}',
    partnershipEnded: 'A parceria entre {requesterName} e {targetName} foi encerrada',
    partnershipBody: 'Veja os detalhes em Parceiros.',
    endpointDisabled: 'Endpoint de webhook desativado: {url}',
    endpointGone: 'O receptor respondeu 410 Gone. Corrija-o e reative o endpoint em Webhooks.',
    endpointFailing: 'As entregas falharam por 5 dias. Corrija o receptor, reative o endpoint e reenvie as entregas que falharam.',
  },
} satisfies Translation<typeof en>;
