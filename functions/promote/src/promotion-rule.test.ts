import { describe, expect, it } from 'vitest';
import { decidePromotion, type HeadToHead } from './promotion-rule.ts';

const h = (lower: number, estimate: number, upper: number): HeadToHead => ({
  metric: 'rmse_log1p',
  rows: 420,
  challenger: 0.5 + estimate,
  champion: 0.5,
  difference: { lower, estimate, upper },
  level: 0.95,
});

describe('decidePromotion', () => {
  it('promotes the first version when there is no champion', () => {
    expect(decidePromotion(undefined)).toMatchObject({ promote: true, reason: 'no model is in production: the first version becomes the champion' });
  });

  it('promotes only when the whole interval favours the challenger', () => {
    expect(decidePromotion(h(-0.05, -0.03, -0.01))).toMatchObject({
      promote: true,
      reason: "better: rmse_log1p 0.4700 against the champion's 0.5000 on 420 held-out rows; difference -0.03000 [-0.05000, -0.01000] at 95%, entirely below zero",
    });
  });

  it('rejects an improvement the interval does not support, and says so', () => {
    const decision = decidePromotion(h(-0.04, -0.01, 0.02));
    expect(decision.promote).toBe(false);
    expect(decision.reason).toMatch(/^not better beyond resampling noise: .* difference -0.01000 \[-0.04000, 0.02000\]/);
  });

  it('keeps the champion when too few held-out rows exist to compare', () => {
    expect(decidePromotion({ ...h(-0.5, -0.4, -0.3), rows: 12 })).toMatchObject({ promote: false, reason: expect.stringMatching(/^only 12 held-out rows/) });
  });

  it('rejects a worse challenger as worse', () => {
    expect(decidePromotion(h(0.01, 0.02, 0.03)).reason).toMatch(/^worse: /);
  });
});
