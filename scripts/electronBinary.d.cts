export function electronBinary(probe?: {
  env?: Record<string, string | undefined>;
  platform?: string;
  packageDir?: string | null;
}): { binary: string; reason?: undefined } | { binary?: undefined; reason: string };
