import assert from 'node:assert/strict';
import {
  DEFAULT_MAX_ERROR_RATE_INCREASE,
  DEFAULT_MAX_LATENCY_INCREASE_MS,
  readExperimentSettings,
} from '../../src/features/experiments/experimentGuardrailSettings.ts';

describe('experiment settings', () => {
  it('fills every default for an empty or missing settings object', () => {
    const expected = {
      alpha: 0.05,
      minSamplePerArm: 50,
      maxErrorRateIncrease: DEFAULT_MAX_ERROR_RATE_INCREASE,
      maxLatencyIncreaseMs: DEFAULT_MAX_LATENCY_INCREASE_MS,
    };
    assert.deepEqual(readExperimentSettings({}), expected);
    assert.deepEqual(readExperimentSettings(null), expected);
    assert.deepEqual(readExperimentSettings('not an object'), expected);
  });

  it('keeps valid values, keeps null (a guardrail turned off), and ignores invalid ones', () => {
    assert.deepEqual(readExperimentSettings({ alpha: 0.01, minSamplePerArm: 200, maxErrorRateIncrease: null, maxLatencyIncreaseMs: 250, other: true }), {
      alpha: 0.01,
      minSamplePerArm: 200,
      maxErrorRateIncrease: null,
      maxLatencyIncreaseMs: 250,
    });
    const bad = readExperimentSettings({ alpha: 2, minSamplePerArm: 1.5, maxErrorRateIncrease: -1, maxLatencyIncreaseMs: 'fast' });
    assert.deepEqual(bad, { alpha: 0.05, minSamplePerArm: 50, maxErrorRateIncrease: 0, maxLatencyIncreaseMs: 500 });
  });
});
