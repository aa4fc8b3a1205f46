/**
 * Whether `text` is the beginning of some valid JSON text that was cut off, i.e. every character read so far fits
 * the grammar and only the end is missing. Used after JSON.parse failed, to tell a truncated file (a crash or a
 * full disk on some other writer) from one whose bytes are wrong; engines word their parse errors differently,
 * so the answer cannot come from the error message.
 */
export function isJsonPrefix(text: string): boolean {
  const scanner = new PrefixScanner(text);
  return scanner.run();
}

type Expect = 'value' | 'firstKeyOrEnd' | 'key' | 'colon' | 'commaOrEnd' | 'firstValueOrEnd' | 'done';

class PrefixScanner {
  private pos = 0;
  /** Open containers, innermost last. */
  private readonly stack: ('{' | '[')[] = [];
  private expect: Expect = 'value';

  constructor(private readonly text: string) {}

  /** True when the whole text was consumed without a grammar error and the top-level value is still open. */
  run(): boolean {
    const { text } = this;
    while (this.pos < text.length) {
      const ch = text[this.pos];
      if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
        this.pos++;
        continue;
      }
      if (this.expect === 'done') return false; // trailing garbage after a complete value
      const step = this.step(ch);
      if (step === 'invalid') return false;
      if (step === 'end') return true; // ran out of input inside a token
    }
    return this.expect !== 'done';
  }

  private step(ch: string): 'ok' | 'invalid' | 'end' {
    switch (this.expect) {
      case 'firstKeyOrEnd':
        if (ch === '}') return this.close();
        return ch === '"' ? this.key() : 'invalid';
      case 'key':
        return ch === '"' ? this.key() : 'invalid';
      case 'colon':
        if (ch !== ':') return 'invalid';
        this.pos++;
        this.expect = 'value';
        return 'ok';
      case 'commaOrEnd': {
        const top = this.stack[this.stack.length - 1];
        if (ch === ',') {
          this.pos++;
          this.expect = top === '{' ? 'key' : 'value';
          return 'ok';
        }
        if ((top === '{' && ch === '}') || (top === '[' && ch === ']')) return this.close();
        return 'invalid';
      }
      case 'firstValueOrEnd':
        if (ch === ']') return this.close();
        return this.value(ch);
      case 'value':
        return this.value(ch);
      case 'done':
        return 'invalid';
    }
  }

  private value(ch: string): 'ok' | 'invalid' | 'end' {
    if (ch === '{' || ch === '[') {
      this.stack.push(ch);
      this.pos++;
      this.expect = ch === '{' ? 'firstKeyOrEnd' : 'firstValueOrEnd';
      return 'ok';
    }
    let result: 'ok' | 'invalid' | 'end';
    if (ch === '"') result = this.string();
    else if (ch === 't') result = this.literal('true');
    else if (ch === 'f') result = this.literal('false');
    else if (ch === 'n') result = this.literal('null');
    else if (ch === '-' || (ch >= '0' && ch <= '9')) result = this.number();
    else return 'invalid';
    if (result === 'ok') this.afterValue();
    return result;
  }

  private key(): 'ok' | 'invalid' | 'end' {
    const result = this.string();
    if (result === 'ok') this.expect = 'colon';
    return result;
  }

  private close(): 'ok' {
    this.stack.pop();
    this.pos++;
    this.afterValue();
    return 'ok';
  }

  private afterValue(): void {
    this.expect = this.stack.length === 0 ? 'done' : 'commaOrEnd';
  }

  /** At an opening quote. */
  private string(): 'ok' | 'invalid' | 'end' {
    const { text } = this;
    let i = this.pos + 1;
    while (i < text.length) {
      const ch = text[i];
      if (ch === '"') {
        this.pos = i + 1;
        return 'ok';
      }
      if (ch === '\\') {
        const next = text[i + 1];
        if (next === undefined) return 'end';
        if (next === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]*$/.test(hex)) return 'invalid';
          if (hex.length < 4) return 'end';
          i += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next)) return 'invalid';
        i += 2;
        continue;
      }
      if (ch.charCodeAt(0) < 0x20) return 'invalid'; // raw control characters are not allowed in JSON strings
      i++;
    }
    return 'end';
  }

  private literal(word: string): 'ok' | 'invalid' | 'end' {
    const rest = this.text.slice(this.pos, this.pos + word.length);
    if (!word.startsWith(rest)) return 'invalid';
    if (rest.length < word.length) return 'end';
    this.pos += word.length;
    return 'ok';
  }

  private number(): 'ok' | 'invalid' | 'end' {
    const match = /^-?[0-9.eE+-]*/.exec(this.text.slice(this.pos))!;
    const token = match[0];
    const atEnd = this.pos + token.length >= this.text.length;
    if (atEnd) {
      // A number at the very end may still be growing: it only has to be a prefix of a valid number.
      return /^-?$|^-?(0|[1-9][0-9]*)(\.|\.[0-9]+([eE][+-]?[0-9]*)?|[eE][+-]?[0-9]*)?$/.test(token) ? 'end' : 'invalid';
    }
    if (!/^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(token)) return 'invalid';
    this.pos += token.length;
    return 'ok';
  }
}
