/** The service and CLI version; the build checks it against package.json. */
export const VERSION = '0.1.0';

/** The Satellite protocol versions this service accepts (client `electric.<major>.<minor>`). */
export const MIN_PROTOCOL_VERSION = '0.10.0';
export const MAX_PROTOCOL_VERSION = '0.12.1';
