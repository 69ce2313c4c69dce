import { renderToStaticMarkup } from 'react-dom/server';
import type { Figures } from '../../../../shared/contract/domains/production.ts';
import type { LineProduction } from '../../../../shared/domain/line.ts';
import { TileProduction } from '../../../../renderer/screens/overview/TileProduction.tsx';
import { OeeBreakdown } from '../../../../renderer/screens/line/OeeBreakdown.tsx';
import { i18n } from '../../../../renderer/i18n/instance.ts';

beforeEach(async () => {
  await i18n.changeLanguage('en');
});

const period = { kind: 'shift' as const, label: 'this shift', start: 0, end: 1 };
const warning = 'performance 134 % — check the ideal cycle time of Line 2 – Capping';

// Issue 14 #14: an OEE over 100 % is shown flagged, with its reason, never as a figure that looks valid.
describe('OEE above 100 % on screen', () => {
  const p: LineProduction = {
    orderId: null,
    ratePerMin: 80,
    targetRatePerMin: 90,
    shift: { id: 's', name: 'Early', start: 0, end: 1 },
    good: 383,
    reject: 4,
    availability: 0.9,
    performance: 1.34,
    quality: 0.99,
    oee: 1.19,
    downtime: null,
    uncodedCount: 0,
    gap: false,
    period,
    warning,
    heldParts: 0,
  };

  it('the tile names the period, flags the OEE and says why', () => {
    const html = renderToStaticMarkup(<TileProduction lineId="L2" p={p} live now={0} />);
    expect(html).toMatch(/>OEE (<!-- -->)?this shift</);
    expect(html).toContain('data-flagged="true"');
    expect(html).toContain('Not a valid OEE: performance 134% — check the line’s ideal cycle time');
  });

  it('in German: the period and the words, the reason in German from the figures (issue 18: it was the core\'s English)', async () => {
    await i18n.changeLanguage('de');
    const html = renderToStaticMarkup(<TileProduction lineId="L2" p={p} live now={0} />);
    expect(html).toMatch(/>OEE (<!-- -->)?diese Schicht</);
    expect(html).toContain('Keine gültige OEE: Leistung 134 % — bitte die ideale Taktzeit der Linie prüfen');
    expect(html).not.toContain('check the ideal cycle time');
    expect(html).toContain('Takt letzte Minute / Soll');
  });

  it('a plausible OEE is not flagged', () => {
    const html = renderToStaticMarkup(<TileProduction lineId="L2" p={{ ...p, performance: 0.9, oee: 0.8, warning: null }} live now={0} />);
    expect(html).toContain('data-flagged="false"');
    expect(html).not.toContain('Not a valid OEE');
  });

  it('the line view breakdown flags performance and OEE with the reason', () => {
    const f: Figures = { ...p, gapParts: 0, plannedMs: 1, runMs: 1, plannedDowntimeMs: 0, unplannedDowntimeMs: 0, uncodedCount: 0, period, warning, heldParts: 0 };
    const html = renderToStaticMarkup(<OeeBreakdown figures={f} testId="line-oee" />);
    expect(html).toContain('Not a valid OEE: performance 134% — check the line’s ideal cycle time');
    expect(html).toMatch(/data-testid="line-oee-performance">134\s%<span[^>]*> ⚠/);
    expect(html).toMatch(/>OEE (<!-- -->)?this shift</);
  });
});
