import type en from '../en/team';
import type { Translation } from '../types';

export default {
  title: 'Equipe',
  add: {
    title: 'Adicionar um funcionário',
    name: 'Nome',
    email: 'E-mail',
    password: 'Senha inicial',
    passwordHint: '10 ou mais caracteres; passe-a de forma privada.',
    role: 'Perfil',
    skills: 'Competências',
    skillsHint: 'Separadas por vírgula, ex.: hvac, elétrica',
    submit: 'Adicionar funcionário',
    done: 'Funcionário adicionado',
    doneBody: '{name} já pode entrar com a senha que você definiu.',
  },
  filters: { label: 'Filtrar a equipe', search: 'Buscar por nome ou e-mail', status: 'Situação', role: 'Perfil' },
  status: { active: 'Ativo', inactive: 'Inativo' },
  columns: { person: 'Pessoa', role: 'Perfil', skills: 'Competências', status: 'Situação', joined: 'Desde' },
  list: 'Funcionários',
  roleOf: 'Perfil de {name}',
  you: 'você',
  noSkills: 'Nenhuma competência',
  joined: 'Desde {date}',
  deactivate: 'Desativar',
  reactivate: 'Reativar',
  remove: 'Remover',
  confirmRemove: 'Remover {name}? A pessoa não poderá mais entrar.',
  removed: 'Funcionário removido',
  updated: 'Funcionário atualizado',
  empty: 'Ninguém corresponde a estes filtros',
} satisfies Translation<typeof en>;
