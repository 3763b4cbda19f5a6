import { ResponseError } from '@backstage/errors';

/** The backend's own message for a failed request (for example why an expiry is refused), else the error's. */
export function backendMessage(error: Error): string {
  if (error instanceof ResponseError && error.body?.error?.message) {
    return error.body.error.message;
  }
  return error.message;
}
