/**
 * A subset of Go's text/template, enough for Helm charts: the parser and evaluator follow
 * text/template's semantics (trim markers, pipelines, variables and their scopes, if/else if/
 * range/with/define/template/block, break/continue, missing map keys as nil, field access on nil
 * failing like Go's "nil pointer evaluating interface {}.x"). Functions come from a table the
 * caller passes (`helm/functions.ts` gives sprig's and Helm's); a name not in the table fails at
 * parse time with Go's message `function "x" not defined`, so an unsupported function can never
 * render wrong output. Not supported (a parse error saying so): method calls with arguments on
 * fields, `call`, complex numbers, character constants, `else range`.
 */

export type Value = unknown;
export type Fn = (...args: Value[]) => Value;

export class TemplateError extends Error {}

type Node =
  | { k: 'text'; text: string }
  | { k: 'action'; pipe: Pipe; line: number }
  | { k: 'if' | 'with'; pipe: Pipe; list: Node[]; else: Node[] | undefined; line: number }
  | { k: 'range'; pipe: Pipe; list: Node[]; else: Node[] | undefined; line: number }
  | { k: 'template'; name: string; pipe: Pipe | undefined; line: number }
  | { k: 'break' | 'continue'; line: number };

interface Pipe {
  decl: string[];
  assign: boolean;
  cmds: Arg[][];
}

type Arg =
  | { k: 'field'; path: string[] } // .a.b (empty path = dot)
  | { k: 'var'; name: string; path: string[] }
  | { k: 'lit'; value: Value }
  | { k: 'fn'; name: string }
  | { k: 'pipe'; pipe: Pipe; path: string[] };

// --- lexing ---------------------------------------------------------------------------------

type Tok = { t: 'id' | 'field' | 'var' | 'str' | 'num' | '(' | ')' | '|' | ':=' | '=' | ','; v: string };

function lexAction(src: string, where: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] as string;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === '|' || c === ',') { out.push({ t: c, v: c }); i++; continue; }
    if (c === ':' && src[i + 1] === '=') { out.push({ t: ':=', v: ':=' }); i += 2; continue; }
    if (c === '=') { out.push({ t: '=', v: '=' }); i++; continue; }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new TemplateError(`${where}: unterminated quoted string`);
      out.push({ t: 'str', v: JSON.parse(src.slice(i, j + 1).replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1')) as string });
      i = j + 1;
      continue;
    }
    if (c === '`') {
      const j = src.indexOf('`', i + 1);
      if (j < 0) throw new TemplateError(`${where}: unterminated raw quoted string`);
      out.push({ t: 'str', v: src.slice(i + 1, j) });
      i = j + 1;
      continue;
    }
    if (c === "'") throw new TemplateError(`${where}: character constants are not supported by this engine`);
    const m = /^(\.[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|\$[A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*|[-+]?(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|[A-Za-z_][A-Za-z0-9_]*)/.exec(src.slice(i));
    if (!m) throw new TemplateError(`${where}: unexpected ${JSON.stringify(c)} in command`);
    const w = m[0];
    out.push({ t: w.startsWith('.') ? 'field' : w.startsWith('$') ? 'var' : /^[-+\d]/.test(w) ? 'num' : 'id', v: w });
    i += w.length;
  }
  return out;
}

// --- parsing --------------------------------------------------------------------------------

export interface Parsed {
  root: Node[];
  defines: Map<string, Node[]>;
}

type Frame = { k: 'if' | 'with' | 'range' | 'define' | 'block' | 'root'; node?: Node; name?: string; list: Node[]; inElse: boolean; chained: number };

/** Parses one template file; `defines` gets its `define`/`block` templates. */
export function parseTemplate(name: string, src: string, funcs: ReadonlyMap<string, Fn>): Parsed {
  const defines = new Map<string, Node[]>();
  const root: Node[] = [];
  const stack: Frame[] = [{ k: 'root', list: root, inElse: false, chained: 0 }];
  const top = () => stack[stack.length - 1] as Frame;
  let pos = 0;
  let line = 1;
  let trimNext = false;
  const where = () => `template: ${name}:${line}`;
  const parsePipe = (toks: Tok[], from: number): Pipe => {
    let i = from;
    const decl: string[] = [];
    let assign = false;
    // `$x :=`, `$x =`, `$i, $v :=`
    const save = i;
    while (toks[i]?.t === 'var' && !toks[i]?.v.includes('.', 1)) {
      decl.push(toks[i]?.v as string);
      i++;
      if (toks[i]?.t === ',') { i++; continue; }
      break;
    }
    if (decl.length > 0 && (toks[i]?.t === ':=' || toks[i]?.t === '=')) {
      assign = toks[i]?.t === '=';
      i++;
    } else {
      decl.length = 0;
      i = save;
    }
    const [cmds, end] = parseCmds(toks, i);
    if (end !== toks.length) throw new TemplateError(`${where()}: unexpected ${JSON.stringify(toks[end]?.v)} in operand`);
    if (cmds.length === 0) throw new TemplateError(`${where()}: missing value for command`);
    return { decl, assign, cmds };
  };
  const parseCmds = (toks: Tok[], from: number): [Arg[][], number] => {
    const cmds: Arg[][] = [];
    let cur: Arg[] = [];
    let i = from;
    while (i < toks.length) {
      const t = toks[i] as Tok;
      if (t.t === ')') break;
      if (t.t === '|') {
        if (cur.length === 0) throw new TemplateError(`${where()}: missing command before "|"`);
        cmds.push(cur);
        cur = [];
        i++;
        continue;
      }
      if (t.t === '(') {
        const [inner, end] = parseCmds(toks, i + 1);
        if (toks[end]?.t !== ')') throw new TemplateError(`${where()}: unclosed left paren`);
        if (inner.length === 0) throw new TemplateError(`${where()}: missing value for parenthesized pipeline`);
        i = end + 1;
        let path: string[] = [];
        if (toks[i]?.t === 'field' && !/\s/.test('')) {
          path = (toks[i]?.v as string).split('.').slice(1);
          i++;
        }
        cur.push({ k: 'pipe', pipe: { decl: [], assign: false, cmds: inner }, path });
        continue;
      }
      cur.push(operand(t));
      i++;
    }
    if (cur.length > 0) cmds.push(cur);
    for (const cmd of cmds) {
      const first = cmd[0] as Arg;
      // Arguments after a field are a method call (`.Capabilities.APIVersions.Has "x"`), checked when run.
      if (first.k !== 'fn' && cmd.length > 1 && !('path' in first && first.path.length > 0)) {
        throw new TemplateError(`${where()}: can't give argument to non-function ${describe(first)}`);
      }
    }
    return [cmds, i];
  };
  const operand = (t: Tok): Arg => {
    if (t.t === 'field') return { k: 'field', path: t.v === '.' ? [] : t.v.split('.').slice(1) };
    if (t.t === 'var') {
      const [v, ...path] = t.v.split('.');
      return { k: 'var', name: v as string, path };
    }
    if (t.t === 'str') return { k: 'lit', value: t.v };
    if (t.t === 'num') return { k: 'lit', value: Number(t.v) };
    if (t.t === 'id') {
      if (t.v === 'true' || t.v === 'false') return { k: 'lit', value: t.v === 'true' };
      if (t.v === 'nil') return { k: 'lit', value: null };
      if (!funcs.has(t.v)) throw new TemplateError(`${where()}: function "${t.v}" not defined`);
      return { k: 'fn', name: t.v };
    }
    throw new TemplateError(`${where()}: unexpected ${JSON.stringify(t.v)} in operand`);
  };

  while (pos < src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNext) text = text.replace(/^\s+/, '');
    trimNext = false;
    if (open < 0) {
      if (text) top().list.push({ k: 'text', text });
      break;
    }
    let inner0 = open + 2;
    if (src[inner0] === '-' && /\s/.test(src[inner0 + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      inner0 += 2;
    }
    if (text) top().list.push({ k: 'text', text });
    line += (src.slice(pos, open).match(/\n/g) ?? []).length;
    let close: number;
    let body: string;
    const commentStart = src.slice(inner0).match(/^\s*\/\*/);
    if (commentStart) {
      const end = src.indexOf('*/', inner0 + commentStart[0].length);
      if (end < 0) throw new TemplateError(`${where()}: unclosed comment`);
      const rest = src.slice(end + 2).match(/^(?:\s+(-))?\s*}}/);
      if (!rest) throw new TemplateError(`${where()}: comment ends before closing delimiter`);
      close = end + 2 + rest[0].length;
      if (rest[1]) trimNext = true;
      line += (src.slice(open, close).match(/\n/g) ?? []).length;
      pos = close;
      continue;
    }
    // Find the closing delimiter outside string literals.
    let j = inner0;
    let found = -1;
    while (j < src.length) {
      const c = src[j];
      if (c === '"') { j++; while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1; j++; continue; }
      if (c === '`') { j = src.indexOf('`', j + 1); if (j < 0) break; j++; continue; }
      if (c === '}' && src[j + 1] === '}') { found = j; break; }
      j++;
    }
    if (found < 0) throw new TemplateError(`${where()}: unclosed action`);
    body = src.slice(inner0, found);
    close = found + 2;
    if (/\s-$/.test(body)) {
      body = body.slice(0, -1);
      trimNext = true;
    } else if (body === '-') {
      throw new TemplateError(`${where()}: unexpected "-" in command`);
    }
    const actionLine = line;
    line += (src.slice(open, close).match(/\n/g) ?? []).length;
    pos = close;
    const toks = lexAction(body, where());
    const kw = toks[0]?.t === 'id' ? toks[0].v : '';
    const f = top();
    switch (kw) {
      case 'if': case 'with': case 'range': {
        const node = { k: kw, pipe: parsePipe(toks, 1), list: [] as Node[], else: undefined, line: actionLine } as Node & { list: Node[] };
        f.list.push(node);
        stack.push({ k: kw, node, list: node.list, inElse: false, chained: 0 });
        break;
      }
      case 'else': {
        if (f.k !== 'if' && f.k !== 'with' && f.k !== 'range') throw new TemplateError(`${where()}: unexpected {{else}}`);
        if (f.inElse) throw new TemplateError(`${where()}: expected end; found {{else}}`);
        const n = f.node as Node & { else: Node[] | undefined };
        n.else = [];
        f.inElse = true;
        if (toks[1]?.t === 'id' && (toks[1].v === 'if' || toks[1].v === 'with')) {
          if (toks[1].v !== f.k) throw new TemplateError(`${where()}: {{else ${toks[1].v}}} inside {{${f.k}}} is not supported`);
          const chained = { k: f.k, pipe: parsePipe(toks, 2), list: [] as Node[], else: undefined, line: actionLine } as Node & { list: Node[] };
          n.else.push(chained);
          stack.push({ k: f.k, node: chained, list: chained.list, inElse: false, chained: f.chained + 1 });
          // `else if` shares the outer `end`: mark the outer frame so `end` pops both.
        } else if (toks.length > 1) {
          throw new TemplateError(`${where()}: unexpected ${JSON.stringify(toks[1]?.v)} after else`);
        } else {
          f.list = n.else;
        }
        if (toks.length > 1) break;
        break;
      }
      case 'end': {
        if (f.k === 'root') throw new TemplateError(`${where()}: unexpected {{end}}`);
        let fr = stack.pop() as Frame;
        while (fr.chained > 0) fr = stack.pop() as Frame;
        if (fr.k === 'define' || fr.k === 'block') defines.set(fr.name as string, fr.list);
        break;
      }
      case 'define': case 'block': {
        if (toks[1]?.t !== 'str') throw new TemplateError(`${where()}: ${kw} needs a quoted template name`);
        const nm = toks[1].v;
        if (kw === 'define') {
          if (toks.length > 2) throw new TemplateError(`${where()}: unexpected ${JSON.stringify(toks[2]?.v)} in define clause`);
          if (stack.length > 1) throw new TemplateError(`${where()}: unexpected define inside ${f.k}`);
        } else {
          f.list.push({ k: 'template', name: nm, pipe: toks.length > 2 ? parsePipe(toks, 2) : undefined, line: actionLine });
        }
        stack.push({ k: kw, name: nm, list: [], inElse: false, chained: 0 });
        break;
      }
      case 'template': {
        if (toks[1]?.t !== 'str') throw new TemplateError(`${where()}: template needs a quoted template name`);
        f.list.push({ k: 'template', name: toks[1].v, pipe: toks.length > 2 ? parsePipe(toks, 2) : undefined, line: actionLine });
        break;
      }
      case 'break': case 'continue': {
        if (!stack.some((s) => s.k === 'range')) throw new TemplateError(`${where()}: {{${kw}}} outside {{range}}`);
        f.list.push({ k: kw, line: actionLine });
        break;
      }
      default:
        f.list.push({ k: 'action', pipe: parsePipe(toks, 0), line: actionLine });
    }
  }
  if (stack.length > 1) {
    const open = top();
    const at = open.node && 'line' in open.node ? ` at line ${open.node.line}` : '';
    throw new TemplateError(`template: ${name}:${(src.match(/\n/g) ?? []).length + 1}: unexpected EOF (the {{${open.k}}}${at} has no {{end}})`);
  }
  return { root, defines };
}

function describe(a: Arg): string {
  if (a.k === 'field') return `.${a.path.join('.')}`;
  if (a.k === 'var') return [a.name, ...a.path].join('.');
  if (a.k === 'lit') return JSON.stringify(a.value);
  return 'pipeline';
}

// --- evaluation -----------------------------------------------------------------------------

class Break { constructor(readonly kind: 'break' | 'continue') {} }

/** Go's truth: false, 0, nil, empty string, slice or map are false. */
export function truthy(v: Value): boolean {
  if (v === null || v === undefined || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Map) return v.size > 0;
  if (typeof v === 'object') return Object.keys(v).length > 0;
  return true;
}

/** Formats a number as Go's %v formats a float64 (values decoded from JSON/YAML are float64 in Helm). */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  const fixedExp = Number(n.toExponential().split('e')[1]);
  void exp;
  if (fixedExp < -4 || fixedExp >= 21) {
    const [m, e] = n.toExponential().split('e') as [string, string];
    const en = Number(e);
    return `${m}e${en < 0 ? '-' : '+'}${String(Math.abs(en)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's %v of a value (fmt.Sprint). */
export function printValue(v: Value): string {
  if (v === null || v === undefined) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return formatNumber(v);
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => (x === null || x === undefined ? '<nil>' : printValue(x))).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, Value>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${o[k] === null || o[k] === undefined ? '<nil>' : printValue(o[k])}`).join(' ')}]`;
  }
  return String(v);
}

interface Scope {
  vars: { name: string; value: Value }[];
}

export class Engine {
  readonly defines = new Map<string, Node[]>();
  private depth = 0;

  constructor(readonly funcs: ReadonlyMap<string, Fn>) {}

  /** Parses a file and registers its defines; returns its root for `execute`. */
  add(name: string, src: string): Node[] {
    const p = parseTemplate(name, src, this.funcs);
    for (const [k, v] of p.defines) this.defines.set(k, v);
    return p.root;
  }

  execute(name: string, root: Node[], dot: Value): string {
    const out: string[] = [];
    this.walk(name, root, dot, { vars: [{ name: '$', value: dot }] }, out);
    return out.join('');
  }

  /** Runs a named define (Helm's include / Go's template action). */
  run(file: string, name: string, dot: Value): string {
    const list = this.defines.get(name);
    if (!list) throw new TemplateError(`template: ${file}: no template ${JSON.stringify(name)} associated with template`);
    if (++this.depth > 1000) throw new TemplateError(`template: ${file}: exceeded max template depth (1000) running ${JSON.stringify(name)}`);
    try {
      const out: string[] = [];
      this.walk(file, list, dot, { vars: [{ name: '$', value: dot }] }, out);
      return out.join('');
    } finally {
      this.depth--;
    }
  }

  private walk(file: string, list: Node[], dot: Value, scope: Scope, out: string[]): void {
    const mark = scope.vars.length;
    try {
      for (const n of list) this.node(file, n, dot, scope, out);
    } finally {
      scope.vars.length = mark;
    }
  }

  private node(file: string, n: Node, dot: Value, scope: Scope, out: string[]): void {
    switch (n.k) {
      case 'text': out.push(n.text); return;
      case 'action': {
        const v = this.pipe(file, n.line, n.pipe, dot, scope);
        if (n.pipe.decl.length === 0) out.push(printValue(v));
        return;
      }
      case 'if': case 'with': {
        const mark = scope.vars.length;
        const v = this.pipe(file, n.line, n.pipe, dot, scope);
        if (truthy(v)) this.walk(file, n.list, n.k === 'with' ? v : dot, scope, out);
        else if (n.else) this.walk(file, n.else, dot, scope, out);
        scope.vars.length = mark;
        return;
      }
      case 'range': {
        const mark = scope.vars.length;
        const decl = n.pipe.decl;
        const v = this.pipe(file, n.line, { ...n.pipe, decl: [] }, dot, scope);
        let entries: [Value, Value][];
        if (v === null || v === undefined) entries = [];
        else if (Array.isArray(v)) entries = v.map((x, i) => [i, x]);
        else if (typeof v === 'number' && Number.isInteger(v)) entries = Array.from({ length: Math.max(0, v) }, (_, i) => [i, i]);
        else if (typeof v === 'object') entries = Object.keys(v as object).sort().map((k) => [k, (v as Record<string, Value>)[k]]);
        else throw new TemplateError(`template: ${file}:${n.line}: range can't iterate over ${printValue(v)}`);
        if (entries.length === 0) {
          if (n.else) this.walk(file, n.else, dot, scope, out);
          return;
        }
        for (const [k, x] of entries) {
          scope.vars.length = mark;
          if (decl.length === 1) scope.vars.push({ name: decl[0] as string, value: x });
          else if (decl.length === 2) scope.vars.push({ name: decl[0] as string, value: k }, { name: decl[1] as string, value: x });
          try {
            this.walk(file, n.list, x, scope, out);
          } catch (e) {
            if (e instanceof Break) {
              if (e.kind === 'break') break;
              continue;
            }
            throw e;
          }
        }
        scope.vars.length = mark;
        return;
      }
      case 'template': {
        const v = n.pipe ? this.pipe(file, n.line, n.pipe, dot, scope) : null;
        out.push(this.run(file, n.name, v));
        return;
      }
      case 'break': case 'continue': throw new Break(n.k);
    }
  }

  private pipe(file: string, line: number, p: Pipe, dot: Value, scope: Scope): Value {
    let v: Value = undefined;
    let first = true;
    for (const cmd of p.cmds) {
      v = this.command(file, line, cmd, dot, scope, first ? undefined : { v });
      first = false;
    }
    if (p.decl.length > 0) {
      if (p.assign) {
        const name = p.decl[0] as string;
        const slot = [...scope.vars].reverse().find((x) => x.name === name);
        if (!slot) throw new TemplateError(`template: ${file}:${line}: undefined variable: ${name}`);
        slot.value = v;
      } else {
        scope.vars.push({ name: p.decl[0] as string, value: v });
      }
    }
    return v;
  }

  private command(file: string, line: number, cmd: Arg[], dot: Value, scope: Scope, piped: { v: Value } | undefined): Value {
    const head = cmd[0] as Arg;
    if (head.k === 'fn' && (head.name === 'and' || head.name === 'or') && !piped) {
      // Go 1.18+: and/or stop evaluating their arguments once the result is known.
      let v: Value = undefined;
      for (const a of cmd.slice(1)) {
        v = this.arg(file, line, a, dot, scope);
        if (head.name === 'and' ? !truthy(v) : truthy(v)) return v;
      }
      return v;
    }
    if (head.k === 'fn') {
      const args = cmd.slice(1).map((a) => this.arg(file, line, a, dot, scope));
      if (piped) args.push(piped.v);
      const fn = this.funcs.get(head.name) as Fn;
      try {
        return fn(...args);
      } catch (e) {
        if (e instanceof TemplateError || e instanceof Break) throw e;
        throw new TemplateError(`template: ${file}:${line}: error calling ${head.name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (cmd.length > 1 || piped) {
      // A method call: the field must hold one of the engine's methods (Capabilities.APIVersions.Has, Files.Get).
      const method = head.k === 'field' || head.k === 'var' || head.k === 'pipe' ? this.arg(file, line, head, dot, scope, true) : undefined;
      if (typeof method !== 'function') {
        throw new TemplateError(`template: ${file}:${line}: can't give argument to non-function ${describe(head)} (methods other than .Capabilities.APIVersions.Has and .Files.Get are not supported by this engine)`);
      }
      const args = cmd.slice(1).map((a) => this.arg(file, line, a, dot, scope));
      if (piped) args.push(piped.v);
      try {
        return (method as Fn)(...args);
      } catch (e) {
        throw new TemplateError(`template: ${file}:${line}: error calling ${describe(head)}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return this.arg(file, line, head, dot, scope);
  }

  private arg(file: string, line: number, a: Arg, dot: Value, scope: Scope, asMethod = false): Value {
    switch (a.k) {
      case 'lit': return a.value;
      case 'fn': {
        const fn = this.funcs.get(a.name) as Fn;
        try {
          return fn();
        } catch (e) {
          if (e instanceof TemplateError) throw e;
          throw new TemplateError(`template: ${file}:${line}: error calling ${a.name}: ${e instanceof Error ? e.message : String(e)}`);
        }
      }
      case 'field': return this.fields(file, line, dot, a.path, asMethod);
      case 'var': {
        const slot = [...scope.vars].reverse().find((x) => x.name === a.name);
        if (!slot) throw new TemplateError(`template: ${file}:${line}: undefined variable: ${a.name}`);
        return this.fields(file, line, slot.value, a.path, asMethod);
      }
      case 'pipe': return this.fields(file, line, this.pipe(file, line, a.pipe, dot, scope), a.path, asMethod);
    }
  }

  private fields(file: string, line: number, v: Value, path: string[], asMethod: boolean): Value {
    let cur = v;
    for (const [i, key] of path.entries()) {
      // A method reached without arguments is called with none, as Go calls niladic methods.
      if (typeof cur === 'function' && i > 0) cur = (cur as Fn)();
      if (cur === null || cur === undefined) throw new TemplateError(`template: ${file}:${line}: nil pointer evaluating interface {}.${key}`);
      if (typeof cur !== 'object' || Array.isArray(cur)) throw new TemplateError(`template: ${file}:${line}: can't evaluate field ${key} in type ${goType(cur)}`);
      const o = cur as Record<string, Value>;
      cur = Object.prototype.hasOwnProperty.call(o, key) ? o[key] : undefined;
    }
    if (typeof cur === 'function' && !asMethod) cur = (cur as Fn)();
    return cur;
  }
}

export function goType(v: Value): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}
