export function electronBinary(options?: {
  tryDownload?: boolean;
}): { binary: string; reason?: undefined } | { binary?: undefined; reason: string };
