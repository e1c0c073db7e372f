/** Where HSS lives: the region table of API-NOTES, or an explicit endpoint URL. */
import { HssError } from './errors';

export const REGIONS = [
  'cn-north-1',
  'cn-north-2',
  'cn-north-4',
  'cn-north-9',
  'cn-north-11',
  'cn-north-12',
  'cn-east-2',
  'cn-east-3',
  'cn-east-4',
  'cn-east-5',
  'cn-south-1',
  'cn-south-2',
  'cn-south-4',
  'cn-southwest-2',
  'cn-southwest-3',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'my-kualalumpur-1',
  'af-south-1',
  'na-mexico-1',
  'sa-brazil-1',
  'la-south-2',
  'la-north-2',
  'tr-west-1',
  'ae-ad-1',
  'me-east-1',
  'ru-moscow-1',
  'eu-west-101',
] as const;

/** The one region served from the .eu domain. */
const EU_REGION = 'eu-west-101';

export function serviceEndpoint(service: 'hss' | 'iam' | 'console', region: string): URL {
  const domain = region === EU_REGION ? 'myhuaweicloud.eu' : 'myhuaweicloud.com';
  return new URL(`https://${service}.${region}.${domain}`);
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * An explicit endpoint wins over the region. Plain http is refused unless the host is loopback,
 * because the token would cross the network in clear text.
 */
export function resolveEndpoint(
  options: { region?: string; endpoint?: string },
  service: 'hss' | 'iam' = 'hss',
): URL {
  const explicit = options.endpoint?.trim();
  if (explicit) {
    let url: URL;
    try {
      url = new URL(explicit);
    } catch {
      throw new HssError(
        'config',
        `The endpoint "${explicit}" is not a URL (expected for example https://hss.example.com).`,
      );
    }
    if (url.username || url.password) {
      throw new HssError('config', 'The endpoint must not contain a user name or password.');
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw new HssError(
        'config',
        `The endpoint ${url.origin} uses plain http; only https is allowed, except for a server on this machine (127.0.0.1).`,
      );
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      throw new HssError('config', `The endpoint must be an https URL, not ${url.protocol}.`);
    }
    url.search = '';
    url.hash = '';
    return url;
  }
  const region = options.region?.trim();
  if (!region) {
    throw new HssError('config', 'No region or endpoint is set.');
  }
  if (!(REGIONS as readonly string[]).includes(region)) {
    throw new HssError(
      'config',
      `"${region}" is not a known HSS region; set an endpoint URL for it instead.`,
    );
  }
  return serviceEndpoint(service, region);
}
