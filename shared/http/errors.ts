/** An error that becomes an HTTP response with this status and message. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface FieldError {
  field: string;
  message: string;
}

export const badRequest = (message: string, errors?: FieldError[]) =>
  new HttpError(400, message, errors ? { errors } : {});
export const unauthorized = (message = 'sign in to continue') =>
  new HttpError(401, message, {}, { 'www-authenticate': 'Bearer' });
export const forbidden = (message = 'your role may not do this') => new HttpError(403, message);
/** Also used for records the caller may not see, so their existence is not revealed. */
export const notFound = (message = 'not found') => new HttpError(404, message);
export const conflict = (message: string, details: Record<string, unknown> = {}) => new HttpError(409, message, details);
export const payloadTooLarge = (limit: number) => new HttpError(413, `request body is larger than ${limit} bytes`);
export const serviceUnavailable = (retryAfterSeconds = 1) =>
  new HttpError(503, 'the service is busy; try again shortly', {}, { 'retry-after': String(retryAfterSeconds) });
