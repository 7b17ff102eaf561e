/**
 * The convention's dashboard screen (« Tableau de bord »). Placeholder that shows the year
 * cards until the dashboard proper (charts, deadlines, « À regarder ») replaces it.
 */
import type { ConventionDetail } from '../../../../shared/contract/conventions';
import { YearCards } from '../../components/YearCards';
import { useToday } from '../../lib/today';

export function DashboardTab({ convention }: { convention: ConventionDetail }) {
  const today = useToday();
  return <YearCards conventionId={convention.id} today={today} />;
}
