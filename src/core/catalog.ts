/**
 * The validated catalog as the core sees it. Prices are exact decimal strings (USD per 1M tokens)
 * so that a catalog survives JSON round-trips (the built-in one is compiled to JSON at build time).
 */

declare const brand: unique symbol;
export type ModelId = string & { readonly [brand]: 'ModelId' };
export type ProviderKey = string & { readonly [brand]: 'ProviderKey' };

export interface PublishedPrices {
  readonly output: string;
  readonly input?: string;
  readonly cached_input?: string;
}

export type ModelPrices = PublishedPrices | 'unpublished';

export interface Model {
  readonly id: ModelId;
  readonly name: string;
  readonly provider: ProviderKey;
  readonly channel?: string;
  readonly aliases: readonly string[];
  readonly prices: ModelPrices;
  readonly source: string;
  readonly checked: string;
  readonly notes?: string;
}

export interface Channel {
  readonly name: string;
  readonly key_prefix?: string;
  readonly uptime_sla_pct?: number;
  readonly dedicated_capacity?: boolean;
  readonly dpa?: boolean;
  readonly invoicing?: string;
}

export interface RateLimit {
  readonly plan: string;
  readonly requests_per_minute: number;
}

export interface Provider {
  readonly name: string;
  readonly kind: 'aggregator' | 'direct' | 'host';
  readonly endpoint?: string;
  readonly models_available?: number;
  readonly source?: string;
  readonly credits?: { readonly expire_after_days: number | 'never' };
  readonly rate_limits?: readonly RateLimit[];
  readonly channels?: Readonly<Record<string, Channel>>;
}

export interface Catalog {
  readonly schema: 1;
  readonly version: string;
  readonly effective: string;
  readonly currency: 'USD';
  readonly defaults: { readonly candidates: readonly string[]; readonly baseline: string };
  readonly providers: Readonly<Record<string, Provider>>;
  readonly models: readonly Model[];
}

export interface CatalogInfo {
  readonly version: string;
  readonly effective: string;
}

export function catalogInfo(catalog: Catalog): CatalogInfo {
  return { version: catalog.version, effective: catalog.effective };
}
