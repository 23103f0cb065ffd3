// The web console's options: apart from index.ts so that AppOptions (src/app-types.ts) can carry them
// without importing the console.
import type { SignInThrottleOptions } from './throttle.js';

export interface ConsoleOptions {
  /** The brake on guessing sign-ins (defaults in DEFAULT_SIGN_IN_THROTTLE). */
  signInThrottle?: Partial<SignInThrottleOptions>;
  /** For tests: the clock the sign-in throttle reads (the app's clock). */
  clock?: () => Date;
}
