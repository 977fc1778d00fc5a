// Tokens of the filter language. Words are maximal runs of the characters that field
// names and unquoted values share (letters, digits, . : _ / -), so "127.0.0.1",
// "fd00::5357:5f0a", "48:65:6c", "10.0.0.0/8" and "tcp.flags.syn" are each one word; the
// parser decides from the position whether a word is a field, a keyword or a value.
import { FilterSyntaxError } from './errors';

export type TokenKind =
  | 'word'
  | 'string'
  | '(' | ')'
  | '==' | '!=' | '<' | '>' | '<=' | '>='
  | '&&' | '||' | '!'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** Word text, or a string's decoded bytes as latin-1 text (one char per byte). */
  text: string;
  /** 0-based offset of the first character and the token's length in the expression. */
  offset: number;
  length: number;
}

/** Longest expression accepted: bounds the work a pasted blob can cause. */
export const MAX_EXPRESSION = 4096;

const WORD = /[A-Za-z0-9_.:/-]/;

export function tokenize(expr: string): Token[] {
  if (expr.length > MAX_EXPRESSION) throw new FilterSyntaxError(`the filter is longer than ${MAX_EXPRESSION} characters`, MAX_EXPRESSION, 1);
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    const two = expr.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=' || two === '&&' || two === '||') {
      out.push({ kind: two, text: two, offset: i, length: 2 });
      i += 2;
      continue;
    }
    if (c === '(' || c === ')' || c === '<' || c === '>' || c === '!') {
      out.push({ kind: c, text: c, offset: i, length: 1 });
      i++;
      continue;
    }
    if (c === '=') throw new FilterSyntaxError('use "==" to compare', i);
    if (c === '&') throw new FilterSyntaxError('use "&&" (or "and") for "and"', i);
    if (c === '|') throw new FilterSyntaxError('use "||" (or "or") for "or"', i);
    if (c === '"') {
      const t = readString(expr, i);
      out.push(t);
      i += t.length;
      continue;
    }
    if (WORD.test(c)) {
      let j = i + 1;
      while (j < expr.length && WORD.test(expr[j])) j++;
      out.push({ kind: 'word', text: expr.slice(i, j), offset: i, length: j - i });
      i = j;
      continue;
    }
    throw new FilterSyntaxError(`unexpected character ${JSON.stringify(c)}`, i);
  }
  out.push({ kind: 'end', text: '', offset: expr.length, length: 1 });
  return out;
}

/**
 * A double-quoted string starting at expr[start]: \" \\ \n \r \t \0 and \xNN escapes.
 * Characters above U+00FF are taken as their UTF-8 bytes (payloads are bytes).
 */
function readString(expr: string, start: number): Token {
  let text = '';
  let i = start + 1;
  for (;;) {
    if (i >= expr.length) throw new FilterSyntaxError('unterminated string: a closing " is missing', start);
    const c = expr[i];
    if (c === '"') break;
    if (c !== '\\') {
      const code = c.codePointAt(0) ?? 0;
      if (code <= 0xff) {
        text += c;
      } else {
        const cp = String.fromCodePoint(code);
        for (const b of Buffer.from(cp, 'utf8')) text += String.fromCharCode(b);
        i += cp.length;
        continue;
      }
      i++;
      continue;
    }
    const e = expr[i + 1];
    switch (e) {
      case '"': text += '"'; i += 2; break;
      case '\\': text += '\\'; i += 2; break;
      case 'n': text += '\n'; i += 2; break;
      case 'r': text += '\r'; i += 2; break;
      case 't': text += '\t'; i += 2; break;
      case '0': text += '\0'; i += 2; break;
      case 'x': {
        const hex = expr.slice(i + 2, i + 4);
        if (!/^[0-9A-Fa-f]{2}$/.test(hex)) throw new FilterSyntaxError('\\x needs two hex digits', i, Math.min(4, expr.length - i));
        text += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        break;
      }
      case undefined:
        throw new FilterSyntaxError('unterminated string: a closing " is missing', start);
      default:
        throw new FilterSyntaxError(`unknown escape \\${e} (use \\" \\\\ \\n \\r \\t \\0 or \\xNN)`, i, 2);
    }
  }
  return { kind: 'string', text, offset: start, length: i + 1 - start };
}
