import { describe, expect, it } from 'vitest';
import { StartRunRequestSchema, defaultCompareScenario } from '../../shared/scenario';
import { isTrustedSender, validatedHandler } from './ipc-handler';

const trusted = { fileUrl: 'file:///opt/VirtLab/resources/app/out/renderer/index.html' };

describe('isTrustedSender', () => {
  it('accepts only the app window main frame', () => {
    expect(isTrustedSender({ url: trusted.fileUrl, isMainFrame: true }, trusted)).toBe(true);
    expect(isTrustedSender({ url: `${trusted.fileUrl}#compare`, isMainFrame: true }, trusted)).toBe(true);
    expect(isTrustedSender({ url: trusted.fileUrl, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/evil.html', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'https://example.com/', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender(null, trusted)).toBe(false);
  });

  it('accepts the dev server only when one is configured', () => {
    const dev = { ...trusted, devOrigin: 'http://localhost:5173' };
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5174/', isMainFrame: true }, dev)).toBe(false);
  });
});

describe('validatedHandler', () => {
  const calls: unknown[] = [];
  const handler = validatedHandler(
    'virtlab:run:start',
    StartRunRequestSchema,
    (request) => {
      calls.push(request);
      if (request.seed === 13) throw new Error('unlucky seed');
      return { runId: 1 };
    },
    (sender) => sender?.url === 'file:///app/index.html',
  );
  const window = { url: 'file:///app/index.html', isMainFrame: true };

  it('passes a valid payload to the handler', async () => {
    const payload = { scenario: defaultCompareScenario(), seed: 1, speed: 60 };
    await expect(handler(window, payload)).resolves.toEqual({ ok: true, value: { runId: 1 } });
  });

  it('refuses an untrusted sender without calling the handler', async () => {
    calls.length = 0;
    const result = await handler({ url: 'https://evil.example/', isMainFrame: true }, {});
    expect(result).toEqual({
      ok: false,
      error: 'virtlab:run:start: refused, the sender is not the VirtLab window',
    });
    expect(calls).toHaveLength(0);
  });

  it('names each bad field with its allowed range', async () => {
    const scenario = defaultCompareScenario();
    scenario.hosts.cores = 0;
    const result = await handler(window, { scenario: { ...scenario, horizonS: 1e9 }, seed: -1, speed: 60 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toContain('scenario.hosts.cores: host cores must be at least 1');
    expect(result.error).toContain('scenario.horizonS: horizon (s) must be at most 604800');
    expect(result.error).toContain('seed: seed must be at least 0');
  });

  it('returns a handler failure as an error result', async () => {
    const result = await handler(window, { scenario: defaultCompareScenario(), seed: 13, speed: 0 });
    expect(result).toEqual({ ok: false, error: 'unlucky seed' });
  });
});
