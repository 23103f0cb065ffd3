/** The account every request lands in unless its credentials name another. */
export const DEFAULT_ACCOUNT_ID = '123456789012';

/** The built-in credentials of the default account's administrator (its root identity). */
export const DEFAULT_ACCESS_KEY_ID = 'test';
export const DEFAULT_SECRET_ACCESS_KEY = 'test';

export const PARTITION = 'aws';
