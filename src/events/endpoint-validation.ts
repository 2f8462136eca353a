import { EVENT_TYPE_PATTERN, MAX_DESCRIPTION_CHARS, MAX_ENABLED_EVENTS, MAX_URL_CHARS, type EndpointInputFailure } from './types.ts';

/** Subscribes an endpoint to every event type. */
export const ALL_EVENTS = '*';

/**
 * A webhook URL is http or https, without user name or password (a secret in a
 * URL ends up in logs). This checks the form only; where the host leads is
 * checked by checkRegistrationUrl (destination.ts) and again at each delivery.
 */
export function validateUrl(url: string): EndpointInputFailure | undefined {
  if (url.length > MAX_URL_CHARS) return 'url_too_long';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'url_invalid';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'url_scheme_not_allowed';
  if (parsed.username !== '' || parsed.password !== '') return 'url_has_credentials';
  if (parsed.hostname === '') return 'url_invalid';
  return undefined;
}

export function validateEnabledEvents(enabledEvents: readonly string[]): EndpointInputFailure | undefined {
  if (enabledEvents.length === 0) return 'enabled_events_empty';
  if (enabledEvents.length > MAX_ENABLED_EVENTS) return 'too_many_enabled_events';
  for (const type of enabledEvents) {
    if (type !== ALL_EVENTS && !EVENT_TYPE_PATTERN.test(type)) return 'event_type_invalid';
  }
  return undefined;
}

export function validateDescription(description: string): EndpointInputFailure | undefined {
  if (description.length > MAX_DESCRIPTION_CHARS) return 'description_too_long';
  // PostgreSQL text cannot hold NUL.
  return description.includes('\u0000') ? 'description_invalid' : undefined;
}

/** The first failure among the fields given, or undefined when all are valid. */
export function validateEndpointInput(input: { url?: string; enabledEvents?: readonly string[]; description?: string }): EndpointInputFailure | undefined {
  return (
    (input.url === undefined ? undefined : validateUrl(input.url)) ??
    (input.enabledEvents === undefined ? undefined : validateEnabledEvents(input.enabledEvents)) ??
    (input.description === undefined ? undefined : validateDescription(input.description))
  );
}
