import type { Configuration } from "webpack";
declare const config: Configuration;
export default config;
export declare const outputDir: string;
