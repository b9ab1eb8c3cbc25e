/**
 * A small PowerShell tokenizer for tests (pwsh is not installable here): separates single-quoted
 * literals, double-quoted strings and comments from code, the way PowerShell's tokenizer does for
 * these constructs (all four single-quote characters, doubled quotes, backtick escapes in double
 * quotes, # and <# #> comments). Enough to prove that every plan value sits inside a literal.
 */
const SQ = new Set(["'", '\u2018', '\u2019', '\u201A', '\u201B']);
const DQ = new Set(['"', '\u201C', '\u201D', '\u201E']);

export interface PsScan {
  /** Decoded contents of the single-quoted literals. */
  literals: string[];
  doubleQuoted: string[];
  /** Everything outside literals, strings and comments. */
  code: string;
  errors: string[];
}

export function scanPowerShell(text: string): PsScan {
  const literals: string[] = [];
  const doubleQuoted: string[] = [];
  const errors: string[] = [];
  let code = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (SQ.has(c)) {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const d = text[j];
        if (SQ.has(d)) {
          if (j + 1 < text.length && SQ.has(text[j + 1])) {
            value += text[j + 1];
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += d;
        j++;
      }
      if (!closed) errors.push(`unterminated single-quoted string at ${i}`);
      literals.push(value);
      code += ' \u0001 ';
      i = j + 1;
      continue;
    }
    if (DQ.has(c)) {
      let value = '';
      let j = i + 1;
      let closed = false;
      while (j < text.length) {
        const d = text[j];
        if (d === '`') {
          value += text.slice(j, j + 2);
          j += 2;
          continue;
        }
        if (DQ.has(d)) {
          if (j + 1 < text.length && DQ.has(text[j + 1])) {
            value += d;
            j += 2;
            continue;
          }
          closed = true;
          break;
        }
        value += d;
        j++;
      }
      if (!closed) errors.push(`unterminated double-quoted string at ${i}`);
      doubleQuoted.push(value);
      code += ' \u0002 ';
      i = j + 1;
      continue;
    }
    if (c === '<' && text[i + 1] === '#') {
      const end = text.indexOf('#>', i + 2);
      if (end < 0) errors.push(`unterminated block comment at ${i}`);
      i = end < 0 ? text.length : end + 2;
      code += ' ';
      continue;
    }
    if (c === '#') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
      continue;
    }
    if (c === '`') {
      // A backtick escapes the next character in code (line continuation); generated code uses none.
      errors.push(`backtick in code at ${i}`);
    }
    code += c;
    i++;
  }
  const pairs: Record<string, string> = { ')': '(', '}': '{', ']': '[' };
  const stack: string[] = [];
  for (const ch of code) {
    if (ch === '(' || ch === '{' || ch === '[') stack.push(ch);
    else if (ch in pairs) {
      if (stack.pop() !== pairs[ch]) {
        errors.push(`unbalanced ${ch}`);
        break;
      }
    }
  }
  if (stack.length) errors.push(`unclosed ${stack.join('')}`);
  return { literals, doubleQuoted, code, errors };
}
