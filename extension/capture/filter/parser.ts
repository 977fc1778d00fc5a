// Parses a filter expression into a tree, checking every field and value on the way, so
// whatever the evaluator gets is valid. Grammar (lowest precedence first, like Wireshark):
//
//   expr    := and ( ("||" | "or") and )*
//   and     := unary ( ("&&" | "and") unary )*
//   unary   := ("!" | "not") unary | primary
//   primary := "(" expr ")" | field [ relop value | "contains" value ]
//   relop   := == != < > <= >= (or eq ne lt gt le ge)
import { FilterSyntaxError } from './errors';
import { closestField, FieldDef, fieldByName } from './fields';
import { Token, TokenKind, tokenize } from './lexer';
import { AddressValue, latin1Bytes, parseAddress, parseHexBytes, parseInteger } from './values';

export type CompareOp = '==' | '!=' | '<' | '>' | '<=' | '>=';

export type FilterNode =
  | { readonly type: 'or' | 'and'; readonly left: FilterNode; readonly right: FilterNode }
  | { readonly type: 'not'; readonly operand: FilterNode }
  | { readonly type: 'true' }
  /** A field alone: protocol present, flag set, bytes non-empty. */
  | { readonly type: 'bare'; readonly field: FieldDef }
  | { readonly type: 'address'; readonly field: FieldDef; readonly op: '==' | '!='; readonly value: AddressValue }
  | { readonly type: 'integer'; readonly field: FieldDef; readonly op: CompareOp; readonly value: number }
  | { readonly type: 'contains'; readonly field: FieldDef; readonly value: Uint8Array };

const WORD_OPS: Record<string, CompareOp> = { eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=' };
const SYMBOL_OPS: ReadonlySet<TokenKind> = new Set<TokenKind>(['==', '!=', '<', '>', '<=', '>=']);
/** Nesting deeper than this is refused rather than risking the stack. */
const MAX_DEPTH = 200;

/** Parses `expression`; an empty one matches everything. Throws FilterSyntaxError. */
export function parseFilter(expression: string): FilterNode {
  const tokens = tokenize(expression);
  if (tokens.length === 1) return { type: 'true' };
  return new Parser(tokens).parse();
}

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    const node = this.or();
    const t = this.peek();
    if (t.kind === ')') throw new FilterSyntaxError('")" without a matching "("', t.offset);
    if (t.kind !== 'end') throw new FilterSyntaxError(`expected "&&", "||" or the end, found ${describe(t)}`, t.offset, t.length);
    return node;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.isWord('or') || this.peek().kind === '||') {
      this.next();
      left = { type: 'or', left, right: this.and() };
    }
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.isWord('and') || this.peek().kind === '&&') {
      this.next();
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): FilterNode {
    if (this.peek().kind === '!' || this.isWord('not')) {
      const t = this.next();
      this.enter(t);
      const operand = this.unary();
      this.depth--;
      return { type: 'not', operand };
    }
    return this.primary();
  }

  private primary(): FilterNode {
    const t = this.next();
    if (t.kind === '(') {
      this.enter(t);
      const inner = this.or();
      this.depth--;
      const close = this.next();
      if (close.kind !== ')') throw new FilterSyntaxError(`"(" is never closed: expected ")", found ${describe(close)}`, close.kind === 'end' ? t.offset : close.offset, close.kind === 'end' ? 1 : close.length);
      return inner;
    }
    if (t.kind === 'end') throw new FilterSyntaxError('the expression ends where a field was expected', t.offset);
    if (t.kind !== 'word') throw new FilterSyntaxError(`expected a field (like tcp.port or ip.addr), found ${describe(t)}`, t.offset, t.length);
    if (['and', 'or', 'not', 'contains'].includes(t.text.toLowerCase())) {
      throw new FilterSyntaxError(`expected a field before "${t.text}"`, t.offset, t.length);
    }
    const field = fieldByName(t.text);
    if (field === undefined) {
      const near = closestField(t.text);
      throw new FilterSyntaxError(`unknown field "${t.text}"${near !== null ? ` (did you mean "${near}"?)` : ''}`, t.offset, t.length);
    }
    const opTok = this.peek();
    if (opTok.kind === 'word' && opTok.text.toLowerCase() === 'contains') {
      this.next();
      return this.contains(field, t, opTok);
    }
    const op = SYMBOL_OPS.has(opTok.kind) ? (opTok.kind as CompareOp) : opTok.kind === 'word' ? WORD_OPS[opTok.text.toLowerCase()] : undefined;
    // A field alone: a protocol is present, a flag is set, payload is not empty, and an
    // address or number field exists in the packet (as in Wireshark).
    if (op === undefined) return { type: 'bare', field };
    this.next();
    const v = this.next();
    if (v.kind !== 'word' && v.kind !== 'string') {
      throw new FilterSyntaxError(`expected a value after "${opTok.text}", found ${describe(v)}`, v.offset, v.length);
    }
    return this.compare(field, t, op, opTok, v);
  }

  private compare(field: FieldDef, name: Token, op: CompareOp, opTok: Token, v: Token): FilterNode {
    switch (field.kind) {
      case 'proto':
        throw new FilterSyntaxError(`"${name.text}" is a protocol: use it alone (like "${name.text}" or "!${name.text}")`, opTok.offset, opTok.length);
      case 'bytes':
        throw new FilterSyntaxError(`"${name.text}" takes "contains", not "${opTok.text}"`, opTok.offset, opTok.length);
      case 'address': {
        if (op !== '==' && op !== '!=') throw new FilterSyntaxError(`addresses compare with == or != only, not "${opTok.text}"`, opTok.offset, opTok.length);
        const a = v.kind === 'word' ? parseAddress(v.text) : null;
        if (a === null) throw new FilterSyntaxError(`"${v.text}" is not an IPv4 or IPv6 address (or address/prefix)`, v.offset, v.length);
        if (field.family === 6 && a.family !== 6) throw new FilterSyntaxError(`${name.text} holds IPv6 addresses; "${v.text}" is IPv4 (use ip.${name.text.split('.')[1]})`, v.offset, v.length);
        return { type: 'address', field, op, value: a };
      }
      case 'flag': {
        const n = v.kind === 'word' ? parseInteger(v.text) ?? boolWord(v.text) : null;
        if (n !== 0 && n !== 1) throw new FilterSyntaxError(`${name.text} is 0 or 1, not "${v.text}"`, v.offset, v.length);
        if (op !== '==' && op !== '!=') throw new FilterSyntaxError(`a flag compares with == or != only, not "${opTok.text}"`, opTok.offset, opTok.length);
        return { type: 'integer', field, op, value: n };
      }
      case 'integer': {
        const n = v.kind === 'word' ? parseInteger(v.text) : null;
        if (n === null) throw new FilterSyntaxError(`"${v.text}" is not a number`, v.offset, v.length);
        const max = field.what === 'port' || field.what === 'srcport' || field.what === 'dstport' ? 65535 : field.what === 'tcpflags' ? 255 : Number.MAX_SAFE_INTEGER;
        if (n > max) throw new FilterSyntaxError(`${n} is out of range for ${name.text} (0..${max})`, v.offset, v.length);
        return { type: 'integer', field, op, value: n };
      }
    }
  }

  private contains(field: FieldDef, name: Token, opTok: Token): FilterNode {
    if (field.kind !== 'bytes') throw new FilterSyntaxError(`"contains" works on payload or frame, not on ${name.text}`, opTok.offset, opTok.length);
    const v = this.next();
    let bytes: Uint8Array | null = null;
    if (v.kind === 'string') bytes = latin1Bytes(v.text);
    else if (v.kind === 'word') bytes = parseHexBytes(v.text);
    else throw new FilterSyntaxError(`expected "text" or hex bytes like 48:65:6c after "contains", found ${describe(v)}`, v.offset, v.length);
    if (bytes === null) throw new FilterSyntaxError(`"${v.text}" is neither a quoted string nor hex bytes like 48:65:6c`, v.offset, v.length);
    if (bytes.length === 0) throw new FilterSyntaxError('contains "" matches everything: give at least one byte', v.offset, v.length);
    return { type: 'contains', field, value: bytes };
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) throw new FilterSyntaxError(`nested more than ${MAX_DEPTH} deep`, t.offset);
  }

  private isWord(w: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text.toLowerCase() === w;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private next(): Token {
    const t = this.tokens[this.pos];
    if (t.kind !== 'end') this.pos++;
    return t;
  }
}

function boolWord(text: string): number | null {
  const t = text.toLowerCase();
  return t === 'true' ? 1 : t === 'false' ? 0 : null;
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'the end';
  if (t.kind === 'string') return 'a string';
  return `"${t.text}"`;
}
