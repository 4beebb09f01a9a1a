import type en from '../en/partners';
import type { Translation } from '../types';

export default {
  title: 'Parceiros',
  find: {
    title: 'Convidar uma empresa parceira',
    intro: 'Parceiros veem as vagas compartilhadas com parceiros um do outro e ficam sabendo dos eventos da parceria.',
    name: 'Nome da empresa',
    submit: 'Buscar',
    results: 'Empresas encontradas',
    none: 'Nenhuma empresa com nome parecido com “{term}”',
    invite: 'Convidar',
    inviteSent: 'Convite enviado',
    invitedYou: 'Convidou vocês',
    partner: 'Parceira',
  },
  list: {
    title: 'Suas parcerias',
    empty: 'Nenhuma parceria ainda',
    emptyHint: 'Busque uma empresa acima para convidá-la.',
    emptyMember: 'Os administradores da sua empresa podem convidar empresas parceiras.',
    sent: 'Vocês convidaram · {date}',
    received: 'Convidou vocês · {date}',
  },
  status: { active: 'Ativa', pending: 'Pendente', declined: 'Recusada', ended: 'Encerrada' },
  accept: 'Aceitar',
  decline: 'Recusar',
  cancelInvite: 'Cancelar convite',
  end: 'Encerrar parceria',
  confirmEnd: 'Encerrar esta parceria? As vagas de parceiros deixam de ser compartilhadas na hora.',
  confirmCancel: 'Cancelar este convite?',
  accepted: 'Parceria ativa',
  declined: 'Convite recusado',
  ended: 'Parceria encerrada',
  cancelled: 'Convite cancelado',
} satisfies Translation<typeof en>;
