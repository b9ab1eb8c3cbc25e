import { statusCard } from '../../../bot/cards';
import type { TenantStatus } from '../../../shared/services/status-service';

const status = (warningDetails: { code: string; message: string }[]): TenantStatus => ({
  tenant: { id: 't', name: 'Contoso' },
  counts: null,
  lastSync: { at: '2026-11-28T10:00:00.000Z', warnings: warningDetails.length, warningDetails },
});
const texts = (card: Record<string, unknown>) => ((card.body as { text?: string }[]) ?? []).map((e) => e.text ?? '');

describe('the bot status card', () => {
  it('says what the last sync warned about, the first three in words and how many more', () => {
    const warnings = Array.from({ length: 5 }, (_, i) => ({ code: `w${i}`, message: `Warning number ${i}.` }));
    const body = texts(statusCard(status(warnings)));
    expect(body).toContain('Last sync 2026-11-28T10:00:00.000Z (5 warnings)');
    expect(body.filter((t) => t.startsWith('⚠'))).toEqual(['⚠ Warning number 0.', '⚠ Warning number 1.', '⚠ Warning number 2.']);
    expect(body.some((t) => t.startsWith('…and 2 more'))).toBe(true);
  });

  it('shows a tenant name and warnings from data as typed: never a link, cut to a card-sized length', () => {
    const hostile = { ...status([{ code: 'w', message: `[Sign in again](https://evil.example/login) ${'x'.repeat(1000)}` }]), tenant: { id: 't', name: '*Contoso* ![x](https://evil.example/p.png)' } };
    const body = texts(statusCard(hostile));
    expect(body[0]).toBe('Migration status: \\*Contoso\\* !\\[x\\](https://evil.example/p.png)');
    const warning = body.find((t) => t.startsWith('⚠'))!;
    expect(warning.startsWith('⚠ \\[Sign in again\\](https://evil.example/login) xxx')).toBe(true);
    expect(warning.length).toBeLessThan(320);
  });

  it('adds nothing when the sync had no warnings', () => {
    const body = texts(statusCard(status([])));
    expect(body.some((t) => t.startsWith('⚠') || t.startsWith('…and'))).toBe(false);
  });
});
