/** What the CLI prints from data: terminal controls shown as escapes, everything else as it is. */
import { forTerminal } from '../../../cli/cli-context';

describe('forTerminal', () => {
  it('shows escape sequences, bells, carriage returns, C1 controls and bidirectional overrides as visible escapes', () => {
    expect(forTerminal('Bob\u001b[31m red\u001b]0;owned\u0007')).toBe('Bob\\u{1b}[31m red\\u{1b}]0;owned\\u{7}');
    expect(forTerminal('paid\rrefunded')).toBe('paid\\u{d}refunded');
    expect(forTerminal('a\u0000b\u007fc\u009bd')).toBe('a\\u{0}b\\u{7f}c\\u{9b}d');
    expect(forTerminal('RTL \u202Efdp.exe \u2066x\u2069')).toBe('RTL \\u{202e}fdp.exe \\u{2066}x\\u{2069}');
  });

  it('keeps lines, tabs and the names people have', () => {
    const text = 'Zoë Ångström\t李雷\n  עברית \u200F(RLM) 🎧 São Paulo';
    expect(forTerminal(text)).toBe(text);
  });
});
