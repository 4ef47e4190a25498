/** Types of scripts/addin-build.js (the build's decisions, shared by webpack.config.js and the tests). */
import type { Compiler } from "webpack";

export declare const DEV_URL: string;
export declare const OFFICE_JS: string;
export declare const OFFICE_JS_21VIANET: string;
export declare const OFFICE_SCRIPT_ORIGINS: Record<string, string[]>;
export declare const TARGETS: Record<string, string>;
export declare const ES_LEVEL: 2017;
/** The built-ins src/polyfills.ts supplies, each with the ES5 test (true where missing) the pages run. */
export declare const POLYFILLED: Record<string, string>;
export declare const POLYFILLS_NEEDED: string;
export interface BootMessages {
  ie: string[];
  noOfficeJs: string[];
  officeSilent: string[];
  notStarted: string[];
  bundleMissing: string[];
}
export declare const BOOT_MESSAGES: BootMessages;
export declare function bootMessages(officeOrigin?: string): BootMessages;
export declare const OFFICE_TIMEOUT_MS: number;
export declare const CSP_PLACEHOLDER: string;

export interface Serve {
  /** The folder dist/ is served from, ending in "/". */
  href: string;
  /** Its origin, the production manifest's AppDomain. */
  origin: string;
}
export declare class ServeUrlError extends Error {}
export declare function serveUrl(value: string | undefined): Serve | undefined;
export declare function officeJsUrl(value: string | undefined): { href: string; origin: string };
export declare function officeScriptOrigins(html: string): string[];
export declare function manifestUrls(xml: string): { values: string[]; domains: string[] };
export declare function productionManifestProblems(xml: string, serve: Serve): string[];
export declare function productionManifest(xml: string, serve: Serve): string;
export declare function inlineScriptHashes(html: string): string[];
export declare function contentSecurityPolicy(html: string, options?: { dev?: boolean }): string;
export declare class ContentSecurityPolicyPlugin {
  constructor(options?: { dev?: boolean });
  apply(compiler: Compiler): void;
}
