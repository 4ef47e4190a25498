/** Types of scripts/bundle-sizes.js. */
export interface BundleSize {
  file: string;
  gzipBytes: number;
  when: "initial" | "old webviews" | "on demand";
  loadedBy: string[];
}
export declare function pageScripts(html: string): string[];
export declare function bundleSizes(dist: string): BundleSize[];
export declare function initialLoad(
  dist: string,
  page: string
): { files: string[]; current: number; oldWebviews: number };
