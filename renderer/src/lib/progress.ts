/** The latest progress event of long backend work whose job id starts with `prefix`. */
import { useEffect, useState } from 'react';
import type { AppEvent } from '../../../shared/contract';
import { onEvent } from './api';

type Progress = Extract<AppEvent, { type: 'progress' }>;

export function useProgress(prefix: string, active: boolean): Progress | null {
  const [progress, setProgress] = useState<Progress | null>(null);
  useEffect(() => {
    if (!active) return undefined;
    const stop = onEvent((event) => {
      if (event.type === 'progress' && event.jobId.startsWith(prefix)) setProgress(event);
    });
    return () => {
      stop();
      setProgress(null);
    };
  }, [prefix, active]);
  return progress;
}
