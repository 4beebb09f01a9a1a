// `npm run typecheck` (and so `npm test`) runs this: the web app shows no user-visible text outside its catalogues, and
// every language's catalogue has exactly the English keys, with the same {placeholders}.
//
// 1. Literal text: in client/src (outside client/src/i18n), a JSX text node with a letter in it, a letter-bearing
//    string in a user-visible attribute or prop (label, placeholder, title, aria-label, alt, hint, legend…), in a
//    `{…}` child, or as the text of toast()/confirm()/alert() fails. Text goes through t('area.key') instead.
// 2. Catalogues: client/src/i18n/<lang>/<area>.ts for every language folder; each must have the same area files and
//    keys as en/, plural messages where en has plurals, and the same placeholders per message.
//    (tsc already refuses a missing or extra key through `satisfies Translation<…>`; this also checks placeholders
//    and runs without the type checker.)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = new URL('..', import.meta.url).pathname;
const src = join(root, 'client/src');
const i18nDir = join(src, 'i18n');
const problems = [];

// ---------------------------------------------------------------------------------------------------------------
// 1. Literal text in the app's code

/** Attributes and component props whose value a person reads (or hears, from a screen reader). */
const VISIBLE_PROPS = new Set([
  'label', 'placeholder', 'title', 'alt', 'hint', 'legend', 'tabTitle', 'summary', 'body', 'message', 'caption',
  'aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext', 'aria-placeholder', 'data-label',
]);
/** Calls whose string arguments are shown to the user. */
const VISIBLE_CALLS = new Set(['toast', 'confirm', 'alert', 'prompt']);

const hasLetter = (s) => /\p{L}/u.test(s);

function* files(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (path !== i18nDir) yield* files(path);
    } else if (/\.(tsx?|jsx?)$/.test(name) && !name.endsWith('.d.ts')) yield path;
  }
}

/** Letter-bearing literal text an expression would put on screen, looking through ?:, ??, ||, && and parentheses. */
function literalText(node) {
  if (!node) return [];
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return hasLetter(node.text) ? [node] : [];
  if (ts.isTemplateExpression(node)) {
    const parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    return parts.some(hasLetter) ? [node] : [];
  }
  if (ts.isParenthesizedExpression(node)) return literalText(node.expression);
  if (ts.isConditionalExpression(node)) return [...literalText(node.whenTrue), ...literalText(node.whenFalse)];
  if (ts.isBinaryExpression(node)) {
    const op = node.operatorToken.kind;
    if (op === ts.SyntaxKind.QuestionQuestionToken || op === ts.SyntaxKind.BarBarToken) return [...literalText(node.left), ...literalText(node.right)];
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return literalText(node.right);
    if (op === ts.SyntaxKind.PlusToken) return [...literalText(node.left), ...literalText(node.right)];
  }
  return [];
}

function report(sf, node, what) {
  const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
  const text = node.getText(sf).replace(/\s+/g, ' ').slice(0, 70);
  problems.push(`${relative(root, sf.fileName)}:${line + 1}:${character + 1}  ${what}: ${text}`);
}

for (const file of files(src)) {
  const sf = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const visit = (node) => {
    if (ts.isJsxText(node) && hasLetter(node.text)) report(sf, node, 'literal JSX text');
    if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) {
      for (const lit of literalText(node.expression)) report(sf, lit, 'literal text in a JSX child');
    }
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(sf);
      if (VISIBLE_PROPS.has(name) && node.initializer) {
        const value = ts.isJsxExpression(node.initializer) ? node.initializer.expression : node.initializer;
        for (const lit of literalText(value)) report(sf, lit, `literal text in ${name}=`);
      }
    }
    if (ts.isCallExpression(node)) {
      const callee = node.expression.getText(sf).split('.').pop();
      if (VISIBLE_CALLS.has(callee)) {
        for (const arg of node.arguments) {
          for (const lit of literalText(arg)) report(sf, lit, `literal text in ${callee}()`);
          if (ts.isObjectLiteralExpression(arg)) {
            for (const prop of arg.properties) {
              if (ts.isPropertyAssignment(prop) && VISIBLE_PROPS.has(prop.name.getText(sf))) {
                for (const lit of literalText(prop.initializer)) report(sf, lit, `literal text in ${callee}({ ${prop.name.getText(sf)} })`);
              }
            }
          }
        }
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && /(^|\.)title$/.test(node.left.getText(sf)) && /document/.test(node.left.getText(sf))) {
      for (const lit of literalText(node.right)) report(sf, lit, 'literal document.title');
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Catalogues: same areas, keys, plural shapes and placeholders as English

const isPlural = (v) => typeof v === 'object' && v !== null && typeof v.other === 'string';
const placeholders = (v) => new Set([...(isPlural(v) ? Object.values(v) : [v]).join(' ').matchAll(/\{(\w+)\}/g)].map((m) => m[1]));

function leaves(obj, prefix = '') {
  const out = new Map();
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string' || isPlural(v)) out.set(prefix + k, v);
    else if (typeof v === 'object' && v !== null) for (const [kk, vv] of leaves(v, `${prefix}${k}.`)) out.set(kk, vv);
    else problems.push(`catalogue: ${prefix}${k} is neither a message, plural forms nor a group`);
  }
  return out;
}

async function loadLanguage(lang) {
  const dir = join(i18nDir, lang);
  const areas = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'index.ts').map((f) => f.slice(0, -3));
  const index = readFileSync(join(dir, 'index.ts'), 'utf8');
  const messages = new Map();
  for (const area of areas) {
    if (!new RegExp(`export \\{ default as ${area} \\} from '\\./${area}'`).test(index)) problems.push(`catalogue ${lang}: ${area}.ts is not exported by ${lang}/index.ts`);
    const mod = await import(pathToFileURL(join(dir, `${area}.ts`)).href);
    for (const [k, v] of leaves(mod.default, `${area}.`)) messages.set(k, v);
  }
  return { areas: new Set(areas), messages };
}

const languages = readdirSync(i18nDir).filter((d) => statSync(join(i18nDir, d)).isDirectory());
const en = await loadLanguage('en');
for (const lang of languages.filter((l) => l !== 'en')) {
  const other = await loadLanguage(lang);
  for (const area of en.areas) if (!other.areas.has(area)) problems.push(`catalogue ${lang}: missing area file ${area}.ts`);
  for (const area of other.areas) if (!en.areas.has(area)) problems.push(`catalogue ${lang}: area ${area}.ts has no English original`);
  for (const [key, value] of en.messages) {
    const theirs = other.messages.get(key);
    if (theirs === undefined) {
      problems.push(`catalogue ${lang}: missing ${key}`);
      continue;
    }
    if (isPlural(value) !== isPlural(theirs)) problems.push(`catalogue ${lang}: ${key} must ${isPlural(value) ? '' : 'not '}have plural forms, as in English`);
    const want = [...placeholders(value)].sort().join(',');
    const got = [...placeholders(theirs)].sort().join(',');
    if (want !== got) problems.push(`catalogue ${lang}: ${key} has placeholders {${got}}, English has {${want}}`);
  }
  for (const key of other.messages.keys()) if (!en.messages.has(key)) problems.push(`catalogue ${lang}: ${key} is not in English`);
}

if (problems.length) {
  console.error(`✖ i18n check: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`✔ i18n check: no literal UI text in client/src; ${languages.length} catalogues × ${en.messages.size} messages agree`);
