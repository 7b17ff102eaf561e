/**
 * "Today" as the backend's clock says (app.info), never the browser's: the payments that
 * are late, the purge due, a form's default date all follow one clock, which tests can pin
 * (PILOTE_CPO_TODAY). The page is only shown once app.info answered (UserGate), so the
 * fallback to the system clock only covers that first instant.
 */
import { toIso } from '../../../shared/domain/conventionYears';
import { useCall } from './queries';

export function useToday(): string {
  const info = useCall('app.info', {});
  return info.data?.today ?? toIso(new Date());
}
