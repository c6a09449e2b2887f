// Types for scripts/hosting.mjs (used by webpack.config.js and the tests).
export declare const DEV_URL: string;
export declare const PRODUCTION_ID: string;
export declare const NO_CACHE: string[];
export declare function productionUrl(value: string | undefined): string;
export declare function productionId(value: string | undefined): string;
export declare function productionManifest(xml: string, base: string, id?: string): string;
export declare function staticWebAppConfig(base: string): string;
export declare function webConfig(): string;
