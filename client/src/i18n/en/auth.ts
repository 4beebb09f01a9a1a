import type { Area } from '../types';

export default {
  login: {
    title: 'Log in',
    intro: 'Welcome back to Completo.',
    email: 'Email',
    password: 'Password',
    submit: 'Log in',
    newCompany: 'New company?',
    registerLink: 'Register it',
    demo: 'Demo account: {email}, password {password}',
  },
  register: {
    title: 'Register your company',
    intro: 'You become its first admin. Invite your team afterwards.',
    companyName: 'Company name',
    name: 'Your name',
    email: 'Work email',
    password: 'Password',
    passwordHint: '10 to 128 characters.',
    submit: 'Create company',
    already: 'Already registered?',
    loginLink: 'Log in',
  },
  logIn: 'Log in',
  logOut: 'Log out',
  registerCompany: 'Register company',
} as const satisfies Area;
