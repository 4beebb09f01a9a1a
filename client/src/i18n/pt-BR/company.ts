import type en from '../en/company';
import type { Translation } from '../types';

export default {
  title: 'Perfil da empresa',
  name: 'Nome',
  description: 'Descrição',
  website: 'Site',
  websiteHint: 'https://…',
  saved: 'Empresa salva',
} satisfies Translation<typeof en>;
