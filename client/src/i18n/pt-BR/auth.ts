import type en from '../en/auth';
import type { Translation } from '../types';

export default {
  login: {
    title: 'Entrar',
    intro: 'Que bom ver você de novo no Completo.',
    email: 'E-mail',
    password: 'Senha',
    submit: 'Entrar',
    newCompany: 'Empresa nova?',
    registerLink: 'Cadastre-a',
    demo: 'Conta de demonstração: {email}, senha {password}',
  },
  register: {
    title: 'Cadastre sua empresa',
    intro: 'Você será o primeiro administrador. Depois, convide sua equipe.',
    companyName: 'Nome da empresa',
    name: 'Seu nome',
    email: 'E-mail profissional',
    password: 'Senha',
    passwordHint: 'De 10 a 128 caracteres.',
    submit: 'Criar empresa',
    already: 'Já tem cadastro?',
    loginLink: 'Entrar',
  },
  logIn: 'Entrar',
  logOut: 'Sair',
  registerCompany: 'Cadastrar empresa',
} satisfies Translation<typeof en>;
