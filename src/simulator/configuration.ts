import { SUPPORTED_MEASURANDS, type CommandConfirmations } from './messages.ts';

/**
 * The station's configuration keys: a small subset of the OCPP 1.6 standard
 * keys (§9.1 "Core Profile"), enough for a central system to read the station
 * and change how often it reports. Values are strings on the wire; each key
 * says how its value is checked.
 */
type Kind = { type: 'integer'; min: number; max: number } | { type: 'boolean' } | { type: 'measurands' } | { type: 'text' };

interface KeySpec {
  readonly: boolean;
  kind: Kind;
}

const KEYS = {
  HeartbeatInterval: { readonly: false, kind: { type: 'integer', min: 0, max: 86_400 } },
  MeterValueSampleInterval: { readonly: false, kind: { type: 'integer', min: 0, max: 86_400 } },
  MeterValuesSampledData: { readonly: false, kind: { type: 'measurands' } },
  NumberOfConnectors: { readonly: true, kind: { type: 'integer', min: 1, max: 99 } },
  AuthorizeRemoteTxRequests: { readonly: false, kind: { type: 'boolean' } },
  LocalAuthorizeOffline: { readonly: false, kind: { type: 'boolean' } },
  AllowOfflineTxForUnknownId: { readonly: false, kind: { type: 'boolean' } },
  StopTransactionOnInvalidId: { readonly: false, kind: { type: 'boolean' } },
  TransactionMessageAttempts: { readonly: false, kind: { type: 'integer', min: 1, max: 10 } },
  SupportedFeatureProfiles: { readonly: true, kind: { type: 'text' } },
} as const satisfies Record<string, KeySpec>;

export type ConfigurationKey = keyof typeof KEYS;
const KEY_NAMES = Object.keys(KEYS) as ConfigurationKey[];
const isKey = (key: string): key is ConfigurationKey => Object.hasOwn(KEYS, key);

/** OCPP 1.6 §5.8: a GetConfiguration.req may name at most this many keys (GetConfigurationMaxKeys, which this station reports as 20). */
const MAX_KEYS_PER_REQUEST = 20;

export interface InitialConfiguration {
  heartbeatIntervalS: number;
  meterValueSampleIntervalS: number;
  connectorCount: number;
  /** AllowOfflineTxForUnknownId and LocalAuthorizeOffline: whether sessions may start while offline. */
  authorizeOffline: boolean;
}

function valid(kind: Kind, value: string): boolean {
  switch (kind.type) {
    case 'integer': {
      if (!/^\d{1,9}$/.test(value)) return false;
      const n = Number(value);
      return n >= kind.min && n <= kind.max;
    }
    case 'boolean':
      return value === 'true' || value === 'false';
    case 'measurands':
      return value.split(',').every((m) => (SUPPORTED_MEASURANDS as readonly string[]).includes(m.trim()));
    case 'text':
      return value.length <= 500;
    default: {
      const unknown: never = kind;
      throw new Error(`unknown key kind ${JSON.stringify(unknown)}`);
    }
  }
}

export class StationConfiguration {
  private readonly values: Record<ConfigurationKey, string>;
  /** Called after a key changed, so the station can apply it (restart a timer). */
  onChange: (key: ConfigurationKey) => void = () => {};

  constructor(initial: InitialConfiguration) {
    this.values = {
      HeartbeatInterval: String(initial.heartbeatIntervalS),
      MeterValueSampleInterval: String(initial.meterValueSampleIntervalS),
      MeterValuesSampledData: SUPPORTED_MEASURANDS.join(','),
      NumberOfConnectors: String(initial.connectorCount),
      AuthorizeRemoteTxRequests: 'false',
      LocalAuthorizeOffline: String(initial.authorizeOffline),
      AllowOfflineTxForUnknownId: String(initial.authorizeOffline),
      StopTransactionOnInvalidId: 'true',
      TransactionMessageAttempts: '3',
      SupportedFeatureProfiles: 'Core,RemoteTrigger',
    };
    for (const key of KEY_NAMES) {
      if (!valid(KEYS[key].kind, this.values[key])) throw new Error(`initial configuration ${key}=${this.values[key]} is not valid`);
    }
  }

  text(key: ConfigurationKey): string {
    return this.values[key];
  }

  integer(key: ConfigurationKey): number {
    return Number(this.values[key]);
  }

  flag(key: ConfigurationKey): boolean {
    return this.values[key] === 'true';
  }

  /** Set by the station itself (the heartbeat interval from BootNotification.conf), readonly keys included. */
  setInternally(key: ConfigurationKey, value: string): void {
    if (!valid(KEYS[key].kind, value)) throw new Error(`${key}=${value} is not valid`);
    this.values[key] = value;
    this.onChange(key);
  }

  /** GetConfiguration (OCPP 1.6 §5.8): every key when none is named; unknown names are listed back. */
  get(keys: readonly string[] | undefined): CommandConfirmations['GetConfiguration'] {
    const wanted = keys === undefined || keys.length === 0 ? KEY_NAMES : keys.slice(0, MAX_KEYS_PER_REQUEST);
    const configurationKey = wanted.filter(isKey).map((key) => ({ key, readonly: KEYS[key].readonly, value: this.values[key] }));
    const unknownKey = wanted.filter((key) => !isKey(key));
    return unknownKey.length === 0 ? { configurationKey } : { configurationKey, unknownKey };
  }

  /** ChangeConfiguration (OCPP 1.6 §5.3): NotSupported for an unknown key, Rejected for a readonly key or a bad value. */
  change(key: string, value: string): CommandConfirmations['ChangeConfiguration'] {
    if (!isKey(key)) return { status: 'NotSupported' };
    const spec: KeySpec = KEYS[key];
    if (spec.readonly || !valid(spec.kind, value)) return { status: 'Rejected' };
    this.values[key] = value;
    this.onChange(key);
    return { status: 'Accepted' };
  }
}
