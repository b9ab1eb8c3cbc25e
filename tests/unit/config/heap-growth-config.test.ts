/**
 * HEAP_GROWING_PERCENT as the server reads it: bounded growth by default, 0 to leave V8's heuristics
 * alone, and a bad value stops the server with the variable's name (its effect on memory is measured
 * by the serving benchmark, not here).
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../../shared/config/app-config';

const local = (env: Record<string, string> = {}) => loadConfig({ APP_MODE: 'local', ...env });

describe('HEAP_GROWING_PERCENT', () => {
  it('defaults to 50 and accepts 0 (V8 decides)', () => {
    expect(local().heapGrowingPercent).toBe(50);
    expect(local({ HEAP_GROWING_PERCENT: '0' }).heapGrowingPercent).toBe(0);
    expect(local({ HEAP_GROWING_PERCENT: '100' }).heapGrowingPercent).toBe(100);
  });

  it.each(['-1', '1.5', 'half', '1001'])('refuses %s', (value) => {
    expect(() => local({ HEAP_GROWING_PERCENT: value })).toThrow(ConfigError);
    expect(() => local({ HEAP_GROWING_PERCENT: value })).toThrow(/HEAP_GROWING_PERCENT must be a whole number from 0 to 1000/);
  });

  it('the server process exits 2 on a bad value, before listening', async () => {
    const root = path.resolve(__dirname, '..', '..', '..');
    const { code, output } = await new Promise<{ code: number | null; output: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', '--local'], {
        cwd: root,
        env: { ...process.env, HEAP_GROWING_PERCENT: 'lots', PORT: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      child.on('error', reject);
      child.on('exit', (exitCode) => resolve({ code: exitCode, output: text }));
    });
    expect(code).toBe(2);
    expect(output).toContain('HEAP_GROWING_PERCENT must be a whole number');
    expect(output).not.toContain('Health:');
  });
});
