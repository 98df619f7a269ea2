/** What activationProbe.ts (in the extension host) and the bench (outside it) agree on. */
import type { ActivationTiming } from '../../extension/src/extension.ts';

/** Environment variable naming the JSON file the probe writes its sample to. */
export const ACTIVATION_FILE_ENV = 'PROMPTSTACK_BENCH_ACTIVATION_FILE';

/** What one fresh activation cost, in ms. */
export interface ActivationSample extends ActivationTiming {
  /** `extension.activate()` as a caller sees it: loading extension.js, then `activate`. */
  callerMs: number;
  /** From the end of `activate()` to the language server answering `initialize`. */
  languageServerReadyMs: number;
  /** require() of the main bundle alone (a second, fresh load after activation). */
  moduleLoadMs: number;
  /** Whether the extension was already active before the probe asked (then the sample is void). */
  wasActive: boolean;
}
